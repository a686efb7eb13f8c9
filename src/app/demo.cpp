#include "app/demo.h"

#include "core/log.h"
#include "core/password.h"
#include "storage/block_on.h"

namespace supplyhub::app {

Result<void> SeedDemo(features::IdentityRepository& identity) {
  auto existing = storage::BlockOn(identity.FindUser("User1"));
  if (!existing) return Fail(existing.error());
  if (*existing) return {};
  auto org = storage::BlockOn(identity.CreateOrganization("Demo Org", "sandbox"));
  if (!org) return Fail(org.error());
  auto user = storage::BlockOn(identity.CreateUser("User1", "user1@example.com", HashPassword("Password123")));
  if (!user) return Fail(user.error());
  if (auto member = storage::BlockOn(identity.AddMember(*org, *user, http::Role::kOwner)); !member)
    return Fail(member.error());
  log::Info("demo data seeded", {{"organization", "Demo Org"}, {"user", "User1"}});
  return {};
}

}  // namespace supplyhub::app
