#pragma once
// Lifecycle rules of the write path: a row's state, the state a write asks
// for, and the errors of a move the declaration does not allow.
#include <string>

#include "core/error.h"
#include "schema/record.h"
#include "schema/resource.h"

namespace supplyhub::features {

// The row's lifecycle state ("" when the resource has none).
std::string StateOf(const schema::Resource& r, const schema::Record& rec);
// The state a write asks for (its status, or the status's boolean mirror),
// or "" when none. The fields are taken out of `rec`: only actions move states.
std::string RequestedState(const schema::Resource& r, schema::Record& rec, const std::string& current);
// The resource's initial state (its state field's default).
std::string InitialState(const schema::Resource& r);
// 409: no action moves `current` to `target`.
Error CannotMove(const schema::Resource& r, const std::string& current, const std::string& target);
// 409 unless `action` may run from `current` (its `from` list).
Result<void> CheckActionFrom(const schema::Resource& r, const schema::Action& action, const std::string& current);
// The body of an action run for a state change sent by a write: nothing sent.
schema::Record NoInput(const schema::Action& action);

}  // namespace supplyhub::features
