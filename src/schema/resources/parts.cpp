#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Parts, materials and activities (seed 002 "Parts"), with its unit enums.
const Resource& Parts() {
  static const Resource r = [] {
    Resource p{"parts", "part", "Parts, materials and activities, with units of measure.", {}, true};
    p.fields = {
        Field::String("name").Required().Searchable().Sortable(),
        Field::Reference("company_id", "companies"),
        Field::Boolean("is_activity").Default(int64_t{0}).Filterable().Describe("false for a part, true for an activity"),
        Field::String("identification").Required().Unique().Searchable().Sortable().Filterable(),
        Field::Boolean("is_finished_product").Default(int64_t{1}).Filterable(),
        Field::Array("batch_ids", FieldType::kString),
        Field::Reference("supplier_id", "suppliers"),
        Field::Reference("parent_part_id", "parts"),
        Field::Enum("unit_type", {"Volume", "Mass", "Length"}).Filterable(),
        Field::Enum("unit_of_measure", {"gal", "cup", "tsp", "l", "ml", "g", "kg", "lb", "t", "oz", "st", "m", "ft",
                                        "in", "yd", "cm", "mm", "units"})
            .Filterable(),
        Field::Number("density"),
        Field::Enum("density_mass_unit", {"g", "kg", "lb", "t", "oz", "st"}),
        Field::Enum("density_volume_unit", {"gal", "cup", "tsp", "l", "ml"}),
        Field::Reference("part_type_id", "part_types").Since(12),
        ExternalId().Since(12),
    };
    return p;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
