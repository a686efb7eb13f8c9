#include "features/resources/row_writer.h"

#include <algorithm>
#include <map>

#include "features/resources/behavior.h"
#include "schema/row_json.h"
#include "schema/value_format.h"
#include "storage/dialect.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

using schema::Record;
using schema::Resource;
using storage::Value;

std::string P(size_t n) { return storage::Placeholder(n); }

// The statements of one declared table, built once.
struct TableSql {
  std::string insert;           // RETURNING id
  std::string select_row;       // id, parent id (0 for top-level), declared columns
  std::string select_row_locked;  // the same, FOR UPDATE (PostgreSQL)
  std::string update_row;
  std::string delete_row;
  std::string render;           // schema::kStoredColumns
  std::string select_children;  // a child table: select_row's columns + doc, created_at, updated_at
  std::string count_children;
  std::string delete_children;
  std::vector<std::string> reference_checks;    // per field; empty when not a reference
  std::vector<std::string> external_id_lookups; // per field
};

TableSql Build(const Resource& r) {
  TableSql s;
  const std::string& t = r.name;
  std::string cols = schema::DeclaredColumns(r);
  std::string parent_col = r.IsChild() ? r.parent_key : "0";
  std::string names = "org_id", values = "$1";
  size_t n = 1;
  if (r.IsChild()) {
    names += ", " + r.parent_key;
    values += ", " + P(++n);
  }
  for (const auto& f : r.fields) {
    names += ", " + schema::ColumnName(f.name);
    values += ", " + P(++n);
  }
  s.insert = "INSERT INTO " + t + " (" + names + ", doc, created_at, updated_at) VALUES (" + values + ", " + P(n + 1) +
             ", " + P(n + 2) + ", " + P(n + 2) + ") RETURNING " + std::string(schema::kStoredColumns);
  s.select_row = "SELECT id, " + parent_col + (cols.empty() ? "" : ", " + cols) + " FROM " + t +
                 " WHERE org_id = $1 AND id = $2";
  s.select_row_locked = s.select_row + " FOR UPDATE";
  std::string sets;
  n = 2;
  for (const auto& f : r.fields) sets += schema::ColumnName(f.name) + " = " + P(++n) + ", ";
  s.update_row = "UPDATE " + t + " SET " + sets + "doc = " + P(n + 1) + ", updated_at = " + P(n + 2) +
                 " WHERE org_id = $1 AND id = $2";
  s.delete_row = "DELETE FROM " + t + " WHERE org_id = $1 AND id = $2";
  s.render = "SELECT " + std::string(schema::kStoredColumns) + " FROM " + t + " WHERE org_id = $1 AND id = $2";
  if (r.IsChild()) {
    std::string where = " FROM " + t + " WHERE org_id = $1 AND " + r.parent_key + " = $2";
    s.select_children = "SELECT id, " + parent_col + (cols.empty() ? "" : ", " + cols) +
                        ", doc, created_at, updated_at" + where + " ORDER BY id";
    s.count_children = "SELECT count(*)" + where;
    s.delete_children = "DELETE" + where;
  }
  for (const auto& f : r.fields) {
    bool ref = f.type == schema::FieldType::kReference;
    s.reference_checks.push_back(ref ? "SELECT 1 FROM " + f.references + " WHERE org_id = $1 AND id = $2" : "");
    const Resource* target = ref ? schema::FindTable(f.references) : nullptr;
    bool by_external_id = target && target->FieldIndex("external_id") >= 0;  // child rows have none
    s.external_id_lookups.push_back(
        by_external_id ? "SELECT id FROM " + f.references + " WHERE org_id = $1 AND external_id = $2" : "");
  }
  return s;
}

const TableSql& SqlFor(const Resource& r) {
  static const std::map<const Resource*, TableSql> all = [] {
    std::map<const Resource*, TableSql> m;
    for (const Resource* t : schema::AllTables()) m.emplace(t, Build(*t));
    return m;
  }();
  return all.at(&r);
}

StoredRow RowFrom(const Resource& r, const storage::Row& row) {
  return StoredRow{row.Int(0), row.Int(1), schema::RecordFromRow(r, row, 2), {}, {}, {}};
}

