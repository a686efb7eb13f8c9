#pragma once
// Per-organization rate-limit overrides: stored, loaded at start, and set by
// owners with PUT /v1/organizations/{id}/rate_limits.
#include "http/rate_limiter.h"
#include "http/router.h"
#include "storage/database.h"

namespace supplyhub::features {

// Applies the stored overrides to `limiter`, and from then on those that
// other nodes set. Call from a plain thread at start-up.
Result<void> LoadRateLimitOverrides(storage::Database& db, http::RateLimiter& limiter);
// Only applies the stored overrides, once (no subscription outliving `limiter`).
Result<void> ReadOverrides(storage::Database& db, http::RateLimiter& limiter);
void AddRateLimitRoutes(http::Router& router, storage::Database& db, http::RateLimiter& limiter);

}  // namespace supplyhub::features
