#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Complaints"; raise_ncr opens a customer NCR linked back to it.
const Resource& Complaints() {
  static const Resource r = [] {
    Resource c{"complaints", "complaint", "Customer complaints.", {}, false, 12};
    c.fields = {
        Field::String("complaint_number").Required().Unique().Searchable().Sortable().Filterable(),
        Field::Date("complaint_date").Required().Sortable(),
        Field::Reference("part_id", "parts"),
        Field::Integer("error_code_id"),
        Field::String("received_by"),
        Field::String("received_via"),
        Field::String("strain_name"),
        Field::String("batch_number").Searchable(),
        Field::Text("store_info"),
        Field::Text("comments"),
        Field::String("complainant_full_name").Searchable(),
        Field::String("complainant_address"),
        Field::String("complainant_phone").MaxLength(64),
        Field::String("complainant_email").Searchable(),
        Field::String("complainant_fax").MaxLength(64),
        Field::Enum("status", {"open", "investigating", "closed"}).Default(std::string("open")).Filterable(),
        Field::Reference("ncr_id", "ncrs").ReadOnly().Describe("The NCR raised from it"),
        ExternalId(),
    };
    c.lifecycle.field = "status";
    c.lifecycle.actions = {
        {"investigate", "investigated", {"open"}, "investigating", "Start investigating", {}},
        {"raise_ncr", "ncr_raised", {"open", "investigating"}, "investigating",
         "Open a customer NCR for this complaint", {Field::String("ncr_number").Describe("Default: NCR-<complaint_number>")}},
        {"close", "closed", {"open", "investigating"}, "closed", "Close", {}},
        {"reopen", "reopened", {"closed"}, "open", "Reopen", {}},
    };
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
