#pragma once
// How a row is stored and shown. Besides one column per declared field
// (for filters, sorting and keys), each row stores `doc`: its declared
// fields rendered once as JSON members when it is written. Reads then emit
// {"id":…, <doc>, "created_at":…, "updated_at":…} without touching each
// column — the hot path of every list and get.
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "schema/record.h"
#include "schema/resource.h"
#include "storage/database.h"

namespace supplyhub::schema {

// The columns WriteStoredRow reads, in order.
inline constexpr std::string_view kStoredColumns = "id, doc, created_at, updated_at";

// `"name":"x","company_id":null,…` for every declared field of `record`.
std::string RenderDoc(const Resource& resource, const Record& record);
// `first`: the column where they start (0 unless a query puts others before).
void WriteStoredRow(const storage::Row& row, JsonWriter& out, int first = 0);

// The declared columns, comma-separated, and a Record read back from them
// (PATCH merges the stored row with the given fields).
std::string DeclaredColumns(const Resource& resource);
Record RecordFromRow(const Resource& resource, const storage::Row& row, int first = 0);

}  // namespace supplyhub::schema
