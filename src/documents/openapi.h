#pragma once
// The OpenAPI 3.1 document, generated from the resource declarations.
#include <span>
#include <string>
#include <vector>

#include "schema/resource.h"

namespace supplyhub::documents {

// A route documented from the router rather than from a declaration
// (identity, OAuth, tokens, system routes).
struct RouteDoc {
  std::string method;  // "GET"
  std::string path;    // "/v1/auth/login"
  std::string summary;
  bool authenticated = false;
  std::string scope;   // empty: any authenticated caller (roles checked inside)
  std::string request_schema, response_schema;  // JSON Schema text; empty: none
  int success_status = 200;
};

std::string OpenApiDocument(std::span<const schema::Resource* const> resources, std::string_view version,
                            std::span<const RouteDoc> other_routes = {});

}  // namespace supplyhub::documents
