#include "features/webhooks/subscription.h"

#include <nlohmann/json.hpp>

#include "schema/event_types.h"

namespace supplyhub::features {

Subscription Subscription::FromColumns(std::string_view event_types_json, std::string_view filter_json) {
  Subscription s;
  auto types = nlohmann::json::parse(event_types_json, nullptr, false);
  if (types.is_array())
    for (const auto& t : types)
      if (t.is_string()) s.event_types.push_back(t.get<std::string>());
  s.filter = std::string(filter_json);
  return s;
}

bool Subscription::Wants(std::string_view type, std::string_view object_json) const {
  if (!schema::AnyEventTypeMatches(event_types, type)) return false;
  if (filter.empty()) return true;
  auto want = nlohmann::json::parse(filter, nullptr, false);
  auto object = nlohmann::json::parse(object_json, nullptr, false);
  if (!want.is_object() || !object.is_object()) return false;
  for (const auto& [key, value] : want.items()) {
    auto it = object.find(key);
    if (it == object.end()) return false;
    // 5 and 5.0 are one number; "5" is not 5.
    if (value.is_number() && it->is_number()) {
      if (value.get<double>() != it->get<double>()) return false;
    } else if (*it != value) {
      return false;
    }
  }
  return true;
}

}  // namespace supplyhub::features
