#include "schema/resources/contacts.h"
#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Customers and business partners (seed 002 "Customers", seed 003 customers).
const Resource& Companies() {
  static const Resource r = [] {
    Resource c{"companies", "company", "Customers and business partners of the organization.", {}, false};
    c.fields.push_back(Field::String("name").Required().Searchable().Sortable().Describe("Company name"));
    for (Field& f : ContactFields()) c.fields.push_back(std::move(f));
    for (Field& f : AddressFields()) c.fields.push_back(std::move(f));
    c.fields.push_back(ExternalId().Since(12));
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
