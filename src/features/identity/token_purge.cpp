#include "features/identity/token_purge.h"

#include "core/clock.h"
#include "core/log.h"

namespace supplyhub::features {

Task<Result<void>> PurgeExpiredTokens(storage::Database& db) {
  int64_t removed = 0;
  auto wrote = co_await db.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value cutoff[] = {storage::Value{NowUnixSeconds() - 86400}};
    auto codes = co_await tx.Execute("DELETE FROM oauth_codes WHERE expires_at < $1", cutoff);
    if (!codes) co_return Fail(codes.error());
    auto tokens = co_await tx.Execute("DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at < $1", cutoff);
    if (!tokens) co_return Fail(tokens.error());
    removed = *codes + *tokens;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  if (removed) log::Info("expired tokens purged", {{"rows", std::to_string(removed)}});
  co_return Result<void>{};
}

}  // namespace supplyhub::features
