#include "schema/resources/contacts.h"
#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Customers": orders' and shipments' contact_id names one.
const Resource& Customers() {
  static const Resource r = [] {
    Resource c{"customers", "customer", "Customers the organization ships and invoices to.", {}, false, 12};
    c.fields.push_back(Field::String("name").Required().Searchable().Sortable());
    for (Field& f : ContactFields()) c.fields.push_back(std::move(f));
    c.fields.push_back(Field::String("street"));
    c.fields.push_back(Field::String("city").Filterable().Sortable());
    c.fields.push_back(Field::String("province").Filterable());
    c.fields.push_back(Field::String("country").Filterable().Sortable());
    c.fields.push_back(Field::String("postal_code").MaxLength(32));
    c.fields.push_back(Field::String("custom_field_1"));
    c.fields.push_back(Field::String("custom_field_2"));
    c.fields.push_back(ExternalId());
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
