#include "schema/resource.h"

#include <algorithm>

namespace supplyhub::schema {

int Resource::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  for (size_t i = 0; i < fields.size(); ++i)
    if (std::find(fields[i].aliases.begin(), fields[i].aliases.end(), field_name) != fields[i].aliases.end())
      return static_cast<int>(i);
  return -1;
}

int Resource::InputIndex(std::string_view input_name) const {
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].name == input_name) return static_cast<int>(i);
  return -1;
}

int Resource::ChildIndex(std::string_view child_name) const {
  for (size_t i = 0; i < children.size(); ++i)
    if (children[i].name == child_name) return static_cast<int>(i);
  return -1;
}

const Action* Resource::FindAction(std::string_view action_name) const {
  for (const Action& a : lifecycle.actions)
    if (a.name == action_name) return &a;
  return nullptr;
}

const Action* Resource::TransitionTo(std::string_view from, std::string_view to) const {
  for (const Action& a : lifecycle.actions)
    if (a.to == to && (a.from.empty() || std::find(a.from.begin(), a.from.end(), from) != a.from.end())) return &a;
  return nullptr;
}

const Lock* Resource::LockOn(std::string_view state, std::string_view member) const {
  for (const Lock& lock : locks) {
    if (std::find(lock.states.begin(), lock.states.end(), state) == lock.states.end()) continue;
    if (member.empty() ? lock.row : std::find(lock.members.begin(), lock.members.end(), member) != lock.members.end())
      return &lock;
  }
  return nullptr;
}

}  // namespace supplyhub::schema
