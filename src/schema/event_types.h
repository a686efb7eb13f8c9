#pragma once
// Event type names and patterns. Types are `<singular>.<verb>`: created,
// updated, deleted, or an action's past tense (pick_ticket.shipped).
// Patterns: an exact type, `<singular>.*`, or `*`.
#include <string>
#include <string_view>
#include <vector>

#include "schema/resource.h"

namespace supplyhub::schema {

struct EventTypeDoc {
  std::string type;
  const Resource* resource = nullptr;  // null: not a declared resource's event
  std::string description;
};

// Every event type the server emits, from the declarations (plus the webhook ones).
const std::vector<EventTypeDoc>& EventCatalogue();
bool IsEventType(std::string_view type);
// `pattern` names known types: exact, `<singular>.*` of a known singular, or `*`.
bool IsEventPattern(std::string_view pattern);
bool EventTypeMatches(std::string_view pattern, std::string_view type);
bool AnyEventTypeMatches(const std::vector<std::string>& patterns, std::string_view type);

}  // namespace supplyhub::schema
