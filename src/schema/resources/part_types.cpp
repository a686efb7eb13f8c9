#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "PartTypes": parts may name one.
const Resource& PartTypes() {
  static const Resource r = [] {
    Resource t{"part_types", "part_type", "Kinds of parts.", {}, false, 12};
    t.fields = {Field::String("name").Required().Searchable().Sortable(), ActiveFlag(), ExternalId()};
    return t;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
