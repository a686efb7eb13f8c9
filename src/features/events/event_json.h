#pragma once
// An event row as JSON: as GET /v1/events lists it, and as the `data` of a
// webhook delivery. Both read the columns of kEventColumns, in that order.
#include <string_view>

#include "core/json_writer.h"
#include "storage/database.h"

namespace supplyhub::features {

inline constexpr std::string_view kEventColumns =
    "id, seq, type, resource, resource_id, actor, object, changed, created_at, org_id";

// {"id","type","sequence","organization_id","resource","resource_id","actor","data":{"object","changed"},"created_at"}
void WriteEvent(const storage::Row& row, JsonWriter& w, int first = 0);
// The Standard Webhooks body: {"type","timestamp","data":{"id","sequence",…,"object","changed"}}
void WriteWebhookBody(const storage::Row& row, JsonWriter& w, int first = 0);

}  // namespace supplyhub::features
