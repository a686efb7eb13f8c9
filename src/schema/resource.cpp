#include "schema/resource.h"

#include "schema/resources/declarations.h"

namespace supplyhub::schema {

int Resource::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  return -1;
}

std::span<const Resource* const> AllResources() {
  static const Resource* const all[] = {&resources::Companies(), &resources::Suppliers(), &resources::Parts()};
  return all;
}

const Resource* FindResource(std::string_view name) {
  for (const Resource* r : AllResources())
    if (r->name == name) return r;
  return nullptr;
}

}  // namespace supplyhub::schema
