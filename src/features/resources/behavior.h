#pragma once
// The port through which domain code (features/domain/) plugs into the write
// path: computed fields and the side effects of actions, bound to a resource
// (and action) by name. The write path (RowWriter) only knows this registry;
// app fills it at start-up (features::RegisterBehaviors) and hands it in.
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "features/resources/row_writer.h"

namespace supplyhub::features {

struct ActionCall {
  RowWriter& writer;
  const schema::Resource& resource;
  StoredRow& row;              // the row; changes to it are stored after the call
  const schema::Record& input; // the action's body, per schema::Action::inputs
};

struct Behavior {
  // Before a row is stored (create or update), after its children are in:
  // check business rules, set computed fields of `row`.
  std::function<Task<Result<void>>(RowWriter&, const schema::Resource&, StoredRow& row)> compute;
  // After a new row is stored (e.g. a stock operation moves the stock).
  std::function<Task<Result<void>>(RowWriter&, const StoredRow& row)> created;
  // Before a row is deleted: refuse what a lock's states cannot say (a credit
  // note part of which already paid an invoice). Locks are checked first.
  std::function<Task<Result<void>>(RowWriter&, const StoredRow& row)> deleting;
  // A reference field whose row a create locks before inserting (PostgreSQL):
  // the insert's foreign-key check takes a share lock on that row, and two
  // creates upgrading it in `created` would deadlock (payments on one invoice).
  std::string_view lock_first;
  // Before an existing row of this resource changes or goes, whichever path
  // writes it: `what` is "update" (`changes`: the fields sent; a child
  // collection is marked sent when one of its rows is written through its own
  // route), an action's name (`changes`: its input; a state sent by a create
  // runs its action, and is checked here; one sent by an update is checked as
  // the update) or "delete" (also when the row goes with its parent or its
  // parent's children are replaced). `row` is the row as stored. May refuse
  // (e-signatures, reserved stock) or write inside the same transaction (a
  // signature, a released reservation). Rows of read-only children are the
  // server's own and do not pass here.
  std::function<Task<Result<void>>(RowWriter&, const schema::Resource&, const StoredRow& row, std::string_view what,
                                   const schema::Record& changes)>
      changing;
  // Side effects of actions, by action name (an action without one only moves the state).
  std::vector<std::pair<std::string_view, std::function<Task<Result<void>>(ActionCall&)>>> actions;
};

class BehaviorRegistry {
 public:
  void Add(std::string_view resource, Behavior behavior) { all_.emplace_back(resource, std::move(behavior)); }
  // The behavior of a resource (a table name), or null when it is plain data.
  const Behavior* Find(std::string_view resource) const {
    for (const auto& [name, behavior] : all_)
      if (name == resource) return &behavior;
    return nullptr;
  }
  const std::vector<std::pair<std::string_view, Behavior>>& all() const { return all_; }

 private:
  std::vector<std::pair<std::string_view, Behavior>> all_;
};

}  // namespace supplyhub::features
