#pragma once
// The SQL behind the webhook service (webhook_service.h): endpoints, their
// sealed secrets, the messages an operator queues again, the delivery logs,
// and the purge of deleted endpoints. Every statement is scoped by org_id (a
// secret through its endpoint's organization); a deleted endpoint (deleted_at
// set) is invisible to all of them but the purge. The delivery loop's own
// statements are message_store.h.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "features/webhooks/endpoint_spec.h"
#include "features/webhooks/subscription.h"
#include "storage/database.h"

namespace supplyhub::features {

enum class WebhookLog { kAttempts, kMessages };

class WebhookRepository {
 public:
  explicit WebhookRepository(storage::Dialect dialect) : dialect_(dialect) {}

  // --- endpoints
  Task<Result<int64_t>> CountEndpoints(storage::Transaction& tx, int64_t org) const;
  // The organization's last event number: a new or re-enabled endpoint starts after it.
  Task<Result<int64_t>> LastSequence(storage::Transaction& tx, int64_t org) const;
  // Inserts the endpoint (its defaults applied) and its first secret; writes the endpoint's JSON.
  Task<Result<int64_t>> Insert(storage::Transaction& tx, int64_t org, const EndpointSpec& spec, int64_t cursor,
                               const std::string& sealed_secret, JsonWriter& out) const;
  // The organization's endpoints as a JSON array's elements, in id order.
  Task<Result<void>> List(storage::Transaction& tx, int64_t org, JsonWriter& out) const;
  // Writes the endpoint's JSON; false when the organization has no such endpoint.
  Task<Result<bool>> Find(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const;
  Task<Result<bool>> Exists(storage::Transaction& tx, int64_t org, int64_t id) const;
  // The endpoint's stored (sealed) custom headers; "{}" when there is no such endpoint.
  Task<Result<std::string>> StoredHeaders(storage::Transaction& tx, int64_t org, int64_t id) const;
  // Whether the endpoint exists, held until the transaction ends (PostgreSQL:
  // FOR KEY SHARE) so the rows written next may reference it.
  Task<Result<bool>> Hold(storage::Transaction& tx, int64_t org, int64_t id) const;
  // Sets the fields `spec` names; `restart_at`: enabling starts deliveries
  // after that event number. False when there is no such endpoint.
  Task<Result<bool>> Update(storage::Transaction& tx, int64_t org, int64_t id, const EndpointSpec& spec,
                            std::optional<int64_t> restart_at) const;
  // Marks the endpoint deleted (gone from every read and from delivery) and
  // writes its JSON; false when there is no such endpoint.
  Task<Result<bool>> MarkDeleted(storage::Transaction& tx, int64_t org, int64_t id, int64_t now, JsonWriter& out) const;

  // --- secrets
  // When the endpoint's rotation bucket is full again (delivery_budget.h),
  // the row held for the rest of the transaction; nullopt: no such endpoint.
  Task<Result<std::optional<int64_t>>> RotationsFullAt(storage::Transaction& tx, int64_t org, int64_t id) const;
  // A new current secret: secrets already rotated out are deleted, the
  // current one signs until `overlap_until`, and the bucket's time is stored.
  Task<Result<void>> Rotate(storage::Transaction& tx, int64_t org, int64_t id, const std::string& sealed_secret,
                            int64_t overlap_until, int64_t rotations_full_at) const;

  // --- messages
  // A message for (endpoint, event), due `now`; an existing one goes out again.
  Task<Result<void>> QueueMessage(storage::Transaction& tx, int64_t org, int64_t id, int64_t event_id, int64_t seq,
                                  int64_t now) const;
  // The number of an event the endpoint may get (the organization's, or a test event of its own).
  Task<Result<std::optional<int64_t>>> EventSequence(storage::Transaction& tx, int64_t org, int64_t id,
                                                     int64_t event_id) const;
  // Failed messages of events since `since` are due again at `now`; how many.
  Task<Result<int64_t>> RecoverFailed(storage::Transaction& tx, int64_t org, int64_t id, int64_t since,
                                      int64_t now) const;
  // What the endpoint wants, the row held as by Hold(); nullopt: no such endpoint.
  Task<Result<std::optional<Subscription>>> HoldSubscription(storage::Transaction& tx, int64_t org, int64_t id) const;
  // Events since `since` and after number `after` that the endpoint has no
  // message for, at most `limit`, in order: on_event(id, seq, type, object).
  using OnEvent = std::function<void(int64_t id, int64_t seq, std::string_view type, std::string_view object)>;
  Task<Result<void>> EventsWithoutMessage(storage::Transaction& tx, int64_t org, int64_t id, int64_t since,
                                          int64_t after, int64_t limit, const OnEvent& on_event) const;

  // --- logs: a page of rows after key `after` (with `status` when given),
  // written as JSON objects, `last` the key of the last one written. Reads
  // one row more than `per_page` and returns how many it read (more than
  // per_page: another page follows).
  Task<Result<int64_t>> Log(storage::Transaction& tx, WebhookLog log, int64_t org, int64_t id, int64_t after,
                            int64_t per_page, const std::optional<std::string>& status, JsonWriter& out,
                            int64_t& last) const;

  // --- the purge of deleted endpoints (the webhooks.purge job)
  // Deleted endpoints, (org_id, id), at most `limit`, across organizations:
  // the one statement here not scoped by one (the job serves them all).
  Task<Result<std::vector<std::pair<int64_t, int64_t>>>> Deleted(storage::Transaction& tx, int64_t limit) const;
  // Removes up to `limit` rows of a deleted endpoint's history (attempts,
  // then messages); with none left, the endpoint itself. True once it is gone.
  Task<Result<bool>> PurgeSome(storage::Transaction& tx, int64_t org, int64_t id, int64_t limit) const;

 private:
  const storage::Dialect dialect_;
};

}  // namespace supplyhub::features
