#pragma once
// Thin HTTP adapters over the route table (schema/routes.h): every declared
// route of every resource, under /v1 and /api/v1.
#include <memory>
#include <vector>

#include "features/resources/resource_service.h"
#include "http/router.h"

namespace supplyhub::features {

// Registers the routes of every service; the services must outlive the router.
void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services);

}  // namespace supplyhub::features
