#include "http/envelope.h"

#include "core/json_writer.h"
#include "core/log.h"

namespace supplyhub::http {

Response Success(int status, std::string_view data_json, std::string_view meta_json) {
  Response r;
  r.status = status;
  r.body.reserve(data_json.size() + meta_json.size() + 80);
  r.body += R"({"status":"success","message":")";
  r.body += kSuccessMessage;
  r.body += '"';
  if (!meta_json.empty()) {
    r.body += R"(,"meta":)";
    r.body += meta_json;
  }
  r.body += R"(,"data":)";
  r.body += data_json;
  r.body += '}';
  return r;
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict:
    case ErrorCode::kInvalidTransition:
    case ErrorCode::kInsufficientStock:
    case ErrorCode::kImmutable:
    case ErrorCode::kIdempotencyKeyInFlight: return 409;
    case ErrorCode::kPreconditionFailed: return 412;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kValidation:
    case ErrorCode::kIdempotencyKeyReused: return 422;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {

void WriteFields(JsonWriter& w, const FieldErrors& fields) {
  w.StartObject();
  for (const auto& [name, messages] : fields) {
    w.Key(name).StartArray();
    for (const auto& m : messages) w.String(m);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

Response ErrorResponse(const Error& error, std::string_view request_id) {
  Response r;
  r.status = HttpStatus(error.code);
  std::string_view message = error.message;
  if (error.code == ErrorCode::kInternal) {
    // Details go to the log, never to the client.
    log::Error("internal error", {{"request_id", request_id}, {"detail", error.message}});
    message = "Internal server error";
  }
  JsonWriter w;
  w.StartObject().Key("status").String("error").Key("message").String(message);
  w.Key("error").StartObject().Key("code").String(ErrorCodeName(error.code));
  if (!error.fields.empty()) WriteFields(w.Key("fields"), error.fields);
  if (!error.rows.empty()) {
    w.Key("rows").StartArray();
    for (const RowError& row : error.rows) {
      w.StartObject().Key("index").Int(static_cast<int64_t>(row.index));
      WriteFields(w.Key("fields"), row.fields);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject().Key("request_id").String(request_id).EndObject();
  r.body = w.Take();
  if (error.retry_after_seconds > 0) r.AddHeader("Retry-After", std::to_string(error.retry_after_seconds));
  return r;
}

}  // namespace supplyhub::http
