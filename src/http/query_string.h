#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace supplyhub::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Longer query strings are refused before any decoding: no route needs more,
// and parameters pile up work further on (one SQL term per list filter).
inline constexpr size_t kMaxQueryLength = 4096;

// Decodes "a=1&b=x%20y" (with '+' as space). Bad percent-escapes, and more
// than kMaxQueryLength bytes, are kBadRequest.
Result<QueryParams> ParseQuery(std::string_view query, size_t max_length = kMaxQueryLength);
// A form-encoded body: the same syntax; its size is bounded by the body limit.
inline Result<QueryParams> ParseFormBody(std::string_view body) { return ParseQuery(body, body.size()); }
// "application/x-www-form-urlencoded" (parameters after ';' allowed).
bool IsFormContentType(std::string_view content_type);
std::string PercentEncode(std::string_view s);

}  // namespace supplyhub::http
