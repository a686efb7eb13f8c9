#pragma once
// A resource declared once. Its table, validation, routes, filters and
// OpenAPI schema are all derived from this declaration.
#include <span>
#include <string>
#include <vector>

#include "schema/field.h"

namespace supplyhub::schema {

struct Resource {
  std::string name;         // plural: URL segment, table name, scope suffix ("parts")
  std::string singular;     // "part": event names, messages
  std::string description;
  std::vector<Field> fields;
  bool bulk = false;        // POST/PUT /v1/<name>/bulk

  // Index of the field called `field_name`, or -1.
  int FieldIndex(std::string_view field_name) const;
};

// Every declared resource, in dependency order (referenced before referencing).
std::span<const Resource* const> AllResources();
const Resource* FindResource(std::string_view name);

}  // namespace supplyhub::schema
