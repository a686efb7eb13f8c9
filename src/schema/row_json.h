#pragma once
// Writes one stored row (id, declared fields, created_at, updated_at — the
// column order of SelectColumns) as a JSON object.
#include <string>

#include "core/json_writer.h"
#include "schema/resource.h"
#include "storage/database.h"

namespace supplyhub::schema {

std::string SelectColumns(const Resource& resource);
void WriteRowJson(const Resource& resource, const storage::Row& row, JsonWriter& out);

}  // namespace supplyhub::schema
