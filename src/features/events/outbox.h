#pragma once
// The outbox: what one write changed, as events. The RowWriter notes each
// change as it happens; Flush writes them in the same transaction, last, so
// a write that rolls back leaves no event. Events are numbered per
// organization under one row lock held to COMMIT, so `sequence` order is
// commit order: a consumer reading `sequence > n` never misses a row that
// commits later with a smaller number (the delivery loop relies on it).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "schema/resource.h"
#include "storage/database.h"

namespace supplyhub::features {


// Takes `n` numbers of `org`'s event sequence; returns the last. PostgreSQL:
// from `event_sequences`, whose row stays locked until COMMIT (call it last in
// a write). SQLite: after the largest in `events` (one writer numbers at a time).
Task<Result<int64_t>> TakeEventSequence(storage::Transaction& tx, storage::Dialect d, int64_t org, int64_t n);
// One event that is not a row's change (webhook_endpoint.disabled, a test
// event for `endpoint_id` alone): its id.
Task<Result<int64_t>> AppendEvent(storage::Transaction& tx, storage::Dialect d, int64_t org, std::string_view type,
                                  std::string_view resource, int64_t resource_id, std::string_view object,
                                  int64_t endpoint_id = 0);

struct PendingEvent {
  const schema::Resource* resource = nullptr;
  int64_t id = 0;
  std::string type;                  // part.created, pick_ticket.shipped
  std::vector<std::string> changed;  // updates: the fields the request set
  std::string object;                // deletes: the row as it was (else rendered at Flush)
};

// Deletes events made before `before` (unix seconds), with their messages and
// attempts — except each organization's newest, which numbering goes on from —
// and webhook secrets whose overlap ended (the events.purge job).
Task<Result<void>> PurgeOldEvents(storage::Database& db, int64_t before);

class Outbox {
 public:
  // `object`: the row as inserted, when nothing changes it later in this write.
  void Created(const schema::Resource& r, int64_t id, std::string object = {});
  // Dropped when the row already has an event in this write (its create or action says more).
  void Updated(const schema::Resource& r, int64_t id, std::vector<std::string> changed);
  void Acted(const schema::Resource& r, int64_t id, const schema::Action& action);
  void Deleted(const schema::Resource& r, int64_t id, std::string object);
  bool empty() const { return pending_.empty(); }
  const std::vector<PendingEvent>& pending() const { return pending_; }

  // Where Flush writes: the write's transaction, in organization `org` at `now`.
  struct Target {
    storage::Transaction& tx;
    storage::Dialect dialect;
    int64_t org;
    std::string_view now;
  };
  // Renders row `id` of `r` as it is now into `out`; false when it is gone.
  using RenderRow = std::function<Task<Result<bool>>(const schema::Resource& r, int64_t id, JsonWriter& out)>;
  // Writes the pending events (each with its row as `render` shows it now)
  // as `actor` (a JSON object). Returns how many were written. By value: a
  // coroutine's reference parameters would outlive the caller's temporaries.
  Task<Result<size_t>> Flush(Target to, RenderRow render, std::string_view actor);

 private:
  bool Has(const schema::Resource& r, int64_t id) const;
  std::vector<PendingEvent> pending_;
};

}  // namespace supplyhub::features
