#include "features/webhooks/webhook_handlers.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/json_limits.h"
#include "features/events/event_scope.h"
#include "features/webhooks/endpoint_spec.h"
#include "http/envelope.h"
#include "http/path_id.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

constexpr std::string_view kRead = "read:webhooks", kWrite = "write:webhooks";

// {"since": "<RFC 3339 or unix seconds>"}, required.
constexpr const char* kSinceSchema =
    R"({"type":"object","properties":{"since":{"type":["string","integer"],"description":"RFC 3339 or unix seconds"}},)"
    R"("required":["since"],"additionalProperties":false})";
Result<int64_t> SinceBody(std::string_view body) {
  auto parsed = ParseUntrustedJson(body);
  if (!parsed) return Fail(parsed.error());
  FieldErrors fields;
  std::optional<int64_t> since;
  if (!parsed->is_object()) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON object");
  for (const auto& [key, value] : parsed->items()) {
    if (key != "since") fields[key].push_back("is not a field of this request (since)");
    else if (value.is_string()) since = ParseTimestamp(value.get<std::string>());
    else if (value.is_number_integer()) since = value.get<int64_t>();
    if (key == "since" && !since) fields["since"].push_back("must be an RFC 3339 time or unix seconds");
  }
  if (!since && fields.empty()) fields["since"].push_back("is required");
  if (!fields.empty()) {
    Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
    e.fields = std::move(fields);
    return Fail(std::move(e));
  }
  return *since;
}

// An endpoint receives whole rows: it may subscribe only to events its
// creator may read (event_scope.h); no event_types on create means "*".
Result<void> CheckSubscription(const EndpointSpec& spec, const http::Identity& who, bool create) {
  if (!spec.event_types && !create) return {};
  std::string scope;
  std::string type = UnreadableEventType(spec.event_types.value_or(std::vector<std::string>{"*"}), who, &scope);
  if (type.empty()) return {};
  return Fail(ErrorCode::kForbidden, "This token cannot subscribe to " + type + ": its events carry rows that need " +
                                         scope + ", which it does not hold");
}

using Call = std::function<Task<Result<std::string>>(RequestContext&, int64_t id)>;

// A route on one endpoint: parses {id}, answers `status` with what `call` returns.
http::Handler OnEndpoint(int status, Call call) {
  return [status, call = std::move(call)](RequestContext& c) -> Task<Result<Response>> {
    auto id = http::PathId(c.params[0], "webhook endpoint");
    if (!id) co_return Fail(id.error());
    auto out = co_await call(c, *id);
    if (!out) co_return Fail(out.error());
    co_return http::Success(status, *out);
  };
}

}  // namespace

