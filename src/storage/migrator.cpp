#include "storage/migrator.h"

#include "core/clock.h"
#include "core/log.h"
#include "storage/block_on.h"

namespace supplyhub::storage {
namespace {

// Nodes starting together on one PostgreSQL take turns: the lock is held
// until each migration's transaction ends. (SQLite has one writer anyway.)
Task<Result<void>> LockMigrations(Transaction& tx, Dialect d) {
  if (d != Dialect::kPostgres) co_return Result<void>{};
  auto locked = co_await tx.Execute("SELECT pg_advisory_xact_lock(7261001)", {});
  if (!locked) co_return Fail(locked.error());
  co_return Result<void>{};
}

}  // namespace

Result<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  auto created = BlockOn(db.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto locked = co_await LockMigrations(tx, db.dialect()); !locked) co_return locked;
    auto made = co_await tx.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)",
        {});
    if (!made) co_return Fail(made.error());
    co_return Result<void>{};
  }));
  if (!created) return Fail(created.error());
  int ran = 0;
  for (const Migration& m : migrations) {
    bool applied_now = false;
    auto done = BlockOn(db.Write([&](Transaction& tx) -> Task<Result<void>> {
      if (auto locked = co_await LockMigrations(tx, db.dialect()); !locked) co_return locked;
      bool applied = false;
      Value version[] = {Value{int64_t{m.version}}};
      auto read = co_await tx.Execute("SELECT 1 FROM schema_migrations WHERE version = $1", version,
                                      [&](const Row&) { applied = true; });
      if (!read) co_return Fail(read.error());
      if (applied) co_return Result<void>{};  // by us earlier, or by another node meanwhile
      for (const std::string& sql : m.statements(db.dialect())) {
        auto r = co_await tx.Execute(sql, {});
        if (!r) co_return Fail(ErrorCode::kInternal, "migration " + std::to_string(m.version) + " (" + m.name +
                                                         ") failed: " + r.error().message);
      }
      Value params[] = {Value{int64_t{m.version}}, Value{m.name}, Value{NowRfc3339()}};
      auto r = co_await tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   params);
      if (!r) co_return Fail(r.error());
      applied_now = true;
      co_return Result<void>{};
    }));
    if (!done) return Fail(done.error());
    if (!applied_now) continue;
    log::Info("migration applied", {{"version", std::to_string(m.version)}, {"name", m.name}});
    ++ran;
  }
  return ran;
}

}  // namespace supplyhub::storage
