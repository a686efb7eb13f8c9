#pragma once
// Shared rate-limit buckets in PostgreSQL: one UNLOGGED row per bucket,
// refilled and taken from in one upsert (the row lock makes it atomic across
// nodes), timed by the database's clock so node clocks need not agree.
#include "http/rate_store.h"
#include "storage/database.h"

namespace supplyhub::features {

class DatabaseRateStore final : public http::RateStore {
 public:
  explicit DatabaseRateStore(storage::Database& db) : db_(db) {}
  Task<Result<http::RateGrant>> Take(int64_t org, int64_t client, http::RatePolicy policy, int64_t want) override;

 private:
  storage::Database& db_;
};

}  // namespace supplyhub::features
