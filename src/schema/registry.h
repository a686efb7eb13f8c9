#pragma once
// Every declared resource (src/schema/resources/*.cpp), found by name. The
// top of the schema layer: the model (resource.h) knows no declaration.
#include <span>
#include <string_view>

#include "schema/resource.h"

namespace supplyhub::schema {

// Every top-level resource, in dependency order (referenced before referencing).
std::span<const Resource* const> AllResources();
// Every table declared: top-level resources, each followed by its children.
std::span<const Resource* const> AllTables();
const Resource* FindResource(std::string_view name);  // top-level only
const Resource* FindTable(std::string_view name);     // children too

}  // namespace supplyhub::schema