// {"id":…, <doc>, "created_at":…, "updated_at":…} from columns starting at `first`.
void WriteChild(const storage::Row& row, int first, JsonWriter& out) {
  out.StartObject().Key("id").Int(row.Int(0)).RawMembers(row.Text(first));
  out.Key("created_at").String(row.Text(first + 1)).Key("updated_at").String(row.Text(first + 2)).EndObject();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error NoSuch(const Resource& r, int64_t id) {
  return Error::Of(ErrorCode::kNotFound, "No " + r.singular + " with id " + std::to_string(id));
}

const std::string* CurrencyOf(const Resource& r, const Record& rec) {
  int i = r.FieldIndex("currency");
  return i < 0 ? nullptr : std::get_if<std::string>(&rec.values[static_cast<size_t>(i)]);
}

// Money arrives as decimal text (validation cannot know the currency of an
// update): into integer minor units of the row's currency, or field errors.
void ToMinorUnits(const Resource& r, Record& rec, const std::string* row_currency, FieldErrors& fields) {
  const std::string* sent = CurrencyOf(r, rec);
  int ci = r.FieldIndex("currency");
  const std::string* currency = ci >= 0 && rec.present[static_cast<size_t>(ci)] && sent ? sent : row_currency;
  if (!currency) currency = sent;
  if (currency && !schema::IsCurrencyCode(*currency)) {
    fields["currency"].push_back("must be an ISO 4217 code of three capital letters (USD, EUR, JPY)");
    return;
  }
  int exponent = schema::CurrencyExponent(currency ? *currency : "");
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (r.fields[i].type != schema::FieldType::kMoney) continue;
    const auto* text = std::get_if<std::string>(&rec.values[i]);
    if (!text) continue;
    int64_t minor = 0;
    if (!schema::ParseMoney(*text, exponent, minor)) {
      fields[r.fields[i].name].push_back("has more decimals than " + (currency ? *currency : std::string("USD")) +
                                         " has (" + std::to_string(exponent) + ")");
      continue;
    }
    rec.values[i] = minor;
  }
}

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

std::string StateOf(const Resource& r, const Record& rec) {
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return {};
  const auto* s = std::get_if<std::string>(&rec.values[static_cast<size_t>(i)]);
  return s ? *s : std::string();
}

}  // namespace

Record MakeRecord(const Resource& r, std::initializer_list<std::pair<std::string_view, Value>> values) {
  Record rec;
  for (const auto& f : r.fields) rec.values.push_back(f.default_value);
  rec.present.assign(r.fields.size(), false);
  rec.inputs.assign(r.inputs.size(), Value{});
  rec.children.assign(r.children.size(), schema::ChildRows{});
  for (const auto& [name, value] : values) SetField(r, rec, name, value), rec.present[static_cast<size_t>(r.FieldIndex(name))] = true;
  return rec;
}

const Value& FieldValue(const Resource& r, const Record& rec, std::string_view name) {
  return rec.values.at(static_cast<size_t>(r.FieldIndex(name)));
}

void SetField(const Resource& r, Record& rec, std::string_view name, Value value) {
  rec.values.at(static_cast<size_t>(r.FieldIndex(name))) = std::move(value);
}

Error FieldsInvalid(FieldErrors fields) {
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields = std::move(fields);
  return e;
}

RowWriter::RowWriter(storage::Transaction& tx, storage::Dialect dialect, const BehaviorRegistry& behaviors,
                     int64_t org, int64_t user_id, std::string now, bool lock_rows)
    : tx_(tx),
      dialect_(dialect),
      behaviors_(behaviors),
      org_(org),
      user_id_(user_id),
      now_(std::move(now)),
      lock_rows_(lock_rows && dialect == storage::Dialect::kPostgres) {}

Task<Result<size_t>> RowWriter::FlushEvents(std::string_view actor) {
  return outbox_.Flush({tx_, dialect_, org_, now_},
                       [this](const Resource& r, int64_t id, JsonWriter& out) { return Render(r, id, out); }, actor);
}

