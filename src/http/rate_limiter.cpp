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

void RateLimiter::ShareBuckets(RateStore* store, bool fail_open) {
  shared_ = store;
  outage_ = std::make_unique<StoreOutage>("rate-limit", fail_open);
}

void RateLimiter::Override(int64_t org, bool partner, RatePolicy policy) {
  std::lock_guard lock(mutex_);
  overrides_[{org, partner}] = policy;
}

namespace {

// Headers for `left` tokens in the caller's view (shared level + own lease).
void Describe(RateDecision& d, double left) {
  d.remaining = static_cast<int64_t>(std::floor(left));
  d.reset_seconds = static_cast<int64_t>(
      std::ceil(std::max(0.0, static_cast<double>(d.policy.capacity) - left) / d.policy.refill_per_second));
}

}  // namespace

std::optional<RateDecision> RateLimiter::TryTake(const Identity& who) {
  RatePolicy policy = PolicyFor(who);
  if (!shared_) return TakeLocal(who, policy);
  std::lock_guard lock(mutex_);
  Lease& lease = leases_[{who.org_id, who.client_id}];
  if (lease.capacity != policy.capacity) lease = Lease{0, 0, policy.capacity};  // a new policy voids it
  if (lease.tokens == 0) return std::nullopt;
  --lease.tokens;
  RateDecision d;
  d.policy = policy;
  Describe(d, lease.level + static_cast<double>(lease.tokens));
  return d;
}

RateDecision RateLimiter::TakeLocal(const Identity& who, RatePolicy policy) {
  RateDecision d;
  d.policy = policy;
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
  Describe(d, b.tokens);
  return d;
}

Task<RateDecision> RateLimiter::TakeShared(const Identity& who) {
  RateDecision d;
  d.policy = PolicyFor(who);
  const RatePolicy& policy = d.policy;
  const int64_t want = std::max<int64_t>(1, policy.capacity / 50);
  // While the store is down, only one request a second probes it; the
  // others are decided at once without building an error.
  const bool skip = outage_->Skip();
  Result<RateGrant> grant = RateGrant{};
  if (!skip) grant = co_await shared_->Take(RateKey{who.org_id, who.client_id}, policy, want);
  if (skip || !grant) {
    if (!skip) outage_->Failed(grant.error());
    if (outage_->fail_open()) {
      d.remaining = policy.capacity;
      co_return d;
    }
    d.allowed = false;
    d.unavailable = true;
    d.retry_after_seconds = StoreOutage::kRetryAfterSeconds;
    co_return d;
  }
  outage_->Succeeded();
  std::lock_guard lock(mutex_);
  Lease& lease = leases_[{who.org_id, who.client_id}];
  if (lease.capacity != policy.capacity) lease = Lease{0, 0, policy.capacity};
  lease.level = grant->level;
  if (grant->granted == 0) {
    d.allowed = false;
    d.retry_after_seconds =
        std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1 - grant->level) / policy.refill_per_second)));
  } else {
    lease.tokens += grant->granted - 1;
  }
  Describe(d, lease.level + static_cast<double>(lease.tokens));
  co_return d;
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
