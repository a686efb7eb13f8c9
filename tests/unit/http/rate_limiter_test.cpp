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

// As the Dispatcher does: from memory when possible, else from the store.
RateDecision TakeNow(RateLimiter& limiter, const Identity& who) {
  if (auto d = limiter.TryTake(who)) return *d;
  return RunSynchronously(limiter.TakeShared(who));
}

// A shared store in this process: a fixed bucket level, counting the calls.
class CountingStore final : public RateStore {
 public:
  explicit CountingStore(int64_t tokens) : tokens_(tokens) {}
  Task<Result<RateGrant>> Take(RateKey, RatePolicy, int64_t want) override {
    ++calls;
    if (down) co_return Fail(ErrorCode::kUnavailable, "store down");
    int64_t granted = std::min(want, tokens_);
    tokens_ -= granted;
    co_return RateGrant{granted, static_cast<double>(tokens_)};
  }
  Task<Result<void>> Refill(RateKey) override { co_return Result<void>{}; }
  int calls = 0;
  bool down = false;

 private:
  int64_t tokens_;
};

TEST(RateLimiterTest, SharedBucketsAreTakenInLeasesAndNeverOverspent) {
  RateLimiter limiter(RatePolicy{1000, 1});
  CountingStore store(100);  // another node already spent the rest
  limiter.ShareBuckets(&store);
  Identity me = Caller(1, 0, true);
  int allowed = 0;
  for (int i = 0; i < 150; ++i) allowed += TakeNow(limiter, me).allowed ? 1 : 0;
  EXPECT_EQ(allowed, 100);         // exactly what the shared bucket held
  EXPECT_LE(store.calls, 5 + 50);  // leases of 20 while tokens last, then one call per refusal
  RateDecision refused = TakeNow(limiter, me);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after_seconds, 1);
}

TEST(RateLimiterTest, SmallSharedPoolsAreTakenOneTokenAtATime) {
  RateLimiter limiter;
  CountingStore store(3);
  limiter.ShareBuckets(&store);
  Identity partner = Caller(1, 7, true);  // pool of 10: no lease beyond the request itself
  EXPECT_TRUE(TakeNow(limiter, partner).allowed);
  EXPECT_TRUE(TakeNow(limiter, partner).allowed);
  EXPECT_EQ(store.calls, 2);
}

TEST(RateLimiterTest, AStoreOutageAllowsWhenFailOpen) {
  RateLimiter limiter;
  CountingStore store(0);  // empty: only an outage lets requests through
  store.down = true;
  limiter.ShareBuckets(&store, true);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(TakeNow(limiter, Caller(1, 0, true)).allowed) << i;
  // One request found the store down; the others, within a second, did not wait for it.
  EXPECT_EQ(store.calls, 1);
}

TEST(RateLimiterTest, AStoreOutageRefusesAsUnavailableWhenFailClosed) {
  RateLimiter limiter;
  CountingStore store(100);
  store.down = true;
  limiter.ShareBuckets(&store, false);
  RateDecision d = TakeNow(limiter, Caller(1, 0, true));
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.unavailable);
  EXPECT_EQ(d.retry_after_seconds, StoreOutage::kRetryAfterSeconds);
  EXPECT_TRUE(TakeNow(limiter, Caller(2, 0, true)).unavailable);  // no store call: within the probe interval
  EXPECT_EQ(store.calls, 1);
  store.down = false;  // back: the next probe, a second later, finds it
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
  RateDecision back = TakeNow(limiter, Caller(1, 0, true));
  EXPECT_TRUE(back.allowed);
  EXPECT_FALSE(back.unavailable);
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
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(TakeNow(limiter, app).allowed) << i;
  RateDecision refused = TakeNow(limiter, app);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_seconds, 10);
  EXPECT_TRUE(TakeNow(limiter, Caller(3, 10, true)).allowed);  // another app, another bucket
  EXPECT_TRUE(TakeNow(limiter, Caller(4, 9, true)).allowed);   // another organization too
}

TEST(RateLimiterTest, BucketsRefillOverTime) {
  RateLimiter limiter({2, 20});  // 2 requests, +1 every 50 ms
  Identity me = Caller(1, 0, true);
  EXPECT_TRUE(TakeNow(limiter, me).allowed);
  EXPECT_TRUE(TakeNow(limiter, me).allowed);
  EXPECT_FALSE(TakeNow(limiter, me).allowed);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_TRUE(TakeNow(limiter, me).allowed);
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
