#include "features/oauth/oauth_form.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "core/json_limits.h"
#include "http/query_string.h"

namespace supplyhub::features {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

}  // namespace

std::optional<Form> ParseOAuthForm(std::string_view content_type, std::string_view body) {
  Form form;
  if (StartsWith(content_type, "application/x-www-form-urlencoded")) {
    auto params = http::ParseQuery(body);
    if (!params) return std::nullopt;
    for (auto& [k, v] : *params) form[k] = v;
    return form;
  }
  if (StartsWith(content_type, "application/json")) {
    auto doc = ParseUntrustedJson(body);
    if (!doc || !doc->is_object()) return std::nullopt;
    // Parameters are strings; anything else is kept as its JSON text.
    for (const auto& [k, v] : doc->items()) form[k] = v.is_string() ? v.get<std::string>() : v.dump();
    return form;
  }
  return std::nullopt;
}

}  // namespace supplyhub::features