Task<Result<void>> RowWriter::ResolveReferences(const Resource& r, Record& rec, FieldErrors& fields,
                                                const std::string& prefix, const std::string* row_currency) {
  if (prefix.empty()) ToMinorUnits(r, rec, row_currency, fields);
  const TableSql& sql = SqlFor(r);
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (sql.reference_checks[i].empty() || !rec.present[i]) continue;
    const schema::Field& f = r.fields[i];
    Value& v = rec.values[i];
    if (const auto* text = std::get_if<std::string>(&v)) {  // an external id, else our id as text
      std::string key = *text;
      Value p[] = {Value{org_}, Value{key}};
      std::optional<int64_t> found;
      if (!sql.external_id_lookups[i].empty()) {
        auto ran = co_await tx_.Execute(sql.external_id_lookups[i], p, [&](const storage::Row& row) { found = row.Int(0); });
        if (!ran) co_return Fail(ran.error());
      }
      if (found) v = *found;
      else if (AllDigits(key)) v = static_cast<int64_t>(std::stoll(key));
      else {
        fields[prefix + f.name].push_back("refers to no " + f.references + " row with external_id '" + key +
                                          "' in this organization");
        continue;
      }
    }
    const auto* id = std::get_if<int64_t>(&v);
    if (!id) continue;
    Value p[] = {Value{org_}, Value{*id}};
    bool exists = false;
    auto ran = co_await tx_.Execute(sql.reference_checks[i], p, [&exists](const storage::Row&) { exists = true; });
    if (!ran) co_return Fail(ran.error());
    if (!exists)
      fields[prefix + f.name].push_back("refers to no " + f.references + " row with id " + std::to_string(*id) +
                                        " in this organization");
  }
  for (size_t c = 0; c < rec.children.size(); ++c) {
    auto& rows = rec.children[c].rows;
    for (size_t k = 0; k < rows.size(); ++k) {
      auto resolved = co_await ResolveReferences(*r.children[c].resource, rows[k], fields,
                                                 prefix + r.children[c].name + "[" + std::to_string(k) + "].");
      if (!resolved) co_return resolved;
    }
  }
  co_return Result<void>{};
}

Task<Result<void>> RowWriter::CheckedReferences(const Resource& r, Record& rec, const std::string* row_currency) {
  FieldErrors fields;
  if (auto resolved = co_await ResolveReferences(r, rec, fields, "", row_currency); !resolved) co_return resolved;
  if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
  co_return Result<void>{};
}

