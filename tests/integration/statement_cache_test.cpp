// The prepared statements a PostgreSQL connection keeps on the server stay
// bounded: evicted ones are deallocated there too (PostgreSQL pass only; the
// SQLite cache has its unit test).
#include <memory>
#include <string>
#include <vector>

#include "storage/block_on.h"
#include "storage/postgres/pg_connection.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using storage::BlockOn;
using storage::kStatementCacheCapacity;
using storage::PgConnection;
using storage::Row;
using storage::Value;

class PgStatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Run only in the PostgreSQL pass (tests/CMakeLists.txt filters it out of the SQLite one).
    ASSERT_FALSE(TestDatabaseUrl().empty()) << "needs the PostgreSQL pass";
    auto connected = BlockOn(PgConnection::Connect(TestDatabaseUrl()));
    ASSERT_TRUE(connected) << connected.error().message;
    c_ = std::move(*connected);
  }

  // A distinct statement per `i`; returns i + add, or -1.
  int64_t Distinct(int i, int64_t add) {
    int64_t got = -1;
    Value params[] = {Value{add}};
    auto r = BlockOn(c_->Execute("SELECT " + std::to_string(i) + " + $1", params,
                                 [&got](const Row& row) { got = row.Int(0); }));
    EXPECT_TRUE(r) << r.error().message;
    return got;
  }

  // What the server holds for this session (the counting statement included).
  int64_t ServerStatements() {
    int64_t n = -1;
    auto r = BlockOn(c_->Execute("SELECT count(*) FROM pg_prepared_statements", {},
                                 [&n](const Row& row) { n = row.Int(0); }));
    EXPECT_TRUE(r) << r.error().message;
    return n;
  }

  std::unique_ptr<PgConnection> c_;
};

TEST_F(PgStatementCacheTest, ServerForgetsEvictedStatements) {
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(Distinct(i, 1), i + 1);
    ASSERT_LE(c_->CachedStatements(), kStatementCacheCapacity);
  }
  EXPECT_EQ(c_->CachedStatements(), kStatementCacheCapacity);
  EXPECT_EQ(ServerStatements(), static_cast<int64_t>(kStatementCacheCapacity));
  // Evicted long ago: prepared again under a new name, and they work.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Distinct(i, 5), i + 5);
  EXPECT_EQ(ServerStatements(), static_cast<int64_t>(kStatementCacheCapacity));
}

// Inside a failed transaction the server refuses DEALLOCATE (and PREPARE);
// the deallocation waits for the next statement after it.
TEST_F(PgStatementCacheTest, DeallocationsRefusedByAFailedTransactionAreSentLater) {
  for (int i = 0; i < static_cast<int>(kStatementCacheCapacity); ++i) ASSERT_EQ(Distinct(i, 0), i);
  c_->BeginLazily("BEGIN", true);
  ASSERT_FALSE(BlockOn(c_->Execute("SELECT 1 / $1", std::vector<Value>{Value{int64_t{0}}})));  // fails the transaction
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(BlockOn(c_->Execute("SELECT 'refused " + std::to_string(i) + "'", {})));
  ASSERT_TRUE(BlockOn(c_->End(false, true)));
  EXPECT_EQ(Distinct(100000, 1), 100001);
  EXPECT_EQ(ServerStatements(), static_cast<int64_t>(c_->CachedStatements()));
  EXPECT_LE(c_->CachedStatements(), kStatementCacheCapacity);
}

}  // namespace
}  // namespace supplyhub::testing
