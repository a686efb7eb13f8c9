#include "features/webhooks/endpoint_spec.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_limits.h"
#include "schema/event_types.h"

namespace supplyhub::features {
namespace {

constexpr size_t kMaxPatterns = 100, kMaxFilterFields = 20, kMaxHeaders = 20;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Headers the delivery sets itself: an endpoint cannot replace them.
bool IsReservedHeader(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  return name.starts_with("webhook-") || name == "content-type" || name == "content-length" || name == "host" ||
         name == "transfer-encoding" || name == "connection" || name == "user-agent" || name == "expect" ||
         name == "te" || name == "upgrade";
}

}  // namespace

std::string EndpointSpec::EventTypesJson() const {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : event_types.value_or(std::vector<std::string>{"*"})) a.push_back(t);
  return a.dump();
}

Result<EndpointSpec> ParseEndpointSpec(std::string_view body, bool create) {
  auto parsed = ParseUntrustedJson(body);
  if (!parsed) return Fail(parsed.error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON object");
  EndpointSpec s;
  FieldErrors fields;
  for (const auto& [key, v] : doc.items()) {
    auto bad = [&fields, &key](std::string m) { fields[key].push_back(std::move(m)); };
    if (key == "url") {
      if (v.is_string()) s.url = v.get<std::string>();
      else bad("must be a string");
    } else if (key == "description") {
      if (v.is_null()) s.description = "";
      else if (v.is_string() && v.get<std::string>().size() <= 1000) s.description = v.get<std::string>();
      else bad("must be a string of at most 1000 characters");
    } else if (key == "event_types" || key == "filter_types") {  // Svix calls them filterTypes
      if (!v.is_array() || v.empty() || v.size() > kMaxPatterns) {
        bad("must be an array of 1 to 100 event types or patterns (part.created, part.*, *)");
        continue;
      }
      std::vector<std::string> types;
      for (const auto& t : v) {
        if (t.is_string() && schema::IsEventPattern(t.get<std::string>())) types.push_back(t.get<std::string>());
        else bad("names no event type: " + t.dump().substr(0, 80) + " (see GET /v1/event_types)");
      }
      s.event_types = std::move(types);
    } else if (key == "filter") {
      if (v.is_null()) {
        s.filter = "";
      } else if (!v.is_object() || v.empty() || v.size() > kMaxFilterFields ||
                 std::any_of(v.begin(), v.end(), [](const nlohmann::json& x) { return x.is_structured(); })) {
        bad("must be an object of 1 to 20 fields, each a string, number, boolean or null to match data.object");
      } else {
        s.filter = v.dump();
      }
    } else if (key == "headers") {
      if (!v.is_object() || v.size() > kMaxHeaders) {
        bad("must be an object of at most 20 header names and string values");
        continue;
      }
      for (const auto& [name, value] : v.items()) {
        if (name.empty() || name.size() > 100 || !std::all_of(name.begin(), name.end(), IsTokenChar))
          bad("'" + name.substr(0, 100) + "' is not a header name");
        else if (IsReservedHeader(name))
          bad("'" + name + "' is set by the delivery itself");
        else if (!value.is_string() || value.get<std::string>().size() > 1024 ||
                 value.get<std::string>().find_first_of("\r\n") != std::string::npos)
          bad("the value of '" + name + "' must be a single-line string of at most 1024 characters");
      }
      s.headers = v.dump();
    } else if (key == "enabled" || key == "ordered") {
      if (!v.is_boolean()) bad("must be true or false");
      else (key == "enabled" ? s.enabled : s.ordered) = v.get<bool>();
    } else if (key == "rate_limit") {
      if (v.is_null()) s.rate_limit = 0;
      else if (v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= 100000) s.rate_limit = v.get<int64_t>();
      else bad("must be deliveries per second from 1 to 100000, or null for no limit");
    } else if (key == "max_in_flight") {
      if (v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= kMaxInFlightLimit)
        s.max_in_flight = v.get<int64_t>();
      else bad("must be an integer from 1 to " + std::to_string(kMaxInFlightLimit));
    } else {
      bad("is not a field of a webhook endpoint");
    }
  }
  if (create && !s.url && !fields.count("url")) fields["url"].push_back("is required");
  if (!fields.empty()) {
    Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
    e.fields = std::move(fields);
    return Fail(std::move(e));
  }
  return s;
}

std::string EndpointSpecSchema(bool create) {
  nlohmann::json types = {{"type", "array"}, {"minItems", 1}, {"maxItems", kMaxPatterns}, {"items", {{"type", "string"}}}};
  nlohmann::json scalar = {{"type", {"string", "number", "boolean", "null"}}};
  nlohmann::json schema = {
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"url", {{"type", "string"}, {"format", "uri"}}},
        {"description", {{"type", {"string", "null"}}, {"maxLength", 1000}}},
        {"event_types", types},
        {"filter_types", types},
        {"filter", {{"type", {"object", "null"}}, {"maxProperties", kMaxFilterFields}, {"additionalProperties", scalar}}},
        {"headers", {{"type", "object"}, {"maxProperties", kMaxHeaders},
                     {"additionalProperties", {{"type", "string"}, {"maxLength", 1024}}}}},
        {"enabled", {{"type", "boolean"}}},
        {"ordered", {{"type", "boolean"}}},
        {"rate_limit", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 100000}}},
        {"max_in_flight", {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxInFlightLimit}}}}}};
  if (create) schema["required"] = {"url"};
  return schema.dump();
}

}  // namespace supplyhub::features
