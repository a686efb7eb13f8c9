#pragma once
// The one place rows of declared resources are written. Whatever writes a
// row — CRUD, bulk, a child route, an action — goes through a RowWriter, so
// the invariants kept here hold for every write: references resolved
// (external ids) and kept inside the organization, embedded children stored
// and rendered into their parent's JSON, computed fields recomputed,
// lifecycle transitions run as actions, row counts and page anchors kept,
// and every change of a top-level row noted as an event in the outbox
// (features/events/outbox.h). Every statement is scoped by org_id.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "features/events/outbox.h"
#include "features/resources/row_reader.h"
#include "features/resources/stored_row.h"
#include "schema/record.h"
#include "schema/resource.h"
#include "storage/database.h"

namespace supplyhub::features {

class BehaviorRegistry;  // features/resources/behavior.h

// An e-signature the write carries, verified before it began (the caller's
// own password, checked off the write path: features/domain/esignature.h).
// The write path's `changing` hooks demand and record it.
struct Signer {
  int64_t user_id = 0;
  std::optional<std::string> reason;
};

// Reads (Load, LoadChildren, Render) are the RowReader's, with row locks.
class RowWriter : public RowReader {
 public:
  // `lock_rows`: Load takes a row lock on PostgreSQL (SELECT … FOR UPDATE), so two
  // writes under one parent re-render it one after the other, each seeing the
  // other's children (SQLite has one writer).
  // `behaviors`: the domain code bound to resources by name (app's registry).
  RowWriter(storage::Transaction& tx, storage::Dialect dialect, const BehaviorRegistry& behaviors, int64_t org,
            int64_t user_id, std::string now, bool lock_rows = true);

  int64_t user_id() const { return user_id_; }
  const std::string& now() const { return now_; }
  // The events of this write so far; the caller flushes them before COMMIT.
  Outbox& outbox() { return outbox_; }
  // Writes them, each with its row as it is now (Outbox::Flush); last in a write.
  Task<Result<size_t>> FlushEvents(std::string_view actor);
  // The signature this write carries, if any.
  void SetSigner(std::optional<Signer> signer) { signer_ = std::move(signer); }
  const Signer* signer() const { return signer_ ? &*signer_ : nullptr; }

  // A new top-level row with its embedded children; returns its id and, with
  // `out`, writes the row as stored (children and computed fields included).
  Task<Result<int64_t>> Create(const schema::Resource& r, schema::Record rec, JsonWriter* out = nullptr);
  // Applies the fields `changes` carries (and its children, when sent) to row
  // `id`; a status change runs the matching action. False: no such row.
  Task<Result<bool>> Update(const schema::Resource& r, int64_t id, schema::Record changes);
  // `out`: the row as it was, for the answer.
  Task<Result<bool>> Delete(const schema::Resource& r, int64_t id, JsonWriter* out = nullptr);
  // Runs a declared action on row `id` (inputs validated against its declaration),
  // checked by the resource's `changing` hook like any change.
  Task<Result<bool>> RunAction(const schema::Resource& r, int64_t id, const schema::Action& action,
                               const schema::Record& input);

  // Child rows of `parent` (a top-level resource), addressed below it.
  Task<Result<int64_t>> CreateChild(const schema::Resource& parent, const schema::Child& child, int64_t parent_id,
                                    schema::Record rec);
  Task<Result<bool>> UpdateChild(const schema::Resource& parent, const schema::Child& child, int64_t parent_id,
                                 int64_t id, schema::Record changes);
  Task<Result<bool>> DeleteChild(const schema::Resource& parent, const schema::Child& child, int64_t parent_id,
                                 int64_t id);

  // Many new rows of a resource without children (bulk); unique conflicts fail the call.
  Task<Result<void>> InsertMany(const schema::Resource& r, std::vector<schema::Record>& recs, JsonWriter& out);

  // Stores `row`'s values as they are now and re-renders it (and its parent,
  // unless `with_parent` is false: an action storing several children stores
  // the parent once at the end).
  Task<Result<void>> Store(const schema::Resource& r, const StoredRow& row, bool with_parent = true);

  // Turns external ids into ids and checks every reference stays in the
  // organization, and turns money into minor units (of the row's currency
  // when `rec` sends none); problems are 422 field messages (`prefix` names a child row).
  Task<Result<void>> ResolveReferences(const schema::Resource& r, schema::Record& rec, FieldErrors& fields,
                                       const std::string& prefix = "", const std::string* row_currency = nullptr);

 private:
  // `fresh`: a row just inserted has no children to delete first.
  Task<Result<void>> ReplaceChildren(const schema::Resource& r, int64_t id, schema::Record& rec, bool fresh);
  Task<Result<int64_t>> InsertRow(const schema::Resource& r, schema::Record& rec, int64_t parent_id,
                                  JsonWriter* out = nullptr);
  // Many rows of `r` (children of `parent_id` when `r` is a child), a few statements for all.
  Task<Result<void>> InsertRows(const schema::Resource& r, std::vector<schema::Record>& recs, int64_t parent_id,
                                JsonWriter* out = nullptr, std::vector<std::pair<int64_t, std::string>>* rows = nullptr);
  Task<Result<void>> AddToCount(const schema::Resource& r, int64_t delta);
  // The action itself; `checked`: its `changing` hook runs (an update's state
  // change was checked as the update).
  Task<Result<bool>> Act(const schema::Resource& r, int64_t id, const schema::Action& action,
                         const schema::Record& input, bool checked);
  // Behavior::changing of `r`, when it has one.
  bool HasChangingHook(const schema::Resource& r) const;
  Task<Result<void>> Changing(const schema::Resource& r, const StoredRow& row, std::string_view what,
                              const schema::Record& changes);
  // Before `row` of `r` is deleted: its `changing` hook, as a "delete".
  Task<Result<void>> Going(const schema::Resource& r, const StoredRow& row);
  // Before the rows of `child` under `parent_id` are deleted (with their
  // parent, or replaced): each one's.
  Task<Result<void>> ChildrenGoing(const schema::Child& child, int64_t parent_id);
  // A write of one row of `child` through its own route is an "update" of
  // the parent: its hook runs, with the collection marked sent.
  Task<Result<void>> ParentChanging(const schema::Resource& parent, const schema::Child& child, const StoredRow& row);
  // ResolveReferences, its problems as one 422.
  Task<Result<void>> CheckedReferences(const schema::Resource& r, schema::Record& rec,
                                       const std::string* row_currency = nullptr);

  const BehaviorRegistry& behaviors_;
  int64_t user_id_;
  std::string now_;
  Outbox outbox_;
  std::optional<Signer> signer_;
};

}  // namespace supplyhub::features
