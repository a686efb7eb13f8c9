#pragma once
// The primary/secondary contact block that seed 002 repeats on companies,
// customers and suppliers.
#include <vector>

#include "schema/field.h"

namespace supplyhub::schema::resources {

inline std::vector<Field> ContactFields() {
  std::vector<Field> out;
  for (const char* who : {"primary", "secondary"}) {
    std::string p = who;
    out.push_back(Field::String(p + "_name").Searchable());
    out.push_back(Field::String(p + "_email").Searchable());
    out.push_back(Field::String(p + "_phone").MaxLength(64));
    out.push_back(Field::String(p + "_position"));
  }
  return out;
}

// The postal address and free fields seed 002 shows on companies and customers.
inline std::vector<Field> AddressFields() {
  return {Field::String("street"),
          Field::String("city").Filterable().Sortable(),
          Field::String("province").Filterable(),
          Field::String("country").Filterable().Sortable(),
          Field::String("postal_code").MaxLength(32),
          Field::String("custom_field_1"),
          Field::String("custom_field_2")};
}

}  // namespace supplyhub::schema::resources
