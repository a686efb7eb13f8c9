#pragma once
// The tables and indexes of the declarations, as they were at each schema
// version: a table is created by the migration at its resource's `since`,
// a field added later (`Field::Since(n)`) by an ADD COLUMN at n. A released
// migration therefore never changes when a declaration grows.
#include <string>
#include <vector>

#include "schema/resource.h"
#include "storage/dialect.h"

namespace supplyhub::schema {

// The table of `resource` with the fields it had at `version`.
std::vector<std::string> CreateTableStatements(const Resource& resource, storage::Dialect dialect, int version);
// Every declared table created at `version`, then every column added at it.
std::vector<std::string> DeclaredAt(int version, storage::Dialect dialect);
// Cursor pages (?after=) walk an index in (sort value, id) order from this
// version on: see KeysetIndexesFor.
inline constexpr int kKeysetIndexesSince = 14;
// What the migration at `version` (kKeysetIndexesSince) adds to the tables
// created before it: (org_id, created_at, id) and (org_id, updated_at, id)
// indexes, and on PostgreSQL sortable fields' indexes rebuilt to end in id.
std::vector<std::string> KeysetIndexesFor(int version, storage::Dialect dialect);
// The SQL column type of a field (same text works on both backends).
const char* ColumnType(const Field& field);
// The version a field appeared at.
inline int FieldSince(const Resource& r, const Field& f) { return f.since ? f.since : r.since; }

}  // namespace supplyhub::schema
