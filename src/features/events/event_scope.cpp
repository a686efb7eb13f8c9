#include "features/events/event_scope.h"

#include "schema/event_types.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

constexpr const char* kWebhookEvents = "webhook_endpoints";  // events.resource of webhook_endpoint.*

std::string ReadScope(const schema::Resource* r) { return r ? "read:" + r->name : "read:webhooks"; }

}  // namespace

std::optional<std::vector<std::string>> ReadableEventResources(const http::Identity& who) {
  std::vector<std::string> out;
  bool all = true;
  for (const schema::Resource* r : schema::AllResources()) {
    if (who.Allows(ReadScope(r))) out.push_back(r->name);
    else all = false;
  }
  if (who.Allows(ReadScope(nullptr))) out.push_back(kWebhookEvents);
  else all = false;
  if (all) return std::nullopt;
  return out;
}

std::string UnreadableEventType(const std::vector<std::string>& patterns, const http::Identity& who,
                                std::string* needed_scope) {
  for (const auto& t : schema::EventCatalogue()) {
    if (!schema::AnyEventTypeMatches(patterns, t.type) || who.Allows(ReadScope(t.resource))) continue;
    if (needed_scope) *needed_scope = ReadScope(t.resource);
    return t.type;
  }
  return {};
}

}  // namespace supplyhub::features
