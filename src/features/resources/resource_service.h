#pragma once
// CRUD, bulk, child and action operations of one declared resource:
// transport-free logic over the storage interface. Every write goes through
// a RowWriter (the write invariants live there). Outputs are JSON for `data`.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "features/resources/resource_repository.h"
#include "features/resources/row_writer.h"
#include "http/etag.h"
#include "schema/validate.h"

namespace supplyhub::features {

inline constexpr size_t kMaxBulkRows = 1000;

struct PageResult {
  std::string data_json;  // JSON array
  int64_t total = 0;
  int64_t rows = 0;
  bool counted = true;      // false: a filtered cursor page, not counted
  std::string next_cursor;  // empty: no rows follow
};

// Work that joins a write's transaction: Before runs first, After once the
// change is made, with the JSON the write answers (`data`). Either failing
// rolls the whole write back. (Idempotency keys are recorded this way.)
class WriteHook {
 public:
  virtual ~WriteHook() = default;
  virtual Task<Result<void>> Before(storage::Transaction& tx) = 0;
  virtual Task<Result<void>> After(storage::Transaction& tx, std::string_view data) = 0;
};

// Who writes: the organization every statement is scoped to, and the user;
// and what the request asks of the write besides its body.
struct Caller {
  int64_t org = 0;
  int64_t user_id = 0;
  std::string client_address;  // throttles e-signature passwords like logins
  std::string actor = "null";  // JSON: who the events of this write name (ActorJson)
  // If-Match: the row written must still have one of these ETags, checked
  // inside the write transaction (row locked on PostgreSQL), else 412.
  const http::EntityTags* if_match = nullptr;
  WriteHook* hook = nullptr;
};

struct Written {
  std::string json;
  bool replayed = false;  // an idempotency key named an earlier write: its result
};

// Runs before every write, off the write path, on the body the write was
// sent (e-signatures: a password is verified like a login): refuses it, or
// hands the write the signature the body carries. Whether a change needs one
// is the write path's decision (Behavior::changing), for every path alike.
using WriteGuard = std::function<Task<Result<std::optional<Signer>>>(const Caller&, const schema::Resource&,
                                                                      const schema::Record& body)>;

class ResourceService {
 public:
  ResourceService(const schema::Resource& resource, storage::Database& db, const BehaviorRegistry& behaviors);

  const schema::Resource& resource() const { return repo_.resource(); }
  void SetWriteGuard(WriteGuard guard) { guard_ = std::move(guard); }
  // Called after a write that recorded events has committed (wakes the webhook deliveries).
  void SetEventsCommitted(std::function<void()> on_commit) { events_committed_ = std::move(on_commit); }

  Task<Result<PageResult>> List(int64_t org, ListQuery query);
  Task<Result<std::string>> Get(int64_t org, int64_t id);
  Task<Result<Written>> Create(Caller caller, schema::Record record);
  Task<Result<std::string>> Update(Caller caller, int64_t id, schema::Record record);
  Task<Result<std::string>> Delete(Caller caller, int64_t id);
  Task<Result<std::string>> Act(Caller caller, int64_t id, const schema::Action& action, schema::Record input);
  // All-or-nothing: either every row is written or none, with per-row errors.
  Task<Result<std::string>> BulkCreate(Caller caller, std::vector<schema::Record> rows);
  Task<Result<std::string>> BulkReplace(Caller caller, std::vector<schema::Record> rows);

  Task<Result<std::string>> ListChildren(int64_t org, const schema::Child& child, int64_t parent_id);
  Task<Result<std::string>> GetChild(int64_t org, const schema::Child& child, int64_t parent_id, int64_t id);
  Task<Result<std::string>> CreateChild(Caller caller, const schema::Child& child, int64_t parent_id,
                                        schema::Record record);
  Task<Result<std::string>> UpdateChild(Caller caller, const schema::Child& child, int64_t parent_id, int64_t id,
                                        schema::Record record);
  Task<Result<std::string>> DeleteChild(Caller caller, const schema::Child& child, int64_t parent_id, int64_t id);

 private:
  using Step = std::function<Task<Result<void>>(RowWriter&)>;
  // One write transaction with a RowWriter; unique conflicts explained.
  // `answer` gives the JSON the write answers, for the caller's hook;
  // `body` what was sent, for the guard (read before `step` runs).
  Task<Result<void>> Write(const Caller& caller, Step step, std::function<std::string_view()> answer = {},
                           const schema::Record* body = nullptr);
  // If-Match inside the write: a 404 when row `id` (under `parent_id`, for a
  // child) does not exist, a 412 when its ETag is not one of caller.if_match.
  Task<Result<void>> CheckIfMatch(const Caller& caller, RowWriter& w, const schema::Resource& r, int64_t id,
                                  int64_t parent_id = 0);
  // Update and Act: `change` applies `changes` to row `id` (false: no such
  // row), after the If-Match check.
  Task<Result<std::string>> Change(const Caller& caller, int64_t id, const schema::Record& changes,
                                   std::function<Task<Result<bool>>(RowWriter&)> change);
  // A unique-key conflict as field messages (storage says "unique:<column>").
  FieldErrors ConflictFields(const Error& e) const;
  Error ExplainConflict(Error e) const;

  ResourceRepository repo_;
  storage::Database& db_;
  const BehaviorRegistry& behaviors_;
  WriteGuard guard_;
  std::function<void()> events_committed_;
};

}  // namespace supplyhub::features
