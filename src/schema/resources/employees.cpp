#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Seed 002 "Employees", with its review schedule.
const Resource& Employees() {
  static const Resource r = [] {
    Resource e{"employees", "employee", "People of the organization and their review schedule.", {}, false, 12};
    e.fields = {
        Field::String("first_name").Required().Searchable().Sortable(),
        Field::String("last_name").Searchable().Sortable(),
        ActiveFlag(),
        Field::String("position").Searchable(),
        Field::String("phone_number").MaxLength(64),
        Field::String("email_address").Searchable(),
        Field::String("address"),
        Field::Date("next_review_date").Sortable(),
        Field::Enum("review_repeat_duration", {"Days", "Weeks", "Months"}),
        Field::Integer("review_repeat_frequency").Min(1),
        Field::Text("notes"),
        ExternalId(),
    };
    return e;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
