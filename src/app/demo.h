#pragma once
#include "core/error.h"
#include "features/identity/identity_repository.h"

namespace supplyhub::app {

// Seeds the sandbox organization "Demo Org" and its owner User1 / Password123
// (user1@example.com), the example credentials of seed 000. Idempotent.
Result<void> SeedDemo(features::IdentityRepository& identity);

}  // namespace supplyhub::app
