#pragma once
// What an endpoint wants: event type patterns (part.created, part.*, *) and
// an optional payload filter, {"field": value, ...}, every pair equal to the
// same top-level field of the event's data.object.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace supplyhub::features {

struct Subscription {
  std::vector<std::string> event_types;
  std::string filter;  // a JSON object, or empty: no filter

  // From the stored columns (a JSON array of patterns; the filter or NULL as "").
  static Subscription FromColumns(std::string_view event_types_json, std::string_view filter_json);
  bool Wants(std::string_view type, std::string_view object_json) const;
};

}  // namespace supplyhub::features
