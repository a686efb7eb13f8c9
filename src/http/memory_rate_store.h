#pragma once
// Token buckets in this process, for a node that shares them with no other
// (SQLite). Completes without suspending; buckets that have refilled are
// dropped now and then, so keys chosen by clients cannot grow it forever.
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "http/rate_store.h"

namespace supplyhub::http {

class MemoryRateStore final : public RateStore {
 public:
  Task<Result<RateGrant>> Take(RateKey key, RatePolicy policy, int64_t want) override;
  Task<Result<void>> Refill(RateKey key) override;
  size_t size();

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    double tokens = 0;
    Clock::time_point at;
    Clock::time_point full_at;  // from then on it equals a missing bucket
  };
  struct KeyHash {
    size_t operator()(const RateKey& k) const { return std::hash<int64_t>()(k.scope * 1000003 ^ k.id); }
  };
  void SweepFull(Clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<RateKey, Bucket, KeyHash> buckets_;
  size_t sweep_at_size_ = 1024;
};

}  // namespace supplyhub::http
