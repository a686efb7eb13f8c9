#include "core/checked_int.h"

#include <gtest/gtest.h>

#include <limits>

namespace supplyhub {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(CheckedIntTest, AddSubMulAreExactOrNothing) {
  EXPECT_EQ(CheckedAdd(2, 3), 5);
  EXPECT_EQ(CheckedAdd(kMax - 1, 1), kMax);
  EXPECT_EQ(CheckedAdd(kMax, 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(kMin, -1), std::nullopt);
  EXPECT_EQ(CheckedSub(kMin + 1, 1), kMin);
  EXPECT_EQ(CheckedSub(0, kMin), std::nullopt);
  EXPECT_EQ(CheckedSub(-1, kMax), kMin);
  EXPECT_EQ(CheckedMul(3037000499, 3037000499), int64_t{9223372030926249001});
  EXPECT_EQ(CheckedMul(3037000500, 3037000500), std::nullopt);
  EXPECT_EQ(CheckedMul(-1, kMin), std::nullopt);
}

// quantity x unit price in millionths, to cents: divide by 10^10, half away from zero.
TEST(CheckedIntTest, MulDivRoundsHalfAwayFromZeroAndRefusesWhatDoesNotFit) {
  constexpr int64_t kCents = 10'000'000'000;
  EXPECT_EQ(MulDivRounded(10'000'000, 13'000'000, kCents), 13000);  // 10 x 13.00 = 130.00
  EXPECT_EQ(MulDivRounded(1'000'000, 5'000, kCents), 1);            // 0.005 rounds up to 0.01
  EXPECT_EQ(MulDivRounded(1'000'000, 4'999, kCents), 0);
  EXPECT_EQ(MulDivRounded(-1'000'000, 5'000, kCents), -1);
  // The probe's line: 999999999999 x 999999999999.99 is ~10^26 cents: nothing, not a wrapped number.
  EXPECT_EQ(MulDivRounded(999'999'999'999'000'000, 999'999'999'999'990'000, kCents), std::nullopt);
  EXPECT_EQ(MulDivRounded(kMax, kMax, 1), std::nullopt);
  EXPECT_EQ(MulDivRounded(kMax, kMax, kMax), kMax);  // the product itself never overflows
  EXPECT_EQ(MulDivRounded(kMin, 1, 1), kMin);
  EXPECT_EQ(MulDivRounded(1, 1, 0), std::nullopt);
}

TEST(CheckedIntTest, ASumStaysFailedOnceATermOrTheSumDoesNotFit) {
  CheckedSum sum;
  sum += 5;
  sum += int64_t{7};
  sum -= 2;
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum.value(), 10);
  sum += std::nullopt;  // a term that did not fit
  EXPECT_FALSE(sum.ok());
  sum += -1000;
  EXPECT_FALSE(sum.ok()) << "a failed sum does not come back";
  CheckedSum near(kMax);
  near += 1;
  EXPECT_EQ(near.value(), std::nullopt);
  CheckedSum ten_adjustments;  // the probe: ten +999999999999.999999 in millionths wrap a plain int64
  for (int i = 0; i < 10; ++i) ten_adjustments += 999'999'999'999'999'999;
  EXPECT_FALSE(ten_adjustments.ok());
}

}  // namespace
}  // namespace supplyhub
