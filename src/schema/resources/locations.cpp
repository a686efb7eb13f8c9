#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Locations": where stock is kept, nested warehouse > zone > bin.
const Resource& Locations() {
  static const Resource r = [] {
    Resource l{"locations", "location", "Warehouses, zones and bins where stock is kept.", {}, false, 12};
    l.fields = {
        Field::String("name").Required().Searchable().Sortable(),
        ActiveFlag(),
        Field::Enum("kind", {"warehouse", "zone", "bin"}).Default(std::string("warehouse")).Filterable(),
        Field::Reference("parent_location_id", "locations"),
        Field::Text("address"),
        ExternalId(),
    };
    return l;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
