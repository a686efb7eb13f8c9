#pragma once
// Status, health, readiness, metrics and the OpenAPI document: the routes
// that need no organization.
#include "http/router.h"
#include "storage/database.h"

namespace supplyhub::features {

void AddSystemRoutes(http::Router& router, storage::Database& db);

}  // namespace supplyhub::features
