#pragma once
// Shared token buckets in PostgreSQL: one UNLOGGED row per bucket, refilled
// and taken from in one upsert (the row lock makes it atomic across nodes),
// timed by the database's clock so node clocks need not agree. Buckets of
// other kinds than rate limits (negative scopes: keys chosen by clients,
// such as login names) are pruned once they have refilled.
#include <chrono>
#include <map>
#include <mutex>

#include "http/rate_store.h"
#include "storage/database.h"

namespace supplyhub::features {

class DatabaseRateStore final : public http::RateStore {
 public:
  explicit DatabaseRateStore(storage::Database& db) : db_(db) {}
  Task<Result<http::RateGrant>> Take(http::RateKey key, http::RatePolicy policy, int64_t want) override;
  Task<Result<void>> Refill(http::RateKey key) override;

 private:
  Task<Result<http::RateGrant>> Look(http::RateKey key, http::RatePolicy policy);
  bool PruneDue(int64_t scope);

  storage::Database& db_;
  std::mutex prune_mutex_;
  std::map<int64_t, std::chrono::steady_clock::time_point> pruned_at_;  // per negative scope
};

}  // namespace supplyhub::features
