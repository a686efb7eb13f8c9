#include "http/memory_rate_store.h"

#include <algorithm>
#include <cmath>

namespace supplyhub::http {

Task<Result<RateGrant>> MemoryRateStore::Take(RateKey key, RatePolicy policy, int64_t want) {
  auto now = Clock::now();
  auto cap = static_cast<double>(policy.capacity);
  std::lock_guard lock(mutex_);
  RateGrant grant;
  auto it = buckets_.find(key);
  double tokens = cap;
  if (it != buckets_.end())
    tokens = std::min(cap, it->second.tokens + std::chrono::duration<double>(now - it->second.at).count() *
                                                   policy.refill_per_second);
  if (tokens >= 1) grant.granted = std::min<int64_t>(want, static_cast<int64_t>(std::floor(tokens)));
  grant.level = tokens - static_cast<double>(grant.granted);
  if (want > 0) {
    if (it == buckets_.end()) {
      if (buckets_.size() >= sweep_at_size_) SweepFull(now);
      it = buckets_.try_emplace(key).first;
    }
    auto refill = std::chrono::duration<double>((cap - grant.level) / policy.refill_per_second);
    it->second = Bucket{grant.level, now, now + std::chrono::duration_cast<Clock::duration>(refill)};
  }
  co_return grant;
}

Task<Result<void>> MemoryRateStore::Refill(RateKey key) {
  std::lock_guard lock(mutex_);
  buckets_.erase(key);
  co_return Result<void>{};
}

size_t MemoryRateStore::size() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void MemoryRateStore::SweepFull(Clock::time_point now) {
  std::erase_if(buckets_, [now](const auto& entry) { return entry.second.full_at <= now; });
  sweep_at_size_ = std::max<size_t>(1024, buckets_.size() * 2);  // amortized: sweeps get rarer as it grows
}

}  // namespace supplyhub::http
