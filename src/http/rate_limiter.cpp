#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace supplyhub::http {

RatePolicy RateLimiter::PolicyFor(const Identity& who) const {
  bool partner = who.client_id != 0;
  std::lock_guard lock(mutex_);
  auto it = overrides_.find({who.org_id, partner});
  if (it != overrides_.end()) return it->second;
  if (!partner) return FirstParty();
  return who.sandbox ? PartnerSandbox() : PartnerProduction();
}

void RateLimiter::Override(int64_t org, bool partner, RatePolicy policy) {
  std::lock_guard lock(mutex_);
  overrides_[{org, partner}] = policy;
}

RateDecision RateLimiter::Take(const Identity& who) {
  RateDecision d;
  d.policy = PolicyFor(who);
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace({who.org_id, who.client_id}, Bucket{static_cast<double>(d.policy.capacity), now});
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.at).count();
  b.tokens = std::min(static_cast<double>(d.policy.capacity), b.tokens + elapsed * d.policy.refill_per_second);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
  } else {
    d.allowed = false;
    d.retry_after_seconds = static_cast<int64_t>(std::ceil((1 - b.tokens) / d.policy.refill_per_second));
  }
  d.remaining = static_cast<int64_t>(std::floor(b.tokens));
  d.reset_seconds =
      static_cast<int64_t>(std::ceil((static_cast<double>(d.policy.capacity) - b.tokens) / d.policy.refill_per_second));
  return d;
}

void RateLimiter::AddHeaders(const RateDecision& d, Response& response) {
  std::string limit = std::to_string(d.policy.capacity);
  std::string remaining = std::to_string(d.remaining);
  std::string reset = std::to_string(d.reset_seconds);
  // The window in which a full pool refills, as the IETF draft's "w".
  auto window = static_cast<int64_t>(std::ceil(static_cast<double>(d.policy.capacity) / d.policy.refill_per_second));
  response.AddHeader("RateLimit-Policy", limit + ";w=" + std::to_string(window));
  response.AddHeader("RateLimit", "limit=" + limit + ", remaining=" + remaining + ", reset=" + reset);
  response.AddHeader("X-RateLimit-Limit", limit);
  response.AddHeader("X-RateLimit-Remaining", remaining);
  response.AddHeader("X-RateLimit-Reset", reset);
}

}  // namespace supplyhub::http
