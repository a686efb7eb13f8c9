#include "schema/resources/contacts.h"
#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Customers": orders' and shipments' contact_id names one.
const Resource& Customers() {
  static const Resource r = [] {
    Resource c{"customers", "customer", "Customers the organization ships and invoices to.", {}, false, 12};
    c.fields.push_back(Field::String("name").Required().Searchable().Sortable());
    for (Field& f : ContactFields()) c.fields.push_back(std::move(f));
    for (Field& f : AddressFields()) c.fields.push_back(std::move(f));
    c.fields.push_back(ExternalId());
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
