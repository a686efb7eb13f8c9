#pragma once
// Example request bodies, generated from the declarations. The OpenAPI
// document shows them and the Postman collection sends them, so the bodies a
// client copies from the docs are the ones the collection run proves.
#include <functional>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "schema/resource.h"

namespace supplyhub::documents {

// What only the user of an example knows.
struct ExampleStyle {
  // Writes a reference's value (an id); null: the id 1 (documentation).
  std::function<void(JsonWriter&, const schema::Field&)> reference;
  // Appended to unique strings so that every row created gets its own key.
  std::string unique_suffix;
  // Writes a write-only input of `r` (an e-signature password) and returns
  // true, or returns false to leave it out; null: inputs are left out.
  std::function<bool(JsonWriter&, const schema::Resource& r, const schema::Field&)> input;
};

// The fields an example body of `r` sends: the writable ones, except the
// lifecycle's state (only actions move it), self-references (the first row
// has nothing to point at) and what the examples table leaves out.
std::vector<const schema::Field*> ExampleFields(const schema::Resource& r);

// One field's example value: the examples table's, else one made from its type.
void ExampleValue(JsonWriter& w, const schema::Resource& r, const schema::Field& f, const ExampleStyle& style = {});

// A create/replace body: `id` (raw JSON) when given (a bulk update's row),
// `fields` of `r` (all of ExampleFields when empty), then its inputs.
void ExampleBody(JsonWriter& w, const schema::Resource& r, const ExampleStyle& style = {},
                 const std::vector<const schema::Field*>& fields = {}, std::string_view id = {});

// The body of action `a` of `r`: its inputs, then the resource's write inputs.
void ExampleActionBody(JsonWriter& w, const schema::Resource& r, const schema::Action& a,
                       const ExampleStyle& style = {});

}  // namespace supplyhub::documents
