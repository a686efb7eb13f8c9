#include "features/webhooks/delivery_outcome.h"

#include <algorithm>

#include "features/webhooks/retry_schedule.h"

namespace supplyhub::features {

DeliveryVerdict JudgeDelivery(const DeliveryOutcome& o, int64_t now_ms, double jitter) {
  DeliveryVerdict v;
  const int64_t now = now_ms / 1000;
  v.succeeded = o.status >= 200 && o.status < 300;
  v.gone = o.status == 410;
  std::optional<int64_t> delay_ms =
      v.succeeded || v.gone ? std::nullopt : RetryDelay(o.attempts, o.retry_after, jitter);
  v.retries = delay_ms.has_value();
  // Due at the first whole second at least the delay away (claims compare whole seconds).
  v.next_attempt_at = delay_ms ? (now_ms + *delay_ms + 999) / 1000 : now;
  v.status = v.succeeded ? "succeeded" : v.retries ? "pending" : "failed";
  if (SlowsDown(static_cast<int>(o.status)))
    v.pause_until = now + std::clamp<int64_t>(o.retry_after.value_or(5), 1, kMaxRetryAfter);
  return v;
}

std::string DisableReason(const DeliveryVerdict& v, int64_t now, int64_t failing_since) {
  if (v.succeeded) return {};
  if (v.gone) return "the endpoint answered 410 Gone";
  return now - failing_since >= kDisableAfterFailingSeconds ? "no successful delivery for 5 days" : "";
}

}  // namespace supplyhub::features
