#pragma once
// When a failed delivery goes out again: after attempt n (1-based) wait
// kRetryDelays[n] seconds (±10 % jitter), never sooner than a Retry-After the
// receiver sent; after the last one the message has failed for good.
#include <cstdint>
#include <optional>
#include <string_view>

namespace supplyhub::features {

// immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over ~28 h.
inline constexpr int64_t kRetryDelays[] = {0, 5, 300, 1800, 7200, 18000, 36000, 36000};
inline constexpr int64_t kMaxAttempts = sizeof kRetryDelays / sizeof kRetryDelays[0];
inline constexpr int64_t kMaxRetryAfter = 24 * 3600;
// An endpoint failing without a success this long is disabled.
inline constexpr int64_t kDisableAfterFailingSeconds = 5 * 86400;

// Milliseconds until the next attempt after `attempts` failed ones; nullopt:
// give up. `jitter` in [-1, 1] scales ±10 %; `retry_after` is in seconds.
std::optional<int64_t> RetryDelay(int64_t attempts, std::optional<int64_t> retry_after, double jitter);
// A Retry-After value: delay seconds or an HTTP date, as seconds from `now`.
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now);
// 429, 502, 503 and 504 ask the sender to slow down: the endpoint pauses.
bool SlowsDown(int status);

}  // namespace supplyhub::features
