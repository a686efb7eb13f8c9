// Token buckets per organization, the rate-limit headers, and 429.
#include <thread>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class RateLimitTest : public ServerTest {
 protected:
  void Configure(Config& c) override {
    c.first_party_pool = 5;
    c.first_party_refill = 1;
  }
};

TEST_F(RateLimitTest, AnswersCarryTheHeaders) {
  auto r = client_->Get("/v1/parts");  // the login in SetUp was not counted: it is not authenticated
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("ratelimit-policy"), "5;w=5");
  EXPECT_EQ(r.Header("x-ratelimit-limit"), "5");
  EXPECT_EQ(r.Header("x-ratelimit-remaining"), "4");
  EXPECT_EQ(r.Header("ratelimit"), "limit=5, remaining=4, reset=1");
  EXPECT_EQ(r.Header("x-ratelimit-reset"), "1");
  EXPECT_TRUE(client_->Get("/v1/status").Header("ratelimit").empty());  // open routes are not limited
}

TEST_F(RateLimitTest, OverTheLimitIs429WithRetryAfterAndWritesNothing) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client_->Get("/v1/parts").status, 200) << i;
  auto r = client_->Post("/v1/parts", R"({"name":"x","identification":"x"})");
  ASSERT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.Json()["error"]["code"], "rate_limited");
  EXPECT_EQ(r.Header("retry-after"), "1");
  EXPECT_EQ(r.Header("x-ratelimit-remaining"), "0");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(client_->Get("/v1/parts?identification=x").Json()["meta"]["total_count"], 0);
}

TEST_F(RateLimitTest, EachOrganizationHasItsOwnBucket) {
  auto other = OtherOrganization();
  for (int i = 0; i < 6; ++i) client_->Get("/v1/parts");
  EXPECT_EQ(client_->Get("/v1/parts").status, 429);
  EXPECT_EQ(client_->Get("/v1/parts", other).status, 200);
}

}  // namespace
}  // namespace supplyhub::testing
