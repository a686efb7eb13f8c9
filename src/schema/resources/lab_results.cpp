#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Lab Results".
const Resource& LabResults() {
  static const Resource r = [] {
    Resource l{"lab_results", "lab_result", "Results of laboratory tests against a specification.", {}, false, 12};
    l.fields = {
        Field::Reference("specification_id", "specifications"),
        Field::String("testing_id").Searchable().Filterable(),
        Field::Date("testing_date").Sortable(),
        Field::String("inspector_name").Searchable(),
        Field::String("batch_number").Searchable().Filterable(),
        Field::String("package_id"),
        Field::String("product_name").Searchable(),
        Field::Text("lab_data"),
        Field::Enum("result", {"pass", "fail", "pending"}).Default(std::string("pending")).Filterable(),
        ExternalId(),
    };
    return l;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
