// The prepared-statement cache of one SQLite connection: bounded, least
// recently used out, never a statement that is still running.
#include "storage/sqlite/sqlite_connection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace supplyhub::storage {
namespace {

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("supplyhub_sqlite_connection_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = SqliteConnection::Open((dir_ / "test.db").string(), true);
    ASSERT_TRUE(opened) << opened.error().message;
    c_ = std::move(*opened);
    ASSERT_TRUE(c_->Run("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
    ASSERT_TRUE(c_->Run("INSERT INTO t (v) VALUES (10), (20), (30)"));
  }
  void TearDown() override {
    c_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Statements SQLite itself holds open on the connection, whoever caches them.
  int LiveStatements() const {
    int n = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(c_->handle(), nullptr); s; s = sqlite3_next_stmt(c_->handle(), s)) ++n;
    return n;
  }

  // A distinct SQL text per `i`: v of row 1 + i + `add`.
  Result<int64_t> Distinct(int i, int64_t add, int64_t* out) {
    Value params[] = {Value{add}};
    return c_->Run("SELECT v + " + std::to_string(i) + " + $1 FROM t WHERE id = 1", params,
                   [out](const Row& row) { *out = row.Int(0); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteConnection> c_;
};

TEST_F(SqliteConnectionTest, CacheStaysAtItsBoundAndEvictedStatementsPrepareAgain) {
  for (int i = 0; i < 2000; ++i) {
    int64_t got = -1;
    auto r = Distinct(i, 1, &got);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(got, 10 + i + 1);
    ASSERT_LE(c_->CachedStatements(), kStatementCacheCapacity);
  }
  EXPECT_EQ(c_->CachedStatements(), kStatementCacheCapacity);
  EXPECT_EQ(LiveStatements(), static_cast<int>(kStatementCacheCapacity));  // evicted ones were finalized

  // The first ones were evicted long ago: they prepare again, bind and run as before.
  for (int i = 0; i < 10; ++i) {
    int64_t got = -1;
    ASSERT_TRUE(Distinct(i, 5, &got));
    EXPECT_EQ(got, 10 + i + 5);
  }
  EXPECT_EQ(c_->CachedStatements(), kStatementCacheCapacity);
}

TEST_F(SqliteConnectionTest, RecentlyUsedStatementsStay) {
  const std::string hot = "SELECT v FROM t WHERE id = 3";
  ASSERT_TRUE(c_->Run(hot));
  for (int i = 0; i < 1000; ++i) {
    int64_t got = -1;
    ASSERT_TRUE(Distinct(i, 0, &got));
    if (i % 100 == 99) {
      ASSERT_TRUE(c_->Run(hot));  // keeps it recent
    }
  }
  // Never prepared again: the one statement has counted every run.
  sqlite3_stmt* found = nullptr;
  for (sqlite3_stmt* s = sqlite3_next_stmt(c_->handle(), nullptr); s; s = sqlite3_next_stmt(c_->handle(), s))
    if (hot == sqlite3_sql(s)) found = s;
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(sqlite3_stmt_status(found, SQLITE_STMTSTATUS_RUN, 0), 11);
}

// A row visitor may run other statements on the same connection, here more
// than the cache holds: the statement it is reading from must survive them.
TEST_F(SqliteConnectionTest, AStatementStillRunningIsNeverEvicted) {
  std::vector<int64_t> outer;
  auto r = c_->Run("SELECT v FROM t ORDER BY id", {}, [&](const Row& row) {
    outer.push_back(row.Int(0));
    for (int i = 0; i < static_cast<int>(kStatementCacheCapacity) + 50; ++i) {
      int64_t got = -1;
      ASSERT_TRUE(Distinct(i + static_cast<int>(outer.size()) * 1000, 0, &got));
    }
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(outer, (std::vector<int64_t>{10, 20, 30}));
  // Over the bound by the running statement at most, and back to it after.
  EXPECT_LE(c_->CachedStatements(), kStatementCacheCapacity + 1);
  int64_t got = -1;
  ASSERT_TRUE(Distinct(-1, 0, &got));
  EXPECT_EQ(c_->CachedStatements(), kStatementCacheCapacity);
}

TEST_F(SqliteConnectionTest, TheSameStatementFromItsOwnRowVisitorFailsInsteadOfRestartingIt) {
  std::vector<int64_t> outer;
  bool inner_failed = false;
  const std::string sql = "SELECT v FROM t ORDER BY id";
  auto r = c_->Run(sql, {}, [&](const Row& row) {
    outer.push_back(row.Int(0));
    inner_failed = !c_->Run(sql);
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(inner_failed);
  EXPECT_EQ(outer, (std::vector<int64_t>{10, 20, 30}));
}

}  // namespace
}  // namespace supplyhub::storage
