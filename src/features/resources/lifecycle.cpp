#include "features/resources/lifecycle.h"

#include <algorithm>

#include "features/resources/stored_row.h"

namespace supplyhub::features {

using schema::Record;
using schema::Resource;
using storage::Value;

std::string StateOf(const Resource& r, const Record& rec) {
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return {};
  const auto* s = std::get_if<std::string>(&rec.values[static_cast<size_t>(i)]);
  return s ? *s : std::string();
}

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

std::string InitialState(const Resource& r) {
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return {};
  const auto* initial = std::get_if<std::string>(&r.fields[static_cast<size_t>(i)].default_value);
  return initial ? *initial : std::string();
}

Error CannotMove(const Resource& r, const std::string& current, const std::string& target) {
  return Error::Of(ErrorCode::kInvalidTransition,
                   "A " + r.singular + " in state '" + current + "' cannot move to '" + target + "'");
}

Result<void> CheckActionFrom(const Resource& r, const schema::Action& action, const std::string& current) {
  if (action.from.empty() || std::find(action.from.begin(), action.from.end(), current) != action.from.end())
    return {};
  std::string allowed;
  for (const auto& s : action.from) allowed += (allowed.empty() ? "" : ", ") + s;
  return Fail(ErrorCode::kInvalidTransition, "Cannot " + action.name + " a " + r.singular + " in state '" + current +
                                                 "' (allowed from: " + allowed + ")");
}

Record NoInput(const schema::Action& action) {
  return MakeRecord(Resource("input", "input", "", action.inputs), {});
}

}  // namespace supplyhub::features
