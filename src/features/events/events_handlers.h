#pragma once
// GET /v1/events (consumers that poll), GET /v1/events/{id}, GET /v1/event_types.
#include "http/router.h"
#include "storage/database.h"

namespace supplyhub::features {

void AddEventRoutes(http::Router& router, storage::Database& db);

}  // namespace supplyhub::features
