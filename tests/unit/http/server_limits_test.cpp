#include "http/server_limits.h"

#include <gtest/gtest.h>

namespace supplyhub::http {
namespace {

TEST(ServerBudgetsTest, ConnectionsLeaveAReserveOfDescriptors) {
  EXPECT_EQ(MaxConnectionsFor(128), 96u);        // a reserve of at least 32
  EXPECT_EQ(MaxConnectionsFor(1024), 768u);      // a quarter
  EXPECT_EQ(MaxConnectionsFor(65536), 65280u);   // at most 256
  EXPECT_EQ(MaxConnectionsFor(20), 16u);         // never fewer than 16
}

TEST(ServerBudgetsTest, BodyReservationsShareOneBudgetAndReturnIt) {
  std::atomic<size_t> in_use{0};
  {
    BodyReservation a(in_use, 100, 60);
    BodyReservation b(in_use, 100, 50);  // 110 > 100: refused, takes nothing
    BodyReservation c(in_use, 100, 40);
    EXPECT_TRUE(a.granted());
    EXPECT_FALSE(b.granted());
    EXPECT_TRUE(c.granted());
    EXPECT_EQ(in_use.load(), 100u);
    EXPECT_FALSE(BodyReservation(in_use, 100, 1).granted());
  }
  EXPECT_EQ(in_use.load(), 0u);
  EXPECT_FALSE(BodyReservation(in_use, 100, 101).granted());
  EXPECT_EQ(in_use.load(), 0u);
}

}  // namespace
}  // namespace supplyhub::http
