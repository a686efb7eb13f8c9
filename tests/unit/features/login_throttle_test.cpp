#include "features/identity/login_throttle.h"

#include <gtest/gtest.h>

#include <thread>

namespace supplyhub::features {
namespace {

TEST(LoginThrottleTest, LocksAnAccountAfterTooManyFailures) {
  LoginThrottle t({3, 100, std::chrono::seconds(60)});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("Alice", "1.1.1.1"), 0);
    t.RecordFailure("alice", "1.1.1.1");  // accounts match case-insensitively
  }
  EXPECT_GT(t.RetryAfter("ALICE", "2.2.2.2"), 0);
  EXPECT_EQ(t.RetryAfter("bob", "1.1.1.1"), 0);
}

TEST(LoginThrottleTest, LocksAnAddressTryingManyAccounts) {
  LoginThrottle t({100, 3, std::chrono::seconds(60)});
  for (int i = 0; i < 3; ++i) t.RecordFailure("user" + std::to_string(i), "6.6.6.6");
  EXPECT_GT(t.RetryAfter("someone-else", "6.6.6.6"), 0);
  EXPECT_EQ(t.RetryAfter("someone-else", "7.7.7.7"), 0);
}

TEST(LoginThrottleTest, SuccessAndTimeClearTheAccount) {
  LoginThrottle t({2, 100, std::chrono::seconds(1)});
  t.RecordFailure("carol", "a");
  t.RecordSuccess("carol");
  t.RecordFailure("carol", "a");
  EXPECT_EQ(t.RetryAfter("carol", "b"), 0);  // one failure since the success
  t.RecordFailure("carol", "a");
  EXPECT_GT(t.RetryAfter("carol", "b"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(t.RetryAfter("carol", "b"), 0);
}

}  // namespace
}  // namespace supplyhub::features
