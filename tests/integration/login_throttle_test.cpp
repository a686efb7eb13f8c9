// The login throttle counts the account, not how it was spelled.
#include <atomic>
#include <thread>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class LoginThrottleTest : public ServerTest {
 protected:
  int LogIn(const std::string& login, const std::string& password) {
    return HttpClient(port_)
        .Post("/v1/auth/login", nlohmann::json{{"username", login}, {"password", password}}.dump())
        .status;
  }
};

TEST_F(LoginThrottleTest, FailuresByUsernameAndByEmailCountForOneAccount) {
  CreateUser("alice", "Alice-pass-1", org_id_, http::Role::kMember);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(LogIn("alice", "wrong"), 401) << i;
  for (int i = 0; i < 2; ++i) ASSERT_EQ(LogIn("alice@example.com", "wrong"), 401) << i;
  EXPECT_EQ(LogIn("ALICE@example.com", "wrong"), 429);  // the 6th try
  EXPECT_EQ(LogIn("alice", "Alice-pass-1"), 429);
  EXPECT_EQ(LogIn("owner", "Owner-pass-1"), 200);  // another account, same address
}

TEST_F(LoginThrottleTest, LoginsOfNoUserAreThrottledToo) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(LogIn("Nobody", "wrong"), 401) << i;
  EXPECT_EQ(LogIn("nobody", "wrong"), 429);
}

TEST_F(LoginThrottleTest, ConcurrentGuessesCannotOutrunTheLimit) {
  CreateUser("bob", "Bob-pass-1", org_id_, http::Role::kMember);
  std::vector<std::thread> guesses;
  std::atomic<int> rejected_passwords{0}, throttled{0};
  for (int i = 0; i < 20; ++i)
    guesses.emplace_back([&] {
      int status = LogIn("bob", "wrong");
      (status == 401 ? rejected_passwords : throttled)++;
    });
  for (auto& g : guesses) g.join();
  EXPECT_EQ(rejected_passwords.load(), 5);  // five passwords were checked, however many came at once
  EXPECT_EQ(throttled.load(), 15);
}

}  // namespace
}  // namespace supplyhub::testing
