#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/task.h"
#include "http/request.h"

namespace supplyhub::http {

// What a handler sees: the request, its path parameters, and the single
// organization the request acts in (every domain query is scoped by it).
struct RequestContext {
  const Request& request;
  std::vector<std::string_view> params;  // values of {placeholders}, in order
  int64_t org_id = 0;
};

using Handler = std::function<Task<Result<Response>>(RequestContext&)>;

// How a route is reached and what it needs from the pipeline.
struct RouteOptions {
  bool json_body = false;       // POST/PUT/PATCH bodies must be application/json
  bool organization = true;     // runs inside an organization
  std::string summary;          // for OpenAPI and logs
};

}  // namespace supplyhub::http
