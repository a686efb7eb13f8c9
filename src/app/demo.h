#pragma once
#include "core/error.h"
#include "features/organizations/organization_directory.h"
#include "storage/database.h"

namespace supplyhub::app {

// Seeds the sandbox organization "Demo Org" and the user User1 / Password123
// (user1@example.com), the example credentials of seed 000. Idempotent.
Result<void> SeedDemo(storage::Database& db, features::OrganizationDirectory& organizations);

}  // namespace supplyhub::app
