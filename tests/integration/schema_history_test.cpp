// A database upgraded from every released schema version ends with the same
// schema as a fresh one, on the suite's backend: SQLite, and PostgreSQL in the
// pg.* pass (the unit test checks SQLite and that the history is frozen).
#include <filesystem>

#include "storage/postgres/pg_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/schema_snapshot.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

// The test gets one PostgreSQL database; every call empties its schema.
std::unique_ptr<storage::Database> EmptyPostgres(const std::string& url) {
  auto db = storage::PgDatabase::Open(url, 1);
  EXPECT_TRUE(db) << db.error().message;
  if (!db) return nullptr;
  auto emptied = storage::BlockOn((*db)->Write([](storage::Transaction& tx) -> Task<Result<void>> {
    static constexpr const char* kEmpty[] = {"SET LOCAL client_min_messages = warning",  // no NOTICE per table
                                             "DROP SCHEMA public CASCADE", "CREATE SCHEMA public"};
    for (const char* sql : kEmpty) {
      auto r = co_await tx.Execute(sql, {});
      if (!r) co_return Fail(r.error());
    }
    co_return Result<void>{};
  }));
  EXPECT_TRUE(emptied) << emptied.error().message;
  return emptied ? std::move(*db) : nullptr;
}

TEST(SchemaHistoryBackendTest, UpgradeFromEveryVersionMatchesFresh) {
  std::string url = TestDatabaseUrl();
  if (!url.empty()) {
    ExpectEveryUpgradeMatchesFresh(storage::Dialect::kPostgres, [&] { return EmptyPostgres(url); });
    return;
  }
  std::string dir = MakeTempDir();
  int opened = 0;
  ExpectEveryUpgradeMatchesFresh(storage::Dialect::kSqlite, [&]() -> std::unique_ptr<storage::Database> {
    auto db = storage::SqliteDatabase::Open(dir + "/" + std::to_string(++opened) + ".db");
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  });
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace supplyhub::testing
