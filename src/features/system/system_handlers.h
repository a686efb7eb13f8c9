#pragma once
// Status, health, readiness, metrics and the OpenAPI document: the routes
// that need no organization.
#include <functional>

#include "http/router.h"
#include "storage/database.h"

namespace supplyhub::features {

// `draining`: true once shutdown began (/readyz then answers 503).
void AddSystemRoutes(http::Router& router, storage::Database& db, std::function<bool()> draining);

}  // namespace supplyhub::features
