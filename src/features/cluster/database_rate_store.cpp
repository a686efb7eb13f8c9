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

}  // namespace

Task<Result<http::RateGrant>> DatabaseRateStore::Take(int64_t org, int64_t client, http::RatePolicy policy,
                                                       int64_t want) {
  http::RateGrant grant;
  auto wrote = co_await db_.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value p[] = {storage::Value{org}, storage::Value{client}, storage::Value{policy.capacity},
                          storage::Value{policy.refill_per_second}, storage::Value{want}};
    auto r = co_await tx.Execute(kTake, p, [&](const storage::Row& row) {
      grant.granted = row.Int(0);
      grant.level = row.Double(1);
    });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return grant;
}

}  // namespace supplyhub::features