void AddWebhookRoutes(http::Router& router, WebhookService& hooks) {
  auto opts = [](bool json, std::string_view scope, std::string summary, bool secret = false, std::string body = "") {
    http::RouteOptions o{json, true, std::string(scope), std::move(summary)};
    o.no_store = secret;
    o.request_schema = std::move(body);
    return o;
  };
  for (std::string prefix : {"/v1", "/api/v1"}) {
    const std::string base = prefix + "/webhook_endpoints", one = base + "/{id}";
    router.Add("POST", base, [&hooks](RequestContext& c) -> Task<Result<Response>> {
      auto spec = ParseEndpointSpec(c.request.body, true);
      if (!spec) co_return Fail(spec.error());
      if (auto allowed = CheckSubscription(*spec, *c.identity, true); !allowed) co_return Fail(allowed.error());
      auto out = co_await hooks.Create(c.org_id, !c.identity->sandbox, std::move(*spec));
      if (!out) co_return Fail(out.error());
      co_return http::Success(201, *out);
    }, opts(true, kWrite, "Subscribe an endpoint to events (its secret is shown once)", true, EndpointSpecSchema(true)));
    router.Add("GET", base, [&hooks](RequestContext& c) -> Task<Result<Response>> {
      auto out = co_await hooks.List(c.org_id);
      if (!out) co_return Fail(out.error());
      co_return http::Success(200, *out);
    }, opts(false, kRead, "Webhook endpoints of this organization"));
    router.Add("GET", one, OnEndpoint(200, [&hooks](RequestContext& c, int64_t id) { return hooks.Get(c.org_id, id); }),
               opts(false, kRead, "One webhook endpoint"));
    router.Add("PATCH", one, OnEndpoint(200, [&hooks](RequestContext& c, int64_t id) -> Task<Result<std::string>> {
      auto spec = ParseEndpointSpec(c.request.body, false);
      if (!spec) co_return Fail(spec.error());
      if (auto allowed = CheckSubscription(*spec, *c.identity, false); !allowed) co_return Fail(allowed.error());
      co_return co_await hooks.Update(c.org_id, !c.identity->sandbox, id, std::move(*spec));
    }), opts(true, kWrite, "Change a webhook endpoint (enabled: true starts it again from now)", false,
             EndpointSpecSchema(false)));
    router.Add("DELETE", one, OnEndpoint(200, [&hooks](RequestContext& c, int64_t id) { return hooks.Delete(c.org_id, id); }),
               opts(false, kWrite, "Delete a webhook endpoint, its messages and attempts"));
    router.Add("POST", one + "/rotate_secret",
               OnEndpoint(200, [&hooks](RequestContext& c, int64_t id) { return hooks.RotateSecret(c.org_id, id); }),
               opts(false, kWrite,
                    "A new secret (shown once); the one it replaces signs for the overlap, older ones no more; "
                    "10 an hour",
                    true));
    for (bool enable : {true, false}) {
      router.Add("POST", one + (enable ? "/enable" : "/disable"),
                 OnEndpoint(200, [&hooks, enable](RequestContext& c, int64_t id) {
                   EndpointSpec spec;
                   spec.enabled = enable;
                   return hooks.Update(c.org_id, !c.identity->sandbox, id, std::move(spec));
                 }),
                 opts(false, kWrite, enable ? "Enable an endpoint" : "Disable an endpoint"));
    }
    router.Add("POST", one + "/test",
               OnEndpoint(202, [&hooks](RequestContext& c, int64_t id) { return hooks.SendTest(c.org_id, id); }),
               opts(false, kWrite, "Send a webhook_endpoint.test event to this endpoint"));
    router.Add("POST", one + "/recover", OnEndpoint(202, [&hooks](RequestContext& c, int64_t id) -> Task<Result<std::string>> {
      auto since = SinceBody(c.request.body);
      if (!since) co_return Fail(since.error());
      co_return co_await hooks.Recover(c.org_id, id, *since);
    }), opts(true, kWrite, "Send every failed message since a time again", false, kSinceSchema));
    router.Add("POST", one + "/replay_missing", OnEndpoint(202, [&hooks](RequestContext& c, int64_t id) -> Task<Result<std::string>> {
      auto since = SinceBody(c.request.body);
      if (!since) co_return Fail(since.error());
      co_return co_await hooks.ReplayMissing(c.org_id, id, *since);
    }), opts(true, kWrite, "Send the events since a time this endpoint never got a message for", false, kSinceSchema));
    router.Add("POST", one + "/messages/{event_id}/resend",
               OnEndpoint(202, [&hooks](RequestContext& c, int64_t id) -> Task<Result<std::string>> {
                 auto event = http::PathId(c.params[1], "event");
                 if (!event) co_return Fail(event.error());
                 co_return co_await hooks.Resend(c.org_id, id, *event);
               }),
               opts(false, kWrite, "Send one event to this endpoint again"));
    for (bool attempts : {true, false}) {
      router.Add("GET", one + (attempts ? "/attempts" : "/messages"), [&hooks, attempts](RequestContext& c) -> Task<Result<Response>> {
        auto id = http::PathId(c.params[0], "webhook endpoint");
        if (!id) co_return Fail(id.error());
        auto params = http::ParseQuery(c.request.query);
        if (!params) co_return Fail(params.error());
        Result<LogJson> log = LogJson{};  // (no co_await inside ?: — GCC 12 destroys its result twice)
        if (attempts) log = co_await hooks.Attempts(c.org_id, *id, *params);
        else log = co_await hooks.Messages(c.org_id, *id, *params);
        if (!log) co_return Fail(log.error());
        co_return http::Success(200, log->data, log->meta);
      }, opts(false, kRead, attempts ? "Delivery attempts (status code, duration, response excerpt, next retry)"
                                     : "Messages (one per event) and their delivery status"));
    }
  }
}

}  // namespace supplyhub::features
