// The order of a resource's actions in the Postman collection: walks through its lifecycle.
#include "documents/postman_internal.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/registry.h"

namespace supplyhub::documents::detail {

using schema::Action;
using schema::Resource;

namespace {

std::string InitialState(const Resource& r) {
  if (r.lifecycle.field.empty()) return "";
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return "";
  const schema::Field& f = r.fields[static_cast<size_t>(i)];
  if (const auto* s = std::get_if<std::string>(&f.default_value)) return *s;
  return f.enum_values.empty() ? "" : f.enum_values.front();
}

bool Allowed(const Action& a, const std::string& state) {
  return a.from.empty() || std::find(a.from.begin(), a.from.end(), state) != a.from.end();
}

// A state no action leaves (a cancelled order); none while an action may start anywhere.
bool Terminal(const Resource& r, const std::string& state) {
  return std::none_of(r.lifecycle.actions.begin(), r.lifecycle.actions.end(),
                      [&](const Action& a) { return Allowed(a, state); });
}

// Rows of `r` that other tables may point at (a pick ticket's order).
bool Referenced(const Resource& r) {
  for (const Resource* t : schema::AllTables())
    for (const schema::Field& f : t->fields)
      if (t != &r && f.type == schema::FieldType::kReference && f.references == r.name && !f.read_only) return true;
  return false;
}

struct Walk {
  std::vector<const Action*> actions;
  std::vector<bool> used;
  std::vector<const Action*> path, best;
  std::function<bool(const std::string&)> may_end;  // in this state
};

// The longest sequence of distinct actions that one row can go through from
// `state` and end as `may_end` allows (the first such in declaration order).
void LongestWalk(Walk& walk, const std::string& state) {
  if (walk.path.size() > walk.best.size() && walk.may_end(state)) walk.best = walk.path;
  if (walk.best.size() == walk.actions.size()) return;
  for (size_t i = 0; i < walk.actions.size(); ++i) {
    if (walk.used[i] || !Allowed(*walk.actions[i], state)) continue;
    walk.used[i] = true;
    walk.path.push_back(walk.actions[i]);
    LongestWalk(walk, walk.actions[i]->to.empty() ? state : walk.actions[i]->to);
    walk.path.pop_back();
    walk.used[i] = false;
    if (walk.best.size() == walk.actions.size()) return;
  }
}

std::string After(const Action& a, const std::string& state) { return a.to.empty() ? state : a.to; }

// The fewest actions that take a row from `from` to a state `goal` accepts
// (breadth first over the lifecycle's states), or nullopt.
std::optional<std::vector<const Action*>> ShortestPath(const Resource& r, const std::string& from,
                                                       const std::function<bool(const std::string&)>& goal) {
  std::map<std::string, std::vector<const Action*>> reached{{from, {}}};
  std::vector<std::string> queue{from};
  for (size_t next = 0; next < queue.size(); ++next) {
    const std::string state = queue[next];
    if (goal(state)) return reached[state];
    for (const Action& a : r.lifecycle.actions) {
      if (!Allowed(a, state) || reached.count(After(a, state))) continue;
      auto path = reached[state];
      path.push_back(&a);
      reached[After(a, state)] = std::move(path);
      queue.push_back(After(a, state));
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::vector<Step>> ActionWalks(const Resource& r) {
  Walk walk;
  for (const Action& a : r.lifecycle.actions) walk.actions.push_back(&a);
  const std::string initial = InitialState(r);
  const bool keep_alive = Referenced(r);
  auto take_longest = [&](const std::string& from, std::vector<Step>& steps) {
    walk.used.assign(walk.actions.size(), false);
    walk.path.clear();
    walk.best.clear();
    LongestWalk(walk, from);
    for (const Action* a : walk.best) {
      steps.push_back({a, false});
      walk.actions.erase(std::find(walk.actions.begin(), walk.actions.end(), a));
    }
  };
  std::vector<std::vector<Step>> walks(1);
  walk.may_end = [&](const std::string& state) { return !keep_alive || !Terminal(r, state); };
  take_longest(initial, walks[0]);
  walk.may_end = [](const std::string&) { return true; };
  while (!walk.actions.empty()) {
    std::vector<Step> steps;
    for (const Action* next : walk.actions) {
      auto path = ShortestPath(r, initial, [next](const std::string& state) { return Allowed(*next, state); });
      if (!path) continue;
      std::string state = initial;
      for (const Action* a : *path) {
        steps.push_back({a, true});
        state = After(*a, state);
      }
      steps.push_back({next, false});
      walk.actions.erase(std::find(walk.actions.begin(), walk.actions.end(), next));
      take_longest(After(*next, state), steps);
      break;
    }
    if (steps.empty()) {  // unreachable
      for (const Action* a : walk.actions) walks.back().push_back({a, false});
      break;
    }
    walks.push_back(std::move(steps));
  }
  return walks;
}

std::vector<const Action*> PathToDeletable(const Resource& r) {
  auto path = ShortestPath(r, InitialState(r), [&r](const std::string& state) { return !r.LockOn(state, ""); });
  return path ? *path : std::vector<const Action*>{};
}

}  // namespace supplyhub::documents::detail
