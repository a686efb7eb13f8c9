#pragma once
// The body of an OAuth endpoint: form-encoded (RFC 6749) or JSON (seed 003's
// first-party clients), as a flat name -> value map.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace supplyhub::features {

using Form = std::map<std::string, std::string>;

// Nothing when the content type is neither, or the body does not parse.
std::optional<Form> ParseOAuthForm(std::string_view content_type, std::string_view body);

}  // namespace supplyhub::features
