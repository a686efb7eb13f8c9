// Token buckets per organization, the rate-limit headers, and 429.
#include <thread>

#include "features/identity/rate_limit_settings.h"
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

TEST_F(RateLimitTest, OwnersOverrideTheirOrganizationsPolicy) {
  std::string url = "/v1/organizations/" + std::to_string(org_id_) + "/rate_limits";
  auto r = client_->Put(url, R"({"audience":"first_party","pool":12,"per_second":1.5})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto next = client_->Get("/v1/parts");
  EXPECT_EQ(next.Header("x-ratelimit-limit"), "12");
  // Stored: a fresh limiter read from the database applies it too. (Not
  // LoadRateLimitOverrides: its subscription would outlive this limiter.)
  http::RateLimiter fresh;
  ASSERT_TRUE(features::ReadOverrides(app_->database(), fresh));
  http::Identity me;
  me.org_id = org_id_;
  EXPECT_EQ(fresh.PolicyFor(me).capacity, 12);
  EXPECT_DOUBLE_EQ(fresh.PolicyFor(me).refill_per_second, 1.5);
}

TEST_F(RateLimitTest, OnlyOwnersOfThisOrganizationOverride) {
  CreateUser("admin", "Admin-pass-1", org_id_, http::Role::kAdmin);
  HttpClient admin(port_);
  admin.SetDefaultHeaders(Bearer(Login("admin", "Admin-pass-1")));
  std::string url = "/v1/organizations/" + std::to_string(org_id_) + "/rate_limits";
  EXPECT_EQ(admin.Put(url, R"({"audience":"partner","pool":50,"per_second":1})").status, 403);
  EXPECT_EQ(client_->Put(url, R"({"audience":"everyone","pool":50,"per_second":1})").status, 422);
  EXPECT_EQ(client_->Put(url, R"({"audience":"partner","pool":0,"per_second":1})").status, 422);
  EXPECT_EQ(client_->Put("/v1/organizations/999/rate_limits", R"({"audience":"partner","pool":5,"per_second":1})")
                .status,
            404);
}

}  // namespace
}  // namespace supplyhub::testing
