#include "http/memory_rate_store.h"

#include <gtest/gtest.h>

namespace supplyhub::http {
namespace {

Result<RateGrant> Take(MemoryRateStore& store, RateKey key, RatePolicy policy, int64_t want) {
  return RunSynchronously(store.Take(key, policy, want));
}

TEST(MemoryRateStoreTest, LookingTakesNothingAndWritesNothing) {
  MemoryRateStore store;
  RatePolicy policy{2, 0.001};
  EXPECT_DOUBLE_EQ(Take(store, {-1, 1}, policy, 0)->level, 2);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(Take(store, {-1, 1}, policy, 1)->granted, 1);
  EXPECT_EQ(Take(store, {-1, 1}, policy, 1)->granted, 1);
  EXPECT_EQ(Take(store, {-1, 1}, policy, 1)->granted, 0);
  EXPECT_LT(Take(store, {-1, 1}, policy, 0)->level, 1);
  EXPECT_TRUE(RunSynchronously(store.Refill({-1, 1})));
  EXPECT_DOUBLE_EQ(Take(store, {-1, 1}, policy, 0)->level, 2);
}

// Keys chosen by clients (login names) must not grow it without bound.
TEST(MemoryRateStoreTest, BucketsThatRefilledAreDropped) {
  MemoryRateStore store;
  RatePolicy instant{1, 1e9};  // full again a nanosecond later
  for (int64_t i = 0; i < 10000; ++i) ASSERT_EQ(Take(store, {-2, i}, instant, 1)->granted, 1);
  EXPECT_LE(store.size(), 1025u);
}

}  // namespace
}  // namespace supplyhub::http
