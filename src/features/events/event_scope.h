#pragma once
// Which events a caller may see. An event carries its row, so it is visible
// (listed, fetched, subscribed to and so delivered) only with the read scope
// of its resource: read:invoices for invoice.*, read:webhooks for the
// webhook_endpoint.* events. read:events alone shows nothing more.
#include <optional>
#include <string>
#include <vector>

#include "http/handler.h"

namespace supplyhub::features {

// The resources (events.resource) whose events `who` may read; nullopt: all.
std::optional<std::vector<std::string>> ReadableEventResources(const http::Identity& who);
// The first event type that `patterns` (part.created, part.*, *) reach and
// `who` may not read, with the scope it needs ("" when every one is readable).
std::string UnreadableEventType(const std::vector<std::string>& patterns, const http::Identity& who,
                                std::string* needed_scope = nullptr);

}  // namespace supplyhub::features
