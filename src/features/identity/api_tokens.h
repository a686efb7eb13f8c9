#pragma once
// API tokens (seed 004): created by owners and admins for one organization,
// "full" or a custom list of scopes, optionally bound to one integration,
// purged automatically after 1h…30d or never. Shown once, stored hashed.
#include "features/identity/auth_service.h"
#include "core/json_writer.h"
#include "http/router.h"

namespace supplyhub::features {

struct ApiTokenSpec {
  std::string name;
  std::string description;
  std::vector<std::string> scopes;  // {"*"} for full access
  std::string auto_purge = "never";
  int64_t integration_id = 0;
};

// Checks a spec given outside HTTP (the admin CLI): scopes and auto_purge.
Result<void> CheckApiTokenSpec(const ApiTokenSpec& spec);
// Stores a new token for `user` in `org`; `row_json` receives the stored row.
// Returns the token itself — the only time it exists outside the client.
Task<Result<std::string>> CreateApiToken(storage::Database& db, const std::string& region, int64_t user, int64_t org,
                                         const ApiTokenSpec& spec, JsonWriter& row_json);

void AddApiTokenRoutes(http::Router& router, storage::Database& db, AuthService& auth);

}  // namespace supplyhub::features
