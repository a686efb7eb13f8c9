#include "storage/migrator.h"

#include <set>

#include "core/clock.h"
#include "core/log.h"
#include "storage/block_on.h"

namespace supplyhub::storage {

Result<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  std::set<int64_t> applied;
  auto created = BlockOn(db.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto made = co_await tx.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)",
        {});
    if (!made) co_return Fail(made.error());
    auto read = co_await tx.Execute("SELECT version FROM schema_migrations", {},
                                    [&](const Row& row) { applied.insert(row.Int(0)); });
    if (!read) co_return Fail(read.error());
    co_return Result<void>{};
  }));
  if (!created) return Fail(created.error());
  int ran = 0;
  for (const Migration& m : migrations) {
    if (applied.count(m.version)) continue;
    auto done = BlockOn(db.Write([&](Transaction& tx) -> Task<Result<void>> {
      for (const std::string& sql : m.statements(db.dialect())) {
        auto r = co_await tx.Execute(sql, {});
        if (!r) co_return Fail(ErrorCode::kInternal, "migration " + std::to_string(m.version) + " (" + m.name +
                                                         ") failed: " + r.error().message);
      }
      Value params[] = {Value{int64_t{m.version}}, Value{m.name}, Value{NowRfc3339()}};
      auto r = co_await tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   params);
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    }));
    if (!done) return Fail(done.error());
    log::Info("migration applied", {{"version", std::to_string(m.version)}, {"name", m.name}});
    ++ran;
  }
  return ran;
}

}  // namespace supplyhub::storage
