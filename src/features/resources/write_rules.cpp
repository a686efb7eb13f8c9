// Ranges and locks: the declared rules RowWriter checks on every write path.
#include "features/resources/write_rules.h"

#include <algorithm>

#include "features/resources/behavior.h"
#include "features/resources/lifecycle.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

using schema::FieldType;
using schema::Lock;
using schema::Record;
using schema::Resource;

// "credit_note" -> "credit note".
std::string Spoken(const Resource& r) {
  std::string name = r.singular;
  for (char& c : name)
    if (c == '_') c = ' ';
  return name;
}

// 409 immutable: "Payment 7 is posted: <rule>", with the member refused.
Error Locked(const Resource& r, int64_t id, const std::string& state, const Lock& lock, const std::string& member) {
  std::string name = Spoken(r);
  std::string message = name + " " + std::to_string(id) + " is " + state + ": " + lock.rule;
  if (message[0] >= 'a' && message[0] <= 'z') message[0] = static_cast<char>(message[0] - 'a' + 'A');
  Error e = Error::Of(ErrorCode::kImmutable, std::move(message));
  if (!member.empty()) e.fields[member].push_back("cannot change once the " + name + " is " + state);
  return e;
}

// The writable values of child rows sent (in create form) equal the stored ones, row by row.
bool SameRows(const Resource& child, const std::vector<Record>& sent, const std::vector<StoredRow>& stored) {
  if (sent.size() != stored.size()) return false;
  for (size_t k = 0; k < sent.size(); ++k)
    for (size_t i = 0; i < child.fields.size(); ++i)
      if (!child.fields[i].read_only && sent[k].values[i] != stored[k].record.values[i]) return false;
  return true;
}

}  // namespace

Result<void> CheckMaximums(const Resource& r, const Record& rec) {
  FieldErrors fields;
  for (size_t i = 0; i < r.fields.size() && i < rec.values.size(); ++i) {
    const schema::Field& f = r.fields[i];
    const auto* v = f.max ? std::get_if<int64_t>(&rec.values[i]) : nullptr;
    if (!v) continue;  // no maximum, no value, or money not yet in minor units
    int exponent = 0;
    int64_t unit = 1;
    if (f.type == FieldType::kDecimal) {
      unit = schema::kDecimalScale;
    } else if (f.type == FieldType::kMoney) {
      const std::string* currency = CurrencyOf(r, rec);
      exponent = schema::CurrencyExponent(currency ? *currency : "");
      for (int k = 0; k < exponent; ++k) unit *= 10;
    }
    if (!schema::AboveMax(f, *v, unit)) continue;
    std::string value = f.type == FieldType::kDecimal ? schema::FormatDecimal(*v)
                        : f.type == FieldType::kMoney ? schema::FormatMoney(*v, exponent)
                                                      : std::to_string(*v);
    fields[f.name].push_back("must be at most " + std::to_string(*f.max) + " (would be " + value + ")");
  }
  if (!fields.empty()) return Fail(FieldsInvalid(std::move(fields)));
  return {};
}

Task<Result<void>> CheckLockedChanges(RowReader& reader, const Resource& r, const StoredRow& row, Record& changes) {
  if (r.locks.empty()) co_return Result<void>{};
  const std::string state = StateOf(r, row.record);
  for (size_t i = 0; i < r.fields.size() && i < changes.values.size(); ++i) {
    if (!changes.present[i] || changes.values[i] == row.record.values[i]) continue;
    if (const Lock* lock = r.LockOn(state, r.fields[i].name))
      co_return Fail(Locked(r, row.id, state, *lock, r.fields[i].name));
  }
  for (size_t c = 0; c < r.children.size() && c < changes.children.size(); ++c) {
    if (!changes.children[c].present) continue;
    const Lock* lock = r.LockOn(state, r.children[c].name);
    if (!lock) continue;
    auto stored = co_await reader.LoadChildren(r.children[c], row.id);
    if (!stored) co_return Fail(stored.error());
    if (!SameRows(*r.children[c].resource, changes.children[c].rows, *stored))
      co_return Fail(Locked(r, row.id, state, *lock, r.children[c].name));
    changes.children[c].present = false;  // sent as stored: kept, not rewritten
  }
  co_return Result<void>{};
}

Task<Result<void>> CheckLockedChild(RowReader& reader, const Resource& parent, const schema::Child& child,
                                    int64_t parent_id, const Record* changes, const StoredRow* child_row) {
  bool any = false;
  for (const Lock& lock : parent.locks)
    any = any || std::find(lock.members.begin(), lock.members.end(), child.name) != lock.members.end();
  if (!any) co_return Result<void>{};
  if (changes && child_row) {  // an update that changes nothing is no change
    bool same = true;
    for (size_t i = 0; i < changes->values.size() && same; ++i)
      same = !changes->present[i] || changes->values[i] == child_row->record.values[i];
    if (same) co_return Result<void>{};
  }
  auto p = co_await reader.Load(parent, parent_id);
  if (!p) co_return Fail(p.error());
  if (!*p) co_return Result<void>{};  // the caller answers 404
  const std::string state = StateOf(parent, (*p)->record);
  if (const Lock* lock = parent.LockOn(state, child.name))
    co_return Fail(Locked(parent, parent_id, state, *lock, child.name));
  co_return Result<void>{};
}

Task<Result<void>> CheckDeletable(RowWriter& writer, const Behavior* behavior, const Resource& r, int64_t id) {
  bool row_lock = false;
  for (const Lock& lock : r.locks) row_lock = row_lock || lock.row;
  if (!row_lock && !(behavior && behavior->deleting)) co_return Result<void>{};
  auto loaded = co_await writer.Load(r, id);
  if (!loaded) co_return Fail(loaded.error());
  if (!*loaded) co_return Result<void>{};  // the caller answers 404
  const std::string state = StateOf(r, (*loaded)->record);
  if (const Lock* lock = r.LockOn(state, ""))
    co_return Fail(Locked(r, id, state, *lock, ""));
  if (behavior && behavior->deleting) co_return co_await behavior->deleting(writer, **loaded);
  co_return Result<void>{};
}

}  // namespace supplyhub::features
