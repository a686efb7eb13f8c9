#pragma once
// API tokens (seed 004): created by owners and admins for one organization,
// "full" or a custom list of scopes, optionally bound to one integration,
// purged automatically after 1h…30d or never. Shown once, stored hashed.
#include "features/identity/auth_service.h"
#include "http/router.h"

namespace supplyhub::features {

void AddApiTokenRoutes(http::Router& router, storage::Database& db, AuthService& auth);

}  // namespace supplyhub::features
