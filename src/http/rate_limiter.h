#pragma once
// Token buckets per organization and caller audience (seed 001). Partner
// apps (OAuth clients) get the seed's pools: sandbox 10, +1 every 10 s;
// production 20, +1 every 4 s. First-party traffic (login and API tokens)
// has its own, larger pool. Policies can be overridden per organization.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "http/handler.h"

namespace supplyhub::http {

struct RatePolicy {
  int64_t capacity = 600;
  double refill_per_second = 100;
};

struct RateDecision {
  bool allowed = true;
  RatePolicy policy;
  int64_t remaining = 0;
  int64_t reset_seconds = 0;        // until the bucket is full again
  int64_t retry_after_seconds = 0;  // when refused: until one request is allowed
};

class RateLimiter {
 public:
  explicit RateLimiter(RatePolicy first_party = {600, 100}) : first_party_(first_party) {}
  RatePolicy FirstParty() const { return first_party_; }
  static RatePolicy PartnerSandbox() { return {10, 0.1}; }
  static RatePolicy PartnerProduction() { return {20, 0.25}; }

  RatePolicy PolicyFor(const Identity& who) const;
  RateDecision Take(const Identity& who);
  // Overrides for one organization; `partner` selects the audience.
  void Override(int64_t org, bool partner, RatePolicy policy);
  // Adds RateLimit-Policy, RateLimit and X-RateLimit-* to a response.
  static void AddHeaders(const RateDecision& d, Response& response);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  const RatePolicy first_party_;
  mutable std::mutex mutex_;
  struct KeyHash {
    size_t operator()(const std::pair<int64_t, int64_t>& k) const {
      return std::hash<int64_t>()(k.first * 1000003 ^ k.second);
    }
  };
  std::unordered_map<std::pair<int64_t, int64_t>, Bucket, KeyHash> buckets_;  // (org, client)
  std::map<std::pair<int64_t, bool>, RatePolicy> overrides_;
};

}  // namespace supplyhub::http
