#include "features/identity/login_throttle.h"

#include <gtest/gtest.h>

#include <thread>

namespace supplyhub::features {
namespace {

// The in-memory store completes at once: no event loop needed.
int Admit(LoginThrottle& t, LoginAccount account, const std::string& address) {
  auto wait = RunSynchronously(t.Admit(std::move(account), address));
  EXPECT_TRUE(wait) << wait.error().message;
  return wait ? *wait : -1;
}
// A try with a wrong password: admitted (or not), then counted against the address.
int FailedTry(LoginThrottle& t, LoginAccount account, const std::string& address) {
  int wait = Admit(t, std::move(account), address);
  if (wait == 0) RunSynchronously(t.RecordFailure(address));
  return wait;
}

TEST(LoginThrottleTest, LocksAnAccountAfterTooManyFailures) {
  LoginThrottle t({3, 100, std::chrono::seconds(60)});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(FailedTry(t, {7, "alice"}, "1.1.1.1"), 0);
  EXPECT_GT(Admit(t, {7, "alice"}, "2.2.2.2"), 0);
  EXPECT_EQ(Admit(t, {8, "bob"}, "1.1.1.1"), 0);
}

TEST(LoginThrottleTest, CountsTheAccountWhateverItIsCalled) {
  LoginThrottle t({5, 100, std::chrono::seconds(300)});
  for (int i = 0; i < 3; ++i) FailedTry(t, {7, "alice"}, "1.1.1.1");
  for (int i = 0; i < 2; ++i) FailedTry(t, {7, "alice@example.com"}, "2.2.2.2");
  EXPECT_GT(Admit(t, {7, "ALICE@example.com"}, "3.3.3.3"), 0);
  EXPECT_GT(Admit(t, {7, "alice"}, "3.3.3.3"), 0);
  EXPECT_EQ(LoginThrottle::AccountKey({7, "alice"}), LoginThrottle::AccountKey({7, "alice@example.com"}));
}

TEST(LoginThrottleTest, LoginsOfNoUserAreCountedByTheirLowercasedText) {
  LoginThrottle t({3, 100, std::chrono::seconds(60)});
  for (const char* login : {"Ghost", "GHOST", "ghost"}) FailedTry(t, {0, login}, "1.1.1.1");
  EXPECT_GT(Admit(t, {0, "gHoSt"}, "2.2.2.2"), 0);
  EXPECT_EQ(Admit(t, {0, "ghost2"}, "2.2.2.2"), 0);
  EXPECT_EQ(Admit(t, {9, "ghost"}, "2.2.2.2"), 0);  // a user's bucket is its id's, not this text's
}

TEST(LoginThrottleTest, LocksAnAddressTryingManyAccounts) {
  LoginThrottle t({100, 3, std::chrono::seconds(60)});
  for (int i = 0; i < 3; ++i) FailedTry(t, {0, "user" + std::to_string(i)}, "6.6.6.6");
  EXPECT_GT(Admit(t, {0, "someone-else"}, "6.6.6.6"), 0);
  EXPECT_EQ(Admit(t, {0, "someone-else"}, "7.7.7.7"), 0);
}

TEST(LoginThrottleTest, ConcurrentTriesCannotOutrunTheLimit) {
  // Ten guesses in flight at once, none answered yet: only the limit's worth get in.
  LoginThrottle t({2, 100, std::chrono::seconds(60)});
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += Admit(t, {7, "alice"}, "1.1.1.1") == 0;
  EXPECT_EQ(admitted, 2);
}

TEST(LoginThrottleTest, SuccessAndTimeRefillTheAccount) {
  LoginThrottle t({2, 100, std::chrono::seconds(1)});
  FailedTry(t, {5, "carol"}, "a");
  EXPECT_EQ(Admit(t, {5, "carol"}, "a"), 0);
  RunSynchronously(t.RecordSuccess({5, "carol"}));
  EXPECT_EQ(FailedTry(t, {5, "carol"}, "a"), 0);
  EXPECT_EQ(FailedTry(t, {5, "carol"}, "b"), 0);  // two failures since the success
  EXPECT_GT(Admit(t, {5, "carol"}, "b"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // 2 tries a second: one back
  EXPECT_EQ(Admit(t, {5, "carol"}, "b"), 0);
}

// A shared store that is down.
class DownStore final : public http::RateStore {
 public:
  Task<Result<http::RateGrant>> Take(http::RateKey, http::RatePolicy, int64_t) override {
    ++calls;
    co_return supplyhub::Fail(ErrorCode::kUnavailable, "down");
  }
  Task<Result<void>> Refill(http::RateKey) override { co_return supplyhub::Fail(ErrorCode::kUnavailable, "down"); }
  int calls = 0;
};

TEST(LoginThrottleTest, AStoreOutageAllowsOrRefusesPerSetting) {
  DownStore store;
  LoginThrottle open;
  open.ShareBuckets(&store, true);
  EXPECT_EQ(Admit(open, {7, "alice"}, "1.1.1.1"), 0);
  LoginThrottle closed;
  closed.ShareBuckets(&store, false);
  auto refused = RunSynchronously(closed.Admit({7, "alice"}, "1.1.1.1"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
}

}  // namespace
}  // namespace supplyhub::features
