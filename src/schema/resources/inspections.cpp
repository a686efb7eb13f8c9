#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// One sample of an inspection; `results` names characteristics of the
// inspection's specification: [{characteristic_id, value}] or [{characteristic_id, pass}].
const Resource& InspectionSamples() {
  static const Resource r = [] {
    Resource s{"inspection_samples", "inspection_sample", "A sample of an inspection and its results.", {}, false, 12};
    s.parent = "inspections";
    s.parent_key = "inspection_id";
    s.fields = {
        Field::String("sample_serial"),
        Field::Integer("sample_number").Min(1),
        Field::Array("results", FieldType::kObject).Describe("[{characteristic_id, value}] or [{characteristic_id, pass}]"),
    };
    return s;
  }();
  return r;
}

// Seed 002 "Inspections": `passed` is computed once sample_size samples are in.
const Resource& Inspections() {
  static const Resource r = [] {
    Resource i{"inspections", "inspection", "Inspections of parts or equipment against a specification.", {}, false, 12};
    i.fields = {
        Field::Integer("entity_id").Filterable().Describe("Id of the inspected entity, e.g. a part"),
        Field::Enum("entity_type", {"part", "equipment"}).Default(std::string("part")).Filterable(),
        Field::Reference("drawing_id", "specifications").Describe("The specification inspected against"),
        Field::Integer("sample_size").Default(int64_t{1}).Min(1),
        Field::Boolean("is_create_batch_records").Default(int64_t{1}),
        Field::Boolean("passed").Filterable().Describe(
            "null until every sample is in; a value that disagrees with the samples needs override_reason"),
        Field::Text("override_reason").Describe("Why `passed` was set against the samples"),
        Field::Enum("status", {"in_progress", "completed"}).ReadOnly().Default(std::string("in_progress")).Filterable(),
        ExternalId(),
    };
    i.children = {{"samples", &InspectionSamples()}};
    return i;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
