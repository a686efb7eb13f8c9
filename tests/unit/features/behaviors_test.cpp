// Domain code is bound to declarations by name: a renamed resource or action
// would silently drop its behavior. Every name must match a declaration.
#include "features/domain/behaviors.h"

#include <gtest/gtest.h>

#include "features/domain/esignature.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

TEST(BehaviorsTest, EveryBehaviorAndActionNameMatchesADeclaration) {
  BehaviorRegistry registry;
  RegisterBehaviors(registry);
  ASSERT_FALSE(registry.all().empty());
  for (const auto& [name, behavior] : registry.all()) {
    const schema::Resource* r = schema::FindTable(name);
    ASSERT_NE(r, nullptr) << "behavior of undeclared resource " << name;
    EXPECT_EQ(registry.Find(name), &behavior) << name << " is registered twice";
    for (const auto& [action, run] : behavior.actions) {
      EXPECT_NE(r->FindAction(action), nullptr) << name << " declares no action " << action;
      EXPECT_TRUE(run) << name << "." << action << " has no code";
    }
    if (!behavior.lock_first.empty()) {
      EXPECT_GE(r->FieldIndex(behavior.lock_first), 0) << name;
    }
  }
}

// A resource declaring the e-signature input is checked on every change by
// the write path itself, whichever route or code makes it.
TEST(BehaviorsTest, EverySignedResourceIsCheckedOnEveryChange) {
  BehaviorRegistry registry;
  RegisterBehaviors(registry);
  size_t signed_resources = 0;
  for (const schema::Resource* r : schema::AllResources()) {
    if (r->InputIndex(kESignaturePassword) < 0) continue;
    ++signed_resources;
    const Behavior* behavior = registry.Find(r->name);
    ASSERT_NE(behavior, nullptr) << r->name;
    EXPECT_TRUE(behavior->changing) << r->name;
  }
  EXPECT_GT(signed_resources, 0u);
}

TEST(BehaviorsTest, AnUnknownResourceHasNoBehavior) {
  BehaviorRegistry registry;
  RegisterBehaviors(registry);
  EXPECT_EQ(registry.Find("no_such_resource"), nullptr);
  EXPECT_NE(registry.Find("payments"), nullptr);
}

}  // namespace
}  // namespace supplyhub::features
