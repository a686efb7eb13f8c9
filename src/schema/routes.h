#pragma once
// The one route table of the declared resources: CRUD, bulk, children and
// actions, each with its scope, summary and error codes. The router serves
// exactly these (under /v1 and its /api/v1 alias) and OpenAPI documents
// exactly these, so nothing is routed that is not documented.
#include <string>
#include <vector>

#include "schema/resource.h"

namespace supplyhub::schema {

enum class RouteKind {
  kList, kCreate, kGet, kReplace, kPatch, kDelete, kBulkCreate, kBulkReplace,
  kChildList, kChildCreate, kChildGet, kChildReplace, kChildPatch, kChildDelete, kAction,
};

struct ResourceRoute {
  RouteKind kind;
  std::string method;   // "GET"
  std::string path;     // below the prefix: "/inspections/{id}/samples/{child_id}"
  std::string scope;    // read:<resource> or write:<resource>
  std::string summary;
  std::vector<std::string> errors;  // status codes besides 401/403/429
  const Resource* resource = nullptr;
  const Child* child = nullptr;
  const Action* action = nullptr;
};

// The prefixes every resource route is served under (the first is canonical).
inline const char* const kRoutePrefixes[] = {"/v1", "/api/v1"};

std::vector<ResourceRoute> ResourceRoutes(const Resource& resource);
// The status a route answers with when it succeeds: 201 when it creates, else 200.
int SuccessStatus(const ResourceRoute& route);
std::vector<ResourceRoute> AllResourceRoutes();

// "inspection" -> "an inspection", "part" -> "a part": summaries.
std::string WithArticle(std::string_view noun);

// "inspection_sample" -> "InspectionSample": schema names.
std::string CamelCase(std::string_view snake);

}  // namespace supplyhub::schema
