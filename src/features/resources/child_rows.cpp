// Child rows of the write path: added, changed and removed below their
// parent (which re-renders), replaced wholesale, and inserted many at a time.
#include "features/resources/row_writer.h"

#include <map>

#include "features/resources/behavior.h"
#include "features/resources/lifecycle.h"
#include "features/resources/table_sql.h"
#include "features/resources/write_rules.h"
#include "schema/registry.h"
#include "schema/row_json.h"
#include "storage/dialect.h"

namespace supplyhub::features {

using schema::Record;
using schema::Resource;
using storage::Value;

namespace {

// What a child route sends, seen from its parent: that collection (built
// outside coroutines: GCC 12 cannot keep an initializer_list's array in a coroutine frame).
Record ChildSent(const Resource& parent, const schema::Child& child) {
  Record rec = MakeRecord(parent, {});
  if (int c = parent.ChildIndex(child.name); c >= 0) rec.children[static_cast<size_t>(c)].present = true;
  return rec;
}

}  // namespace

Task<Result<void>> RowWriter::ParentChanging(const Resource& parent, const schema::Child& child, const StoredRow& row) {
  if (child.read_only || !HasChangingHook(parent)) co_return Result<void>{};
  Record sent = ChildSent(parent, child);
  co_return co_await Changing(parent, row, "update", sent);
}

Task<Result<void>> RowWriter::ReplaceChildren(const Resource& r, int64_t id, Record& rec, bool fresh) {
  for (size_t c = 0; c < r.children.size(); ++c) {
    if (c >= rec.children.size() || !rec.children[c].present) continue;
    const Resource& child = *r.children[c].resource;
    Value p[] = {Value{org_}, Value{id}};
    if (!fresh) {
      if (auto going = co_await ChildrenGoing(r.children[c], id); !going) co_return going;
      if (auto gone = co_await tx_.Execute(SqlFor(child).delete_children, p); !gone) co_return Fail(gone.error());
    }
    if (auto inserted = co_await InsertRows(child, rec.children[c].rows, id); !inserted) co_return inserted;
  }
  co_return Result<void>{};
}

Task<Result<int64_t>> RowWriter::CreateChild(const Resource& parent, const schema::Child& child, int64_t parent_id,
                                             Record rec) {
  auto p = co_await Load(parent, parent_id);
  if (!p) co_return Fail(p.error());
  if (!*p) co_return Fail(NoSuch(parent, parent_id));
  if (auto kept = co_await CheckLockedChild(*this, parent, child, parent_id); !kept) co_return Fail(kept.error());
  Value key[] = {Value{org_}, Value{parent_id}};
  int64_t count = 0;
  auto counted = co_await tx_.Execute(SqlFor(*child.resource).count_children, key,
                                      [&count](const storage::Row& row) { count = row.Int(0); });
  if (!counted) co_return Fail(counted.error());
  if (static_cast<size_t>(count) >= child.resource->max_children)
    co_return Fail(ErrorCode::kValidation, "A " + parent.singular + " has at most " +
                                               std::to_string(child.resource->max_children) + " " + child.name);
  if (auto checked = co_await CheckedReferences(*child.resource, rec); !checked) co_return Fail(checked.error());
  if (auto allowed = co_await ParentChanging(parent, child, **p); !allowed) co_return Fail(allowed.error());
  auto id = co_await InsertRow(*child.resource, rec, parent_id);
  if (!id) co_return id;
  outbox_.Updated(parent, parent_id, {child.name});
  if (auto stored = co_await Store(parent, **p); !stored) co_return Fail(stored.error());
  co_return *id;
}

Task<Result<bool>> RowWriter::UpdateChild(const Resource& parent, const schema::Child& child, int64_t parent_id,
                                          int64_t id, Record changes) {
  auto loaded = co_await Load(*child.resource, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded || (*loaded)->parent_id != parent_id) co_return false;
  if (auto checked = co_await CheckedReferences(*child.resource, changes); !checked) co_return Fail(checked.error());
  if (auto kept = co_await CheckLockedChild(*this, parent, child, parent_id, &changes, &**loaded); !kept)
    co_return Fail(kept.error());
  StoredRow row = std::move(**loaded);
  if (auto allowed = co_await Changing(*child.resource, row, "update", changes); !allowed) co_return Fail(allowed.error());
  if (!child.read_only && HasChangingHook(parent)) {
    auto p = co_await Load(parent, parent_id);
    if (!p) co_return Fail(p.error());
    if (*p)
      if (auto allowed = co_await ParentChanging(parent, child, **p); !allowed) co_return Fail(allowed.error());
  }
  for (size_t i = 0; i < changes.values.size(); ++i)
    if (changes.present[i]) row.record.values[i] = std::move(changes.values[i]);
  outbox_.Updated(*schema::FindTable(child.resource->parent), parent_id, {child.name});
  if (auto stored = co_await Store(*child.resource, row); !stored) co_return Fail(stored.error());
  co_return true;
}

Task<Result<bool>> RowWriter::DeleteChild(const Resource& parent, const schema::Child& child, int64_t parent_id,
                                          int64_t id) {
  auto loaded = co_await Load(*child.resource, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded || (*loaded)->parent_id != parent_id) co_return false;
  if (auto kept = co_await CheckLockedChild(*this, parent, child, parent_id); !kept) co_return Fail(kept.error());
  if (auto allowed = co_await Going(*child.resource, **loaded); !allowed) co_return Fail(allowed.error());
  if (!child.read_only && HasChangingHook(parent)) {
    auto parent_row = co_await Load(parent, parent_id);
    if (!parent_row) co_return Fail(parent_row.error());
    if (*parent_row)
      if (auto allowed = co_await ParentChanging(parent, child, **parent_row); !allowed) co_return Fail(allowed.error());
  }
  Value p[] = {Value{org_}, Value{id}};
  if (auto ran = co_await tx_.Execute(SqlFor(*child.resource).delete_row, p); !ran) co_return Fail(ran.error());
  outbox_.Updated(parent, parent_id, {child.name});
  auto p_row = co_await Load(parent, parent_id);
  if (!p_row) co_return Fail(p_row.error());
  if (*p_row)
    if (auto stored = co_await Store(parent, **p_row); !stored) co_return Fail(stored.error());
  co_return true;
}

Task<Result<void>> RowWriter::InsertMany(const Resource& r, std::vector<Record>& recs, JsonWriter& out) {
  // Rows are made in their first state: a state asked for would skip its
  // action, and the checks the action's way there makes (Create runs them).
  if (!r.lifecycle.field.empty()) {
    const std::string start = InitialState(r);
    for (Record& rec : recs)
      if (std::string target = RequestedState(r, rec, start); !target.empty())
        co_return Fail(ErrorCode::kInvalidTransition, "Many " + r.name + " are created in state '" + start +
                                                          "' only; create one alone to move it to '" + target + "'");
  }
  std::vector<std::pair<int64_t, std::string>> rows;  // nothing changes them later in this write
  if (auto inserted = co_await InsertRows(r, recs, 0, &out, &rows); !inserted) co_return inserted;
  for (auto& [id, json] : rows) outbox_.Created(r, id, std::move(json));
  co_return co_await AddToCount(r, static_cast<int64_t>(recs.size()));
}

Task<Result<void>> RowWriter::InsertRows(const Resource& r, std::vector<Record>& recs, int64_t parent_id,
                                         JsonWriter* out, std::vector<std::pair<int64_t, std::string>>* rows) {
  // Multi-row statements: far fewer statement executions than one per row.
  constexpr size_t kChunk = 64;
  const bool child = r.IsChild();
  const size_t width = r.fields.size() + (child ? 5 : 4);  // org_id, [parent], fields, doc, created_at, updated_at
  const std::string& single = SqlFor(r).insert;
  const std::string head = single.substr(0, single.find(" VALUES "));
  auto sql_for = [&](size_t rows) {
    std::string sql = head + " VALUES ";
    for (size_t k = 0; k < rows; ++k) {
      sql += k ? ", (" : "(";
      for (size_t c = 0; c < width; ++c) sql += (c ? ", " : "") + storage::Placeholder(k * width + c + 1);
      sql += ")";
    }
    return sql + " RETURNING " + std::string(schema::kStoredColumns);
  };
  static thread_local std::map<const Resource*, std::string> full_chunk;  // the common statement, built once
  const Behavior* behavior = child ? behaviors_.Find(r.name) : nullptr;
  const std::string parent_member = child ? "\"" + r.parent_key + "\":" + std::to_string(parent_id) : "";
  std::vector<Value> params;
  for (size_t start = 0; start < recs.size(); start += kChunk) {
    size_t n = std::min(kChunk, recs.size() - start);
    if (n == kChunk && !full_chunk.count(&r)) full_chunk[&r] = sql_for(kChunk);
    std::string sql = n == kChunk ? full_chunk[&r] : sql_for(n);
    params.clear();
    params.reserve(n * width);
    for (size_t k = start; k < start + n; ++k) {
      if (behavior && behavior->compute) {  // a child's computed fields are set before it is first stored
        StoredRow row{0, parent_id, std::move(recs[k]), {}, {}, {}};
        auto computed = co_await behavior->compute(*this, r, row);
        recs[k] = std::move(row.record);
        if (!computed) co_return Fail(computed.error());
      }
      if (auto ranged = CheckMaximums(r, recs[k]); !ranged) co_return Fail(ranged.error());
      params.emplace_back(org_);
      if (child) params.emplace_back(parent_id);
      params.insert(params.end(), recs[k].values.begin(), recs[k].values.end());
      std::string doc = recs[k].doc.empty() ? schema::RenderDoc(r, recs[k]) : recs[k].doc;
      if (child) doc = parent_member + (doc.empty() ? "" : "," + doc);
      params.emplace_back(std::move(doc));
      params.emplace_back(now_);
      params.emplace_back(now_);
    }
    auto ran = co_await tx_.Execute(sql, params, [&](const storage::Row& row) {
      if (out) schema::WriteStoredRow(row, *out);
      if (rows) {
        JsonWriter one(512);
        schema::WriteStoredRow(row, one);
        rows->emplace_back(row.Int(0), one.Take());
      }
    });
    if (!ran) co_return Fail(ran.error());
  }
  co_return Result<void>{};
}

}  // namespace supplyhub::features
