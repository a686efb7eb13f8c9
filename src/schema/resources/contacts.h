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

}  // namespace supplyhub::schema::resources
