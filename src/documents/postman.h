#pragma once
// The Postman collection (format v2.1), generated from the route table that
// the router serves and OpenAPI documents, with the OpenAPI examples as
// bodies. It runs top to bottom against a fresh server: log in, then one
// folder per resource in dependency order (create, list, get, update, bulk,
// children, actions in an order their lifecycle allows), then every delete in
// reverse dependency order. Each create stores its row's id in a collection
// variable (`{{part_id}}`) that later paths and bodies use.
#include <span>
#include <string>
#include <string_view>

#include "schema/resource.h"

namespace supplyhub::documents {

// The prefix of every request that is not a route of the route table but
// prepares one (a row to delete, a setting an action needs).
inline constexpr std::string_view kPostmanSetupPrefix = "Setup: ";

// `base_url`: the initial value of {{baseUrl}}, e.g. "http://localhost:8080".
std::string PostmanCollection(std::span<const schema::Resource* const> resources, std::string_view version,
                              std::string_view base_url);

}  // namespace supplyhub::documents
