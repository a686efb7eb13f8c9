#include "features/webhooks/retry_schedule.h"

#include <algorithm>
#include <ctime>
#include <string>

namespace supplyhub::features {

std::optional<int64_t> RetryDelay(int64_t attempts, std::optional<int64_t> retry_after, double jitter) {
  if (attempts < 1 || attempts >= kMaxAttempts) return std::nullopt;
  auto base = static_cast<double>(kRetryDelays[attempts]) * 1000;
  auto delay = static_cast<int64_t>(base + base * 0.1 * std::clamp(jitter, -1.0, 1.0));
  if (retry_after) delay = std::max(delay, std::min(*retry_after, kMaxRetryAfter) * 1000);
  return std::max<int64_t>(delay, 0);
}

std::optional<int64_t> ParseRetryAfter(std::string_view v, int64_t now) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n')) v.remove_suffix(1);
  if (v.empty() || v.size() > 64) return std::nullopt;
  if (v.find_first_not_of("0123456789") == std::string_view::npos)
    return v.size() > 9 ? kMaxRetryAfter : std::stoll(std::string(v));
  std::tm tm{};  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  std::string text(v);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(timegm(&tm)) - now);
}

bool SlowsDown(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

}  // namespace supplyhub::features
