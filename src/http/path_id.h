#pragma once
// The numeric id in a route's path ("/v1/parts/{id}"): a positive 64-bit
// integer, all digits, or a 404 naming what was looked for. Any other text is
// no row of ours, whatever the caller meant by it.
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "http/handler.h"

namespace supplyhub::http {

// `what` names the thing in the 404: "No part with id 'x'".
Result<int64_t> PathId(std::string_view raw, std::string_view what);

// The organization in the path ("/v1/organizations/{id}/…", the first
// parameter) must be the one the request acts in (the token's, or the one a
// login token selected): no token reaches past it. Else a 404.
Result<int64_t> PathOrganization(const RequestContext& c);

}  // namespace supplyhub::http
