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
#include "schema/validate.h"

namespace supplyhub::features {

inline constexpr size_t kMaxBulkRows = 1000;

struct PageResult {
  std::string data_json;  // JSON array
  int64_t total = 0;
  int64_t rows = 0;
};

// Who writes: the organization every statement is scoped to, and the user.
struct Caller {
  int64_t org = 0;
  int64_t user_id = 0;
  std::string client_address;  // throttles e-signature passwords like logins
};

struct Written {
  std::string json;
  bool replayed = false;  // an idempotency key named an earlier write: its result
};

// Checked before a write that changes a row (e-signatures): may refuse it,
// or hand back work to run inside the write (recording the signature).
using WriteGuard = std::function<Task<Result<std::function<Task<Result<void>>(RowWriter&, int64_t id)>>>(
    const Caller&, const schema::Resource&, const schema::Record& changes, std::string_view action)>;

class ResourceService {
 public:
  ResourceService(const schema::Resource& resource, storage::Database& db);

  const schema::Resource& resource() const { return repo_.resource(); }
  void SetWriteGuard(WriteGuard guard) { guard_ = std::move(guard); }

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
  Task<Result<void>> Write(const Caller& caller, Step step);
  Task<Result<std::function<Task<Result<void>>(RowWriter&, int64_t)>>> Guard(const Caller& caller,
                                                                               const schema::Record& changes,
                                                                               std::string_view action);
  Error NotFound(const schema::Resource& r, int64_t id) const;
  // A unique-key conflict as field messages (storage says "unique:<column>").
  FieldErrors ConflictFields(const Error& e) const;
  Error ExplainConflict(Error e) const;

  ResourceRepository repo_;
  storage::Database& db_;
  WriteGuard guard_;
};

}  // namespace supplyhub::features
