#pragma once
// Thin HTTP adapters over the route table (schema/routes.h): every declared
// route of every resource, under /v1 and /api/v1. The conventions every
// resource shares live here: an ETag on every row read and written (304 on
// If-None-Match, 412 on a stale If-Match), Idempotency-Key on every POST,
// and cursor pages (?after=) on every list.
#include <memory>
#include <vector>

#include "features/resources/idempotency.h"
#include "features/resources/resource_service.h"
#include "http/router.h"

namespace supplyhub::features {

// Registers the routes of every service; the services and the key store must outlive the router.
void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services,
                       IdempotencyStore& keys);

}  // namespace supplyhub::features
