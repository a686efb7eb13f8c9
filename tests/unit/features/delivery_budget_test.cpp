// Token buckets kept as a time and the fair shares of a claim
// (features/webhooks/delivery_budget.h), without a server or a database.
#include <gtest/gtest.h>

#include <numeric>

#include "features/webhooks/delivery_budget.h"

namespace supplyhub::features {
namespace {

constexpr int64_t kBudgetNowUs = 1'700'000'000'000'000;  // microseconds

TEST(DeliveryBudgetTest, ARateLimitStartsWithASecondsBurstAndRefillsEvenly) {
  TimeBucket two = DeliveryRate(2);
  EXPECT_EQ(two.Available(0, kBudgetNowUs), 2);  // a new endpoint: full
  int64_t full_at = two.Take(0, kBudgetNowUs, 2);
  EXPECT_EQ(full_at, kBudgetNowUs + 1'000'000);
  EXPECT_EQ(two.Available(full_at, kBudgetNowUs), 0);
  EXPECT_EQ(two.Wait(full_at, kBudgetNowUs), 500'000);
  EXPECT_EQ(two.Available(full_at, kBudgetNowUs + 499'999), 0);
  EXPECT_EQ(two.Available(full_at, kBudgetNowUs + 500'000), 1);
  EXPECT_EQ(two.Available(full_at, kBudgetNowUs + 5'000'000), 2);  // never more than the burst
  // Taking later starts from then, not from the old full time.
  EXPECT_EQ(two.Take(full_at, kBudgetNowUs + 5'000'000, 1), kBudgetNowUs + 5'500'000);
}

TEST(DeliveryBudgetTest, OneASecondAllowsOneASecond) {
  TimeBucket one = DeliveryRate(1);
  int64_t full_at = 0, taken = 0;
  for (int64_t t = kBudgetNowUs; t < kBudgetNowUs + 10'000'000; t += 1'000) {  // asking every millisecond for 10 s
    int64_t n = one.Available(full_at, t);
    if (n == 0) continue;
    full_at = one.Take(full_at, t, n);
    taken += n;
  }
  EXPECT_EQ(taken, 10);
}

TEST(DeliveryBudgetTest, RotationsAreTenAnHourThenOneEverySixMinutes) {
  constexpr int64_t now = 1'700'000'000;
  int64_t full_at = 0;
  for (int i = 0; i < kRotationsPerHour; ++i) {
    ASSERT_GE(kRotations.Available(full_at, now), 1) << i;
    full_at = kRotations.Take(full_at, now, 1);
  }
  EXPECT_EQ(kRotations.Available(full_at, now), 0);
  EXPECT_EQ(kRotations.Wait(full_at, now), 360);
  EXPECT_EQ(kRotations.Available(full_at, now + 359), 0);
  EXPECT_EQ(kRotations.Available(full_at, now + 360), 1);
  EXPECT_EQ(kRotations.Wait(0, now), 0);
}

TEST(DeliveryBudgetTest, FairSharesGiveEachEndpointItsShareAndPassOnWhatOneCannotUse) {
  // Plenty of room: everyone gets what they may take.
  EXPECT_EQ(FairShares(100, {3, 1, 10}), (std::vector<int64_t>{3, 1, 10}));
  // A backlog of thousands gets a share, not the room.
  EXPECT_EQ(FairShares(12, {1000, 1000, 1000}), (std::vector<int64_t>{4, 4, 4}));
  // What a small one cannot use goes to the others.
  EXPECT_EQ(FairShares(12, {1000, 2, 1000}), (std::vector<int64_t>{5, 2, 5}));
  // The remainder goes to those listed first (the claim rotates the order).
  EXPECT_EQ(FairShares(5, {10, 10, 10}), (std::vector<int64_t>{2, 2, 1}));
  // More endpoints than room: one each, in order.
  EXPECT_EQ(FairShares(2, {10, 10, 10}), (std::vector<int64_t>{1, 1, 0}));
  // Nothing to give, or nobody to give it to.
  EXPECT_EQ(FairShares(0, {10}), (std::vector<int64_t>{0}));
  EXPECT_EQ(FairShares(10, {0, 0}), (std::vector<int64_t>{0, 0}));
  EXPECT_TRUE(FairShares(10, {}).empty());
}

TEST(DeliveryBudgetTest, FairSharesNeverExceedTheRoomOrACapacity) {
  for (int64_t room : {1, 7, 64, 512}) {
    std::vector<int64_t> capacity;
    for (int64_t i = 0; i < 40; ++i) capacity.push_back((i * 37) % 23);
    auto share = FairShares(room, capacity);
    int64_t total = std::accumulate(share.begin(), share.end(), int64_t{0});
    int64_t wanted = std::accumulate(capacity.begin(), capacity.end(), int64_t{0});
    EXPECT_EQ(total, std::min(room, wanted)) << room;
    for (size_t i = 0; i < capacity.size(); ++i) EXPECT_LE(share[i], capacity[i]);
  }
}

}  // namespace
}  // namespace supplyhub::features
