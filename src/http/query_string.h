#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace supplyhub::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes "a=1&b=x%20y" (with '+' as space). Bad percent-escapes are kBadRequest.
Result<QueryParams> ParseQuery(std::string_view query);
std::string PercentEncode(std::string_view s);

}  // namespace supplyhub::http
