#pragma once
// The delivery loop's store (Svix's message store): events fanned out into
// messages per endpoint, due messages claimed as leases, attempts recorded.
// Every statement of the delivery loop is here; the loop (delivery.h) and the
// sender (webhook_sender.h) hold none.
#include <cstdint>
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
  // for `lease_seconds`, claimed fairly: the endpoints with due messages and
  // capacity (in flight below max_in_flight, tokens left in their rate
  // limit — both counted in the database, so across nodes) each get at most
  // min(capacity, a fair share of the room) (delivery_budget.h), in an
  // order whose start rotates from claim to claim; so one endpoint's backlog
  // never fills the room. An ordered endpoint's next message waits until
  // every earlier one is done. One write transaction; the endpoints taken are
  // locked SKIP LOCKED on PostgreSQL, their messages too.
  Result<std::vector<ClaimedMessage>> Claim(size_t room, int64_t lease_seconds);
  // The attempts, their messages' next state (delivery_outcome.h) and what
  // they mean for their endpoints (pauses, failing streaks, disabling).
  Result<void> Record(const std::vector<DeliveryOutcome>& done);

 private:
  // Whether `sql` (with $1 = now) finds a row: a read, so an idle turn costs
  // the one writer nothing.
  Result<bool> Finds(const std::string& sql);

  // An endpoint with due messages and room, as the claim's read found it.
  struct Candidate {
    int64_t id = 0, pending = 0, lapsed = 0;  // due messages (counted up to the room) and lapsed leases
  };
  // Up to `room` endpoints that may take messages now, from the rotating start on.
  Result<std::vector<Candidate>> Candidates(size_t room, int64_t now);
  // The claim's write: leases messages of `candidates`, signs them.
  Task<Result<void>> Lease(storage::Transaction& tx, const std::vector<Candidate>& candidates, size_t room,
                           int64_t lease_seconds, std::vector<ClaimedMessage>& claimed);
  // Reads, signs and heads the leased messages `ids` for sending.
  Task<Result<void>> Load(storage::Transaction& tx, const std::vector<int64_t>& ids, int64_t now,
                          std::vector<ClaimedMessage>& claimed);

  storage::Database& db_;
  const SecretBox& box_;
  int64_t start_after_ = 0;  // the claim's rotating start: endpoints after this id come first
};

}  // namespace supplyhub::features
