#pragma once
// Token buckets per organization and caller audience (seed 001). Partner
// apps (OAuth clients) get the seed's pools: sandbox 10, +1 every 10 s;
// production 20, +1 every 4 s. First-party traffic (login and API tokens)
// has its own, larger pool. Policies can be overridden per organization.
//
// Alone, a node keeps its buckets in memory. With a shared RateStore, a node
// takes tokens from the shared bucket in small leases (1/50 of the pool, so
// exactly one at a time for pools under 100) and spends them locally: the
// nodes together stay within the policy at about one store call per lease.
// When the store fails, requests are allowed or refused per StoreOutage.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "core/task.h"
#include "http/handler.h"
#include "http/rate_store.h"
#include "http/store_outage.h"

namespace supplyhub::http {

struct RateDecision {
  bool allowed = true;
  RatePolicy policy;
  int64_t remaining = 0;
  int64_t reset_seconds = 0;        // until the bucket is full again
  int64_t retry_after_seconds = 0;  // when refused: until one request is allowed
  bool unavailable = false;         // refused because the shared store is down (fail-closed)
};

class RateLimiter {
 public:
  explicit RateLimiter(RatePolicy first_party = {600, 100}) : first_party_(first_party) {}
  // Buckets in `store` (shared by every node) instead of in memory; while it
  // fails, requests are allowed (`fail_open`) or refused as unavailable.
  void ShareBuckets(RateStore* store, bool fail_open = true);
  RatePolicy FirstParty() const { return first_party_; }
  static RatePolicy PartnerSandbox() { return {10, 0.1}; }
  static RatePolicy PartnerProduction() { return {20, 0.25}; }

  RatePolicy PolicyFor(const Identity& who) const;
  // Decides from memory (local buckets, or a lease on the shared one) when
  // it can: no coroutine on the request path. nullopt: ask TakeShared.
  std::optional<RateDecision> TryTake(const Identity& who);
  // Takes a lease from the shared store, then decides.
  Task<RateDecision> TakeShared(const Identity& who);
  // Overrides for one organization; `partner` selects the audience.
  void Override(int64_t org, bool partner, RatePolicy policy);
  // Adds RateLimit-Policy, RateLimit and X-RateLimit-* to a response.
  static void AddHeaders(const RateDecision& d, Response& response);

 private:
  RateDecision TakeLocal(const Identity& who, RatePolicy policy);

  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  struct Lease {
    int64_t tokens = 0;  // taken from the shared bucket, not yet spent
    double level = 0;    // the shared bucket's level when last seen
    int64_t capacity = 0;  // of the policy it was taken under: a new policy voids it
  };
  const RatePolicy first_party_;
  mutable std::mutex mutex_;
  struct KeyHash {
    size_t operator()(const std::pair<int64_t, int64_t>& k) const {
      return std::hash<int64_t>()(k.first * 1000003 ^ k.second);
    }
  };
  std::unordered_map<std::pair<int64_t, int64_t>, Bucket, KeyHash> buckets_;  // (org, client)
  std::unordered_map<std::pair<int64_t, int64_t>, Lease, KeyHash> leases_;
  std::map<std::pair<int64_t, bool>, RatePolicy> overrides_;
  RateStore* shared_ = nullptr;
  std::unique_ptr<StoreOutage> outage_;  // with shared_
};

}  // namespace supplyhub::http
