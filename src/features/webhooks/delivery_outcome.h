#pragma once
// What one delivery attempt means for its message and its endpoint: a pure
// function of the answer, unit-tested like the retry schedule it applies.
#include <cstdint>
#include <optional>
#include <string>

namespace supplyhub::features {

// One finished attempt, as the sender saw it.
struct DeliveryOutcome {
  int64_t message_id = 0, endpoint_id = 0, org_id = 0, event_id = 0;
  int64_t attempts = 0;               // including this one
  long status = 0;                    // 0: no HTTP answer
  int64_t duration_ms = 0;
  std::string response, error;        // an excerpt of the answer; why there was none
  std::optional<int64_t> retry_after; // seconds, from the answer's Retry-After
};

struct DeliveryVerdict {
  std::string status;                  // the message: succeeded | pending | failed
  int64_t next_attempt_at = 0;         // unix seconds (now unless pending)
  bool retries = false;                // pending again at next_attempt_at
  std::optional<int64_t> pause_until;  // the endpoint asked us to slow down (429/502/503/504)
  bool succeeded = false;              // 2xx: the endpoint's failing streak ends
  bool gone = false;                   // 410: the endpoint is disabled at once
};

// `now_ms`: wall clock in milliseconds; `jitter` in [-1, 1] (retry_schedule.h).
DeliveryVerdict JudgeDelivery(const DeliveryOutcome& o, int64_t now_ms, double jitter);
// Why the endpoint is disabled after a failed attempt, or "" to keep it:
// 410 at once, else five days failing since `failing_since` (unix seconds).
std::string DisableReason(const DeliveryVerdict& v, int64_t now, int64_t failing_since);

}  // namespace supplyhub::features