Task<Result<int64_t>> RowWriter::InsertRow(const Resource& r, Record& rec, int64_t parent_id, JsonWriter* out) {
  if (r.IsChild())  // a child's computed fields are set before it is first stored (its parent renders it)
    if (const Behavior* behavior = behaviors_.Find(r.name); behavior && behavior->compute) {
      StoredRow row{0, parent_id, std::move(rec), {}, {}, {}};
      auto computed = co_await behavior->compute(*this, r, row);
      rec = std::move(row.record);
      if (!computed) co_return Fail(computed.error());
    }
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

namespace {

// The state a write asks for (its status, or the status's boolean mirror),
// or "" when none. The fields are taken out of `rec`: only actions move states.
std::string RequestedState(const Resource& r, Record& rec, const std::string& current) {
  const auto& life = r.lifecycle;
  if (life.field.empty()) return {};
  auto state = static_cast<size_t>(r.FieldIndex(life.field));
  std::string target;
  if (rec.present[state])
    if (const auto* s = std::get_if<std::string>(&rec.values[state])) target = *s;
  if (!life.flag_field.empty()) {
    auto flag = static_cast<size_t>(r.FieldIndex(life.flag_field));
    if (rec.present[flag]) {
      const auto* on = std::get_if<int64_t>(&rec.values[flag]);
      const auto* initial = std::get_if<std::string>(&r.fields[state].default_value);
      if (on && initial) target = *on ? life.flag_state : *initial;
      rec.present[flag] = false;
    }
  }
  rec.present[state] = false;
  rec.values[state] = Value{current};
  return target == current ? std::string() : target;
}

Error CannotMove(const Resource& r, const std::string& current, const std::string& target) {
  return Error::Of(ErrorCode::kInvalidTransition,
                   "A " + r.singular + " in state '" + current + "' cannot move to '" + target + "'");
}

// The body of an action run for a state change sent by a write: nothing sent.
Record NoInput(const schema::Action& action) {
  return MakeRecord(Resource("input", "input", "", action.inputs), {});
}

}  // namespace

Task<Result<int64_t>> RowWriter::Create(const Resource& r, Record rec, JsonWriter* out) {
  if (auto one = ExactlyOne(r, rec); !one) co_return Fail(one.error());
  if (auto checked = co_await CheckedReferences(r, rec); !checked) co_return Fail(checked.error());
  // A new row starts in the initial state; a state asked for runs its action after the insert.
  const schema::Action* transition = nullptr;
  if (!r.lifecycle.field.empty()) {
    const auto* initial = std::get_if<std::string>(&r.fields[static_cast<size_t>(r.FieldIndex(r.lifecycle.field))].default_value);
    std::string start = initial ? *initial : std::string();
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

Task<Result<void>> RowWriter::ReplaceChildren(const Resource& r, int64_t id, Record& rec, bool fresh) {
  for (size_t c = 0; c < r.children.size(); ++c) {
    if (c >= rec.children.size() || !rec.children[c].present) continue;
    const Resource& child = *r.children[c].resource;
    Value p[] = {Value{org_}, Value{id}};
    if (!fresh)
      if (auto gone = co_await tx_.Execute(SqlFor(child).delete_children, p); !gone) co_return Fail(gone.error());
    if (auto inserted = co_await InsertRows(child, rec.children[c].rows, id); !inserted) co_return inserted;
  }
  co_return Result<void>{};
}

Task<Result<std::optional<StoredRow>>> RowWriter::Load(const Resource& r, int64_t id) {
  Value p[] = {Value{org_}, Value{id}};
  std::optional<StoredRow> out;
  const TableSql& sql = SqlFor(r);
  auto ran = co_await tx_.Execute(lock_rows_ ? sql.select_row_locked : sql.select_row, p,
                                  [&](const storage::Row& row) { out = RowFrom(r, row); });
  if (!ran) co_return Fail(ran.error());
  co_return out;
}

Task<Result<std::vector<StoredRow>>> RowWriter::LoadChildren(const schema::Child& child, int64_t parent_id) {
  Value p[] = {Value{org_}, Value{parent_id}};
  std::vector<StoredRow> out;
  const int first = 2 + static_cast<int>(child.resource->fields.size());
  auto ran = co_await tx_.Execute(SqlFor(*child.resource).select_children, p, [&](const storage::Row& row) {
    out.push_back(RowFrom(*child.resource, row));
    JsonWriter w;
    WriteChild(row, first, w);
    out.back().json = w.Take();
  });
  if (!ran) co_return Fail(ran.error());
  co_return out;
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
    auto acted = co_await RunAction(r, id, *transition, no_input);
    if (!acted) co_return Fail(acted.error());
  }
  co_return true;
}

Task<Result<bool>> RowWriter::RunAction(const Resource& r, int64_t id, const schema::Action& action,
                                        const Record& input) {
  auto loaded = co_await Load(r, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded) co_return false;
  StoredRow row = std::move(**loaded);
  std::string current = StateOf(r, row.record);
  if (!action.from.empty() && std::find(action.from.begin(), action.from.end(), current) == action.from.end()) {
    std::string allowed;
    for (const auto& s : action.from) allowed += (allowed.empty() ? "" : ", ") + s;
    co_return Fail(ErrorCode::kInvalidTransition, "Cannot " + action.name + " a " + r.singular + " in state '" +
                                                      current + "' (allowed from: " + allowed + ")");
  }
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

Task<Result<int64_t>> RowWriter::CreateChild(const Resource& parent, const schema::Child& child, int64_t parent_id,
                                             Record rec) {
  auto p = co_await Load(parent, parent_id);
  if (!p) co_return Fail(p.error());
  if (!*p) co_return Fail(NoSuch(parent, parent_id));
  Value key[] = {Value{org_}, Value{parent_id}};
  int64_t count = 0;
  auto counted = co_await tx_.Execute(SqlFor(*child.resource).count_children, key,
                                      [&count](const storage::Row& row) { count = row.Int(0); });
  if (!counted) co_return Fail(counted.error());
  if (static_cast<size_t>(count) >= child.resource->max_children)
    co_return Fail(ErrorCode::kValidation, "A " + parent.singular + " has at most " +
                                               std::to_string(child.resource->max_children) + " " + child.name);
  if (auto checked = co_await CheckedReferences(*child.resource, rec); !checked) co_return Fail(checked.error());
  auto id = co_await InsertRow(*child.resource, rec, parent_id);
  if (!id) co_return id;
  outbox_.Updated(parent, parent_id, {child.name});
  if (auto stored = co_await Store(parent, **p); !stored) co_return Fail(stored.error());
  co_return *id;
}

Task<Result<bool>> RowWriter::UpdateChild(const Resource&, const schema::Child& child, int64_t parent_id, int64_t id,
                                          Record changes) {
  auto loaded = co_await Load(*child.resource, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded || (*loaded)->parent_id != parent_id) co_return false;
  if (auto checked = co_await CheckedReferences(*child.resource, changes); !checked) co_return Fail(checked.error());
  StoredRow row = std::move(**loaded);
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
      for (size_t c = 0; c < width; ++c) sql += (c ? ", " : "") + P(k * width + c + 1);
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

Task<Result<bool>> RowWriter::Render(const Resource& r, int64_t id, JsonWriter& out) {
  Value p[] = {Value{org_}, Value{id}};
  auto ran = co_await tx_.Execute(SqlFor(r).render, p, [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
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
