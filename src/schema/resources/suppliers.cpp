#include "schema/resources/contacts.h"
#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Vendors and factories (seed 002 "Suppliers"; seeds 000 and 001 suppliers).
const Resource& Suppliers() {
  static const Resource r = [] {
    Resource s{"suppliers", "supplier", "Vendors and factories that supply the organization.", {}, false};
    s.fields.push_back(Field::String("name").Required().Searchable().Sortable().Describe("Supplier name"));
    for (Field& f : ContactFields()) s.fields.push_back(std::move(f));
    s.fields.push_back(Field::Text("notes").Searchable());
    s.fields.push_back(ExternalId().Since(12));
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
