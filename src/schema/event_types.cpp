#include "schema/event_types.h"
#include "schema/registry.h"

#include <algorithm>

namespace supplyhub::schema {

const std::vector<EventTypeDoc>& EventCatalogue() {
  static const std::vector<EventTypeDoc> all = [] {
    std::vector<EventTypeDoc> out;
    for (const Resource* r : AllResources()) {
      out.push_back({r->singular + ".created", r, "A " + r->singular + " was created"});
      out.push_back({r->singular + ".updated", r,
                     "A " + r->singular + " was changed (its fields, children or a side effect of another write)"});
      out.push_back({r->singular + ".deleted", r, "A " + r->singular + " was deleted (data.object: as it was)"});
      for (const Action& a : r->lifecycle.actions)
        out.push_back({r->singular + "." + a.past_tense, r, a.summary});
    }
    out.push_back({"webhook_endpoint.disabled", nullptr,
                   "An endpoint was disabled: it answered 410, or failed without a success for too long"});
    out.push_back({"webhook_endpoint.test", nullptr, "A test event sent by POST /v1/webhook_endpoints/{id}/test"});
    return out;
  }();
  return all;
}

bool IsEventType(std::string_view type) {
  const auto& all = EventCatalogue();
  return std::any_of(all.begin(), all.end(), [&](const EventTypeDoc& d) { return d.type == type; });
}

bool IsEventPattern(std::string_view pattern) {
  if (pattern == "*") return true;
  if (pattern.size() > 2 && pattern.ends_with(".*")) {
    std::string_view prefix = pattern.substr(0, pattern.size() - 1);  // "part."
    const auto& all = EventCatalogue();
    return std::any_of(all.begin(), all.end(), [&](const EventTypeDoc& d) { return d.type.starts_with(prefix); });
  }
  return IsEventType(pattern);
}

bool EventTypeMatches(std::string_view pattern, std::string_view type) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) return type.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == type;
}

bool AnyEventTypeMatches(const std::vector<std::string>& patterns, std::string_view type) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return EventTypeMatches(p, type); });
}

}  // namespace supplyhub::schema
