#include "features/resources/row_writer.h"

#include "features/resources/behavior.h"
#include "features/resources/lifecycle.h"
#include "features/resources/table_sql.h"
#include "features/resources/write_rules.h"
#include "schema/registry.h"
#include "schema/row_json.h"
#include "storage/dialect.h"

namespace supplyhub::features {
namespace {

using schema::Record;
using schema::Resource;
using storage::Value;

// Resource::exactly_one: one field of each group set, or a 422 naming the group.
Result<void> ExactlyOne(const Resource& r, const Record& rec) {
  for (const auto& group : r.exactly_one) {
    size_t set = 0;
    std::string names;
    for (const auto& name : group) {
      set += !storage::IsNull(rec.values[static_cast<size_t>(r.FieldIndex(name))]);
      names += (names.empty() ? "" : " or ") + name;
    }
    if (set != 1)
      return Fail(FieldsInvalid({{group.front(), {set ? "cannot be given with " + names + ": exactly one of them"
                                                      : "is required (or " + names + "): exactly one of them"}}}));
  }
  return {};
}

// What a delete sends: nothing (built outside coroutines: GCC 12 cannot keep
// an initializer_list's array in a coroutine frame).
Record NothingSent(const Resource& r) { return MakeRecord(r, {}); }

}  // namespace

RowWriter::RowWriter(storage::Transaction& tx, storage::Dialect dialect, const BehaviorRegistry& behaviors,
                     int64_t org, int64_t user_id, std::string now, bool lock_rows)
    : RowReader(tx, dialect, org, lock_rows), behaviors_(behaviors), user_id_(user_id), now_(std::move(now)) {}

Task<Result<size_t>> RowWriter::FlushEvents(std::string_view actor) {
  return outbox_.Flush({tx_, dialect_, org_, now_},
                       [this](const Resource& r, int64_t id, JsonWriter& out) { return Render(r, id, out); }, actor);
}

Task<Result<int64_t>> RowWriter::InsertRow(const Resource& r, Record& rec, int64_t parent_id, JsonWriter* out) {
  if (r.IsChild())  // a child's computed fields are set before it is first stored (its parent renders it)
    if (const Behavior* behavior = behaviors_.Find(r.name); behavior && behavior->compute) {
      StoredRow row{0, parent_id, std::move(rec), {}, {}, {}};
      auto computed = co_await behavior->compute(*this, r, row);
      rec = std::move(row.record);
      if (!computed) co_return Fail(computed.error());
    }
  if (auto ranged = CheckMaximums(r, rec); !ranged) co_return Fail(ranged.error());
  std::string doc = schema::RenderDoc(r, rec);
  if (r.IsChild()) doc = "\"" + r.parent_key + "\":" + std::to_string(parent_id) + (doc.empty() ? "" : "," + doc);
  for (const auto& c : r.children) doc += ",\"" + c.name + "\":[]";  // filled by Store once they are in
  std::vector<Value> params;
  params.reserve(rec.values.size() + 5);
  params.emplace_back(org_);
  if (r.IsChild()) params.emplace_back(parent_id);
  params.insert(params.end(), rec.values.begin(), rec.values.end());
  params.emplace_back(std::move(doc));
  params.emplace_back(now_);
  int64_t id = 0;
  auto ran = co_await tx_.Execute(SqlFor(r).insert, params, [&](const storage::Row& row) {
    id = row.Int(0);
    if (out) schema::WriteStoredRow(row, *out);
  });
  if (!ran) co_return Fail(ran.error());
  co_return id;
}

Task<Result<int64_t>> RowWriter::Create(const Resource& r, Record rec, JsonWriter* out) {
  if (auto one = ExactlyOne(r, rec); !one) co_return Fail(one.error());
  if (auto checked = co_await CheckedReferences(r, rec); !checked) co_return Fail(checked.error());
  // A new row starts in the initial state; a state asked for runs its action after the insert.
  const schema::Action* transition = nullptr;
  if (!r.lifecycle.field.empty()) {
    std::string start = InitialState(r);
    std::string target = RequestedState(r, rec, start);
    if (!target.empty() && !(transition = r.TransitionTo(start, target))) co_return Fail(CannotMove(r, start, target));
  }
  const Behavior* behavior = behaviors_.Find(r.name);
  if (behavior && !behavior->lock_first.empty() && lock_rows_) {
    int i = r.FieldIndex(behavior->lock_first);
    if (const auto* target = std::get_if<int64_t>(&rec.values[static_cast<size_t>(i)]))
      if (auto locked = co_await Load(*schema::FindTable(r.fields[static_cast<size_t>(i)].references), *target); !locked)
        co_return Fail(locked.error());
  }
  // A row nothing rewrites after its insert is answered from the insert itself.
  bool final_at_insert = r.children.empty() && !(behavior && (behavior->compute || behavior->created)) &&
                         r.lifecycle.flag_field.empty() && !transition;
  const size_t answered_before = out ? out->View().size() : 0;
  auto id = co_await InsertRow(r, rec, 0, final_at_insert ? out : nullptr);
  if (!id) co_return id;
  // Its event carries the row as answered when nothing rewrites it (no second read).
  outbox_.Created(r, *id, final_at_insert && out ? std::string(out->View().substr(answered_before)) : std::string());
  if (auto replaced = co_await ReplaceChildren(r, *id, rec, true); !replaced) co_return Fail(replaced.error());
  if (!r.children.empty() || (behavior && behavior->compute) || !r.lifecycle.flag_field.empty()) {
    StoredRow row{*id, 0, rec, rec.present, {}, {}};  // what was just inserted: no need to read it back
    row.record.children.clear();
    if (auto stored = co_await Store(r, row); !stored) co_return Fail(stored.error());
  }
  if (behavior && behavior->created) {
    auto row = co_await Load(r, *id);
    if (!row) co_return Fail(row.error());
    if (auto done = co_await behavior->created(*this, **row); !done) co_return Fail(done.error());
  }
  if (auto counted = co_await AddToCount(r, 1); !counted) co_return Fail(counted.error());
  if (transition) {
    Record no_input = NoInput(*transition);
    if (auto acted = co_await RunAction(r, *id, *transition, no_input); !acted) co_return Fail(acted.error());
  }
  if (out && !final_at_insert)
    if (auto shown = co_await Render(r, *id, *out); !shown) co_return Fail(shown.error());
  co_return *id;
}

Task<Result<void>> RowWriter::Store(const Resource& r, const StoredRow& given, bool with_parent) {
  StoredRow row = given;
  const auto& life = r.lifecycle;
  if (!life.flag_field.empty()) {  // the boolean mirror follows the state
    int flag = r.FieldIndex(life.flag_field);
    row.record.values[static_cast<size_t>(flag)] = int64_t{StateOf(r, row.record) == life.flag_state ? 1 : 0};
  }
  row.children.clear();
  for (const auto& c : r.children) {  // loaded once: for `compute`, and embedded so a read is one row
    auto loaded = co_await LoadChildren(c, row.id);
    if (!loaded) co_return Fail(loaded.error());
    row.children.push_back(std::move(*loaded));
  }
  if (const Behavior* behavior = behaviors_.Find(r.name); behavior && behavior->compute)
    if (auto computed = co_await behavior->compute(*this, r, row); !computed) co_return computed;
  if (auto ranged = CheckMaximums(r, row.record); !ranged) co_return ranged;
  std::string doc = schema::RenderDoc(r, row.record);
  if (r.IsChild()) doc = "\"" + r.parent_key + "\":" + std::to_string(row.parent_id) + (doc.empty() ? "" : "," + doc);
  for (size_t c = 0; c < r.children.size(); ++c) {
    doc += ",\"" + r.children[c].name + "\":[";
    for (size_t k = 0; k < row.children[c].size(); ++k) doc += (k ? "," : "") + row.children[c][k].json;
    doc += "]";
  }
  std::vector<Value> params{Value{org_}, Value{row.id}};
  params.insert(params.end(), row.record.values.begin(), row.record.values.end());
  params.emplace_back(std::move(doc));
  params.emplace_back(now_);
  if (auto ran = co_await tx_.Execute(SqlFor(r).update_row, params); !ran) co_return Fail(ran.error());
  if (!r.IsChild()) outbox_.Updated(r, row.id, {});  // a side effect of another write (unless noted already)
  if (r.IsChild() && with_parent) {  // the parent embeds this row and may compute from it
    const Resource* parent = schema::FindTable(r.parent);
    auto p = co_await Load(*parent, row.parent_id);
    if (!p) co_return Fail(p.error());
    if (*p) co_return co_await Store(*parent, **p);
  }
  co_return Result<void>{};
}

Task<Result<bool>> RowWriter::Update(const Resource& r, int64_t id, Record changes) {
  auto loaded = co_await Load(r, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded) co_return false;
  StoredRow row = std::move(**loaded);
  if (auto checked = co_await CheckedReferences(r, changes, CurrencyOf(r, row.record)); !checked)
    co_return Fail(checked.error());
  if (auto kept = co_await CheckLockedChanges(*this, r, row, changes); !kept) co_return Fail(kept.error());
  // Checked as sent (a state among the fields), before anything changes.
  if (auto allowed = co_await Changing(r, row, "update", changes); !allowed) co_return Fail(allowed.error());

  // A state asked for by PUT/PATCH (or its boolean mirror) runs the action that moves there.
  const schema::Action* transition = nullptr;
  std::string current = StateOf(r, row.record);
  std::string target = RequestedState(r, changes, current);
  if (!target.empty() && !(transition = r.TransitionTo(current, target))) co_return Fail(CannotMove(r, current, target));
  row.changed = changes.present;
  std::vector<std::string> changed;
  for (size_t i = 0; i < changes.values.size(); ++i)
    if (changes.present[i]) row.record.values[i] = std::move(changes.values[i]), changed.push_back(r.fields[i].name);
  for (size_t c = 0; c < changes.children.size() && c < r.children.size(); ++c)
    if (changes.children[c].present) changed.push_back(r.children[c].name);
  if (!changed.empty() || !transition) outbox_.Updated(r, id, std::move(changed));
  if (auto one = ExactlyOne(r, row.record); !one) co_return Fail(one.error());
  if (auto replaced = co_await ReplaceChildren(r, id, changes, false); !replaced) co_return Fail(replaced.error());
  if (auto stored = co_await Store(r, row); !stored) co_return Fail(stored.error());
  if (transition) {
    Record no_input = NoInput(*transition);
    auto acted = co_await Act(r, id, *transition, no_input, false);
    if (!acted) co_return Fail(acted.error());
  }
  co_return true;
}

Task<Result<bool>> RowWriter::RunAction(const Resource& r, int64_t id, const schema::Action& action,
                                        const Record& input) {
  co_return co_await Act(r, id, action, input, true);
}

Task<Result<bool>> RowWriter::Act(const Resource& r, int64_t id, const schema::Action& action, const Record& input,
                                  bool checked) {
  auto loaded = co_await Load(r, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded) co_return false;
  StoredRow row = std::move(**loaded);
  std::string current = StateOf(r, row.record);
  if (auto allowed = CheckActionFrom(r, action, current); !allowed) co_return Fail(allowed.error());
  if (checked)
    if (auto allowed = co_await Changing(r, row, action.name, input); !allowed) co_return Fail(allowed.error());
  if (!action.to.empty()) row.record.values[static_cast<size_t>(r.FieldIndex(r.lifecycle.field))] = action.to;
  if (!r.IsChild()) outbox_.Acted(r, id, action);
  if (const Behavior* behavior = behaviors_.Find(r.name))
    for (const auto& [name, run] : behavior->actions)
      if (name == action.name) {
        ActionCall call{*this, r, row, input};
        if (auto done = co_await run(call); !done) co_return Fail(done.error());
      }
  if (auto stored = co_await Store(r, row); !stored) co_return Fail(stored.error());
  co_return true;
}

Task<Result<bool>> RowWriter::Delete(const Resource& r, int64_t id, JsonWriter* out) {
  if (auto kept = co_await CheckDeletable(*this, behaviors_.Find(r.name), r, id); !kept) co_return Fail(kept.error());
  if (HasChangingHook(r)) {  // the row may refuse to go, or release what it holds
    auto loaded = co_await Load(r, id);
    if (!loaded) co_return Fail(loaded.error());
    if (!*loaded) co_return false;
    if (auto allowed = co_await Going(r, **loaded); !allowed) co_return Fail(allowed.error());
  }
  for (const auto& c : r.children)  // they go with it (ON DELETE CASCADE): their hooks first
    if (auto going = co_await ChildrenGoing(c, id); !going) co_return Fail(going.error());
  JsonWriter was;  // the event carries the row as it was (and so does the answer, when asked)
  auto shown = co_await Render(r, id, was);
  if (!shown) co_return Fail(shown.error());
  if (!*shown) co_return false;
  Value p[] = {Value{org_}, Value{id}};
  auto ran = co_await tx_.Execute(SqlFor(r).delete_row, p);  // children go with it (ON DELETE CASCADE)
  if (!ran) co_return Fail(ran.error());
  if (*ran == 0) co_return false;
  if (out) out->Raw(was.View());
  outbox_.Deleted(r, id, was.Take());
  if (auto counted = co_await AddToCount(r, -1); !counted) co_return Fail(counted.error());
  co_return true;
}

bool RowWriter::HasChangingHook(const Resource& r) const {
  const Behavior* behavior = behaviors_.Find(r.name);
  return behavior && behavior->changing;
}

Task<Result<void>> RowWriter::Changing(const Resource& r, const StoredRow& row, std::string_view what,
                                       const Record& changes) {
  const Behavior* behavior = behaviors_.Find(r.name);
  if (!behavior || !behavior->changing) co_return Result<void>{};
  co_return co_await behavior->changing(*this, r, row, what, changes);
}

Task<Result<void>> RowWriter::Going(const Resource& r, const StoredRow& row) {
  Record nothing = NothingSent(r);
  co_return co_await Changing(r, row, "delete", nothing);
}

Task<Result<void>> RowWriter::ChildrenGoing(const schema::Child& child, int64_t parent_id) {
  if (child.read_only || !HasChangingHook(*child.resource)) co_return Result<void>{};
  auto rows = co_await LoadChildren(child, parent_id);
  if (!rows) co_return Fail(rows.error());
  for (const StoredRow& row : *rows)
    if (auto allowed = co_await Going(*child.resource, row); !allowed) co_return allowed;
  co_return Result<void>{};
}

Task<Result<void>> RowWriter::AddToCount(const Resource& r, int64_t delta) {
  if (r.IsChild()) co_return Result<void>{};  // listed below their parent, never paged
  // Concurrent writers (PostgreSQL, several nodes) update different shards
  // instead of queueing on one row lock until each other's COMMIT. With one
  // writer (SQLite) every write lands on shard 0.
  constexpr uint32_t kCountShards = 16;
  thread_local uint32_t next_shard = 0;
  int64_t shard = dialect_ == storage::Dialect::kSqlite ? 0 : static_cast<int64_t>(next_shard++ % kCountShards);
  Value params[] = {Value{org_}, Value{r.name}, Value{shard}, Value{delta}, Value{int64_t{delta < 0 ? 1 : 0}}};
  auto ran = co_await tx_.Execute(
      "INSERT INTO resource_counts (org_id, resource, shard, n, removals) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (org_id, resource, shard) DO UPDATE SET n = resource_counts.n + excluded.n, "
      "removals = resource_counts.removals + excluded.removals",
      params);
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

}  // namespace supplyhub::features
