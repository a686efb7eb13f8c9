#include "features/cluster/database_rate_store.h"

namespace supplyhub::features {
namespace {

// $1 org, $2 client, $3 capacity, $4 refill per second, $5 tokens wanted.
// SET expressions see the row as it was, so `level` is computed from the
// old tokens in each; a new bucket starts full.
constexpr const char* kTake =
    "WITH now AS (SELECT EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION AS t) "
    "INSERT INTO rate_buckets (org_id, client_id, tokens, updated_at, granted) "
    "SELECT $1, $2, $3 - LEAST($5, $3), t, LEAST($5, $3) FROM now "
    "ON CONFLICT (org_id, client_id) DO UPDATE SET "
    "granted = CASE WHEN LEAST($3, rate_buckets.tokens + GREATEST(0, excluded.updated_at - rate_buckets.updated_at) * $4) >= 1 "
    "  THEN LEAST($5, FLOOR(LEAST($3, rate_buckets.tokens + GREATEST(0, excluded.updated_at - rate_buckets.updated_at) * $4)))"
    "  ELSE 0 END, "
    "tokens = LEAST($3, rate_buckets.tokens + GREATEST(0, excluded.updated_at - rate_buckets.updated_at) * $4) - "
    "  CASE WHEN LEAST($3, rate_buckets.tokens + GREATEST(0, excluded.updated_at - rate_buckets.updated_at) * $4) >= 1 "
    "  THEN LEAST($5, FLOOR(LEAST($3, rate_buckets.tokens + GREATEST(0, excluded.updated_at - rate_buckets.updated_at) * $4)))"
    "  ELSE 0 END, "
    "updated_at = excluded.updated_at "
    "RETURNING granted, tokens";

// $1 org, $2 client, $3 capacity, $4 refill per second: the level, no row when full.
constexpr const char* kLook =
    "SELECT LEAST($3, tokens + GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION - updated_at) * $4) "
    "FROM rate_buckets WHERE org_id = $1 AND client_id = $2";

// $1 scope, $2 seconds in which an empty bucket refills: the rows that are full again.
constexpr const char* kPrune =
    "DELETE FROM rate_buckets WHERE org_id = $1 AND "
    "updated_at < EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION - $2";

constexpr auto kPruneInterval = std::chrono::minutes(1);

}  // namespace

Task<Result<http::RateGrant>> DatabaseRateStore::Take(http::RateKey key, http::RatePolicy policy, int64_t want) {
  if (want == 0) co_return co_await Look(key, policy);
  const bool prune = key.scope < 0 && PruneDue(key.scope);
  http::RateGrant grant;
  auto wrote = co_await db_.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value p[] = {storage::Value{key.scope}, storage::Value{key.id}, storage::Value{policy.capacity},
                          storage::Value{policy.refill_per_second}, storage::Value{want}};
    auto r = co_await tx.Execute(kTake, p, [&](const storage::Row& row) {
      grant.granted = row.Int(0);
      grant.level = row.Double(1);
    });
    if (!r) co_return Fail(r.error());
    if (prune) {
      storage::Value q[] = {storage::Value{key.scope},
                            storage::Value{static_cast<double>(policy.capacity) / policy.refill_per_second}};
      if (auto pruned = co_await tx.Execute(kPrune, q); !pruned) co_return Fail(pruned.error());
    }
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return grant;
}

Task<Result<http::RateGrant>> DatabaseRateStore::Look(http::RateKey key, http::RatePolicy policy) {
  http::RateGrant grant{0, static_cast<double>(policy.capacity)};
  auto read = co_await db_.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value p[] = {storage::Value{key.scope}, storage::Value{key.id}, storage::Value{policy.capacity},
                          storage::Value{policy.refill_per_second}};
    auto r = co_await tx.Execute(kLook, p, [&](const storage::Row& row) { grant.level = row.Double(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return grant;
}

Task<Result<void>> DatabaseRateStore::Refill(http::RateKey key) {
  co_return co_await db_.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value p[] = {storage::Value{key.scope}, storage::Value{key.id}};
    auto r = co_await tx.Execute("DELETE FROM rate_buckets WHERE org_id = $1 AND client_id = $2", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
}

// Once a minute per scope and node: cheap, and bounds the table by what
// clients can create in one refill period.
bool DatabaseRateStore::PruneDue(int64_t scope) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(prune_mutex_);
  auto [it, fresh] = pruned_at_.try_emplace(scope, now);
  if (!fresh && now - it->second < kPruneInterval) return false;
  it->second = now;
  return !fresh;  // not at once after start-up
}

}  // namespace supplyhub::features
