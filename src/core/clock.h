#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace supplyhub {

// Current UTC time as RFC 3339 with milliseconds: 2026-11-22T10:15:30.123Z
std::string NowRfc3339();
int64_t NowUnixSeconds();
// A monotonic clock in milliseconds, for intervals and durations (not a date).
int64_t SteadyMillis();
// "2026-11-22T10:15:30Z" (fraction and a ±hh:mm offset allowed) or unix
// seconds as digits, into unix seconds; nullopt when it is neither.
std::optional<int64_t> ParseTimestamp(std::string_view text);
// Unix seconds as RFC 3339 without fraction: 2026-11-22T10:15:30Z
std::string UnixToRfc3339(int64_t unix_seconds);

}  // namespace supplyhub
