#pragma once
// Thin HTTP adapters: every declared resource gets
//   GET|POST /v1/<name>, GET|PUT|PATCH|DELETE /v1/<name>/{id},
//   POST|PUT /v1/<name>/bulk (when declared), under /v1 and /api/v1.
#include <memory>
#include <vector>

#include "features/resources/resource_service.h"
#include "http/router.h"

namespace supplyhub::features {

// Registers the routes of every service; the services must outlive the router.
void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services);

}  // namespace supplyhub::features
