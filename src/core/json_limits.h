#pragma once
// The one nesting limit for every JSON document the server reads from the
// network. Checked by an iterative byte scan before any parser sees the
// document, so no recursive walk (parse, dump, destroy) meets deep input.
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/error.h"

namespace supplyhub {

inline constexpr int kMaxJsonDepth = 64;

// kBadRequest when arrays/objects nest deeper than kMaxJsonDepth.
Result<void> CheckJsonDepth(std::string_view json);

// Untrusted JSON into nlohmann's DOM: depth checked, no exceptions; any
// failure is kBadRequest with a message for the client.
Result<nlohmann::json> ParseUntrustedJson(std::string_view json);

}  // namespace supplyhub
