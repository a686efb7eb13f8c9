#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Corrective action reports: open -> in_progress -> verification -> closed.
const Resource& Cars() {
  static const Resource r = [] {
    Resource c{"cars", "car", "Corrective action reports.", {}, false, 12};
    c.fields = {
        Field::String("car_number").Required().Unique().Searchable().Sortable().Filterable(),
        Field::Reference("ncr_id", "ncrs"),
        Field::Reference("supplier_id", "suppliers"),
        Field::Enum("status", {"open", "in_progress", "verification", "closed"}).Default(std::string("open")).Filterable(),
        Field::Text("root_cause"),
        Field::Text("corrective_action"),
        Field::Text("preventive_action"),
        Field::Date("due_date").Sortable(),
        Field::Reference("owner_id", "employees"),
        Field::DateTime("verified_at").ReadOnly(),
        Field::Integer("verified_by").ReadOnly().Describe("The user who verified it"),
        Field::DateTime("closed_at").ReadOnly(),
        ExternalId(),
    };
    c.lifecycle.field = "status";
    c.lifecycle.actions = {
        {"start", "started", {"open"}, "in_progress", "Start work on the corrective action", {}},
        {"submit", "submitted", {"in_progress"}, "verification", "Submit for verification", {}},
        {"verify", "verified", {"verification"}, "closed", "Verify the action worked, closing the CAR", {}},
        {"close", "closed", {"open", "in_progress"}, "closed", "Close without verification", {}},
        {"reopen", "reopened", {"closed"}, "open", "Reopen", {}},
    };
    return c;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
