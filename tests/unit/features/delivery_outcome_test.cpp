// What a delivery attempt's answer means for its message and endpoint
// (features/webhooks/delivery_outcome.h), without a server or a database.
#include <gtest/gtest.h>

#include "features/webhooks/delivery_outcome.h"
#include "features/webhooks/retry_schedule.h"

namespace supplyhub::features {
namespace {

constexpr int64_t kNowMs = 1'700'000'000'250;  // a quarter second past a whole second
constexpr int64_t kNow = kNowMs / 1000;

DeliveryOutcome Answer(long status, int64_t attempts, std::optional<int64_t> retry_after = std::nullopt) {
  DeliveryOutcome o;
  o.status = status;
  o.attempts = attempts;
  o.retry_after = retry_after;
  return o;
}

TEST(DeliveryOutcomeTest, SuccessEndsTheMessageAndTheFailingStreak) {
  for (long status : {200L, 204L, 299L}) {
    DeliveryVerdict v = JudgeDelivery(Answer(status, 3), kNowMs, 0);
    EXPECT_EQ(v.status, "succeeded");
    EXPECT_TRUE(v.succeeded);
    EXPECT_FALSE(v.retries);
    EXPECT_EQ(v.next_attempt_at, kNow);
    EXPECT_FALSE(v.pause_until);
    EXPECT_EQ(DisableReason(v, kNow, kNow - 10 * 86400), "");  // however long it failed before
  }
}

TEST(DeliveryOutcomeTest, FailuresRetryOnTheScheduleRoundedUpToWholeSeconds) {
  DeliveryVerdict v = JudgeDelivery(Answer(500, 1), kNowMs, 0);
  EXPECT_EQ(v.status, "pending");
  EXPECT_TRUE(v.retries);
  EXPECT_EQ(v.next_attempt_at, kNow + kRetryDelays[1] + 1);  // 5.25 s away: the 6th whole second
  EXPECT_FALSE(v.pause_until);
  v = JudgeDelivery(Answer(0, 2), kNowMs, 0);  // no HTTP answer at all
  EXPECT_EQ(v.status, "pending");
  EXPECT_EQ(v.next_attempt_at, kNow + kRetryDelays[2] + 1);
  v = JudgeDelivery(Answer(500, 2), kNowMs, -1);  // jitter -10 %
  EXPECT_EQ(v.next_attempt_at, kNow + kRetryDelays[2] * 9 / 10 + 1);
}

TEST(DeliveryOutcomeTest, TheLastAttemptFailsForGood) {
  DeliveryVerdict v = JudgeDelivery(Answer(500, kMaxAttempts), kNowMs, 0);
  EXPECT_EQ(v.status, "failed");
  EXPECT_FALSE(v.retries);
  EXPECT_EQ(v.next_attempt_at, kNow);
}

TEST(DeliveryOutcomeTest, SlowDownAnswersPauseTheEndpointAndHonourRetryAfter) {
  for (long status : {429L, 502L, 503L, 504L}) {
    DeliveryVerdict v = JudgeDelivery(Answer(status, 1, 120), kNowMs, 0);
    EXPECT_EQ(v.status, "pending") << status;
    ASSERT_TRUE(v.pause_until) << status;
    EXPECT_EQ(*v.pause_until, kNow + 120);
    EXPECT_GE(v.next_attempt_at, kNow + 120);  // never sooner than the receiver asked
  }
  EXPECT_EQ(*JudgeDelivery(Answer(503, 1), kNowMs, 0).pause_until, kNow + 5);  // no Retry-After: 5 s
  EXPECT_EQ(*JudgeDelivery(Answer(429, 1, 0), kNowMs, 0).pause_until, kNow + 1);
  EXPECT_EQ(*JudgeDelivery(Answer(429, 1, 10 * 86400), kNowMs, 0).pause_until, kNow + kMaxRetryAfter);
  EXPECT_FALSE(JudgeDelivery(Answer(500, 1, 120), kNowMs, 0).pause_until);
}

TEST(DeliveryOutcomeTest, GoneDisablesAtOnceAndFiveFailingDaysDisable) {
  DeliveryVerdict gone = JudgeDelivery(Answer(410, 1), kNowMs, 0);
  EXPECT_EQ(gone.status, "failed");  // no retry after 410
  EXPECT_TRUE(gone.gone);
  EXPECT_EQ(DisableReason(gone, kNow, kNow), "the endpoint answered 410 Gone");
  DeliveryVerdict failed = JudgeDelivery(Answer(500, 1), kNowMs, 0);
  EXPECT_EQ(DisableReason(failed, kNow, kNow - kDisableAfterFailingSeconds + 1), "");
  EXPECT_EQ(DisableReason(failed, kNow, kNow - kDisableAfterFailingSeconds), "no successful delivery for 5 days");
}

}  // namespace
}  // namespace supplyhub::features
