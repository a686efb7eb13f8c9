#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// What a measured or attribute characteristic must meet. Limits are the
// absolute specification limits, both inclusive; a missing one is open.
const Resource& Characteristics() {
  static const Resource r = [] {
    Resource c{"specification_characteristics", "characteristic", "A characteristic of a specification.", {}, false, 12};
    c.parent = "specifications";
    c.parent_key = "specification_id";
    c.fields = {
        Field::String("name").Required(),
        Field::Enum("kind", {"measured", "attribute"}).Default(std::string("measured")),
        Field::Number("nominal"),
        Field::Number("lower_limit").Describe("Lowest passing value, inclusive"),
        Field::Number("upper_limit").Describe("Highest passing value, inclusive"),
        Field::String("unit").MaxLength(32),
        Field::Integer("order"),
    };
    return c;
  }();
  return r;
}

// Seed 002 "Specifications" (its inspection bodies call them drawing_id).
const Resource& Specifications() {
  static const Resource r = [] {
    Resource s{"specifications", "specification", "Inspection templates (drawings) and their characteristics.", {},
               false, 12};
    s.fields = {
        Field::String("identification").Required().Unique().Searchable().Sortable().Filterable(),
        Field::String("name").Required().Searchable().Sortable(),
        Field::Reference("part_id", "parts"),
        Field::String("revision").MaxLength(64),
        Field::Text("notes"),
        ExternalId(),
    };
    s.children = {{"characteristics", &Characteristics()}};
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
