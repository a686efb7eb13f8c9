#pragma once
// The code behind declarations: each resource's Behavior (computed fields,
// action side effects), registered with the write path's port
// (features/resources/behavior.h). Each is a transport-free function over the
// write transaction (a RowWriter).
#include "features/resources/behavior.h"

namespace supplyhub::features {

// Adds the behavior of every resource that has one.
void RegisterBehaviors(BehaviorRegistry& registry);

}  // namespace supplyhub::features
