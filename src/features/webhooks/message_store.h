#pragma once
// The delivery loop's store (Svix's message store): events fanned out into
// messages per endpoint, due messages claimed as leases, attempts recorded.
// Every statement of the delivery loop is here; the loop (delivery.h) and the
// sender (webhook_sender.h) hold none.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "features/webhooks/delivery_outcome.h"
#include "features/webhooks/secret_box.h"
#include "storage/database.h"

namespace supplyhub::features {

// A claimed message, signed and ready to send.
struct ClaimedMessage {
  int64_t message_id = 0, endpoint_id = 0, org_id = 0, event_id = 0, attempts = 0;
  std::string url, body;
  std::vector<std::string> headers;  // "Name: value": content type, Standard Webhooks, the endpoint's own
};

class MessageStore {
 public:
  MessageStore(storage::Database& db, const SecretBox& box) : db_(db), box_(box) {}

  // Events past each enabled endpoint's cursor become messages (the endpoint's
  // types and filter decide), the cursor moves; one write transaction.
  Result<void> FanOut();
  // Up to `room` due messages (and lapsed leases of nodes that died), leased
  // for `lease_seconds`. `admit(endpoint, max_in_flight, rate_limit)` says whether one
  // more of an endpoint's messages may go now; an ordered endpoint's next
  // message waits until every earlier one is done.
  using Admit = std::function<bool(int64_t endpoint, int64_t max_in_flight, int64_t rate_limit)>;
  Result<std::vector<ClaimedMessage>> Claim(size_t room, int64_t lease_seconds, const Admit& admit);
  // The attempts, their messages' next state (delivery_outcome.h) and what
  // they mean for their endpoints (pauses, failing streaks, disabling).
  Result<void> Record(const std::vector<DeliveryOutcome>& done);

 private:
  // Whether `sql` (with $1 = now) finds a row: a read, so an idle turn costs
  // the one writer nothing.
  Result<bool> Finds(const std::string& sql);

  storage::Database& db_;
  const SecretBox& box_;
};

}  // namespace supplyhub::features
