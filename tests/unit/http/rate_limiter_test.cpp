#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <thread>

namespace supplyhub::http {
namespace {

Identity Caller(int64_t org, int64_t client, bool sandbox) {
  Identity who;
  who.org_id = org;
  who.client_id = client;
  who.sandbox = sandbox;
  return who;
}

TEST(RateLimiterTest, SeedOnePoliciesForPartnerApps) {
  RateLimiter limiter;
  EXPECT_EQ(limiter.PolicyFor(Caller(1, 7, true)).capacity, 10);
  EXPECT_DOUBLE_EQ(limiter.PolicyFor(Caller(1, 7, true)).refill_per_second, 0.1);  // +1 every 10 s
  EXPECT_EQ(limiter.PolicyFor(Caller(1, 7, false)).capacity, 20);
  EXPECT_DOUBLE_EQ(limiter.PolicyFor(Caller(1, 7, false)).refill_per_second, 0.25);  // +1 every 4 s
  EXPECT_EQ(limiter.PolicyFor(Caller(1, 0, true)).capacity, 600);
}

TEST(RateLimiterTest, SandboxPartnerGetsTenThenWaitsTenSeconds) {
  RateLimiter limiter;
  Identity app = Caller(3, 9, true);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Take(app).allowed) << i;
  RateDecision refused = limiter.Take(app);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_seconds, 10);
  EXPECT_TRUE(limiter.Take(Caller(3, 10, true)).allowed);  // another app, another bucket
  EXPECT_TRUE(limiter.Take(Caller(4, 9, true)).allowed);   // another organization too
}

TEST(RateLimiterTest, BucketsRefillOverTime) {
  RateLimiter limiter({2, 20});  // 2 requests, +1 every 50 ms
  Identity me = Caller(1, 0, true);
  EXPECT_TRUE(limiter.Take(me).allowed);
  EXPECT_TRUE(limiter.Take(me).allowed);
  EXPECT_FALSE(limiter.Take(me).allowed);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_TRUE(limiter.Take(me).allowed);
}

TEST(RateLimiterTest, OverridesApplyPerOrganizationAndAudience) {
  RateLimiter limiter;
  limiter.Override(5, true, {100, 10});
  EXPECT_EQ(limiter.PolicyFor(Caller(5, 1, true)).capacity, 100);
  EXPECT_EQ(limiter.PolicyFor(Caller(5, 0, true)).capacity, 600);
  EXPECT_EQ(limiter.PolicyFor(Caller(6, 1, true)).capacity, 10);
}

TEST(RateLimiterTest, HeadersFollowTheDraft) {
  RateDecision d;
  d.policy = {10, 0.1};
  d.remaining = 9;
  d.reset_seconds = 10;
  Response r;
  RateLimiter::AddHeaders(d, r);
  auto find = [&](const std::string& name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(find("RateLimit-Policy"), "10;w=100");
  EXPECT_EQ(find("RateLimit"), "limit=10, remaining=9, reset=10");
  EXPECT_EQ(find("X-RateLimit-Remaining"), "9");
}

}  // namespace
}  // namespace supplyhub::http
