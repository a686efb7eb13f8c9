#pragma once
// A normalized, deterministic text description of a database's schema, so two
// databases can be compared: one migrated from empty and one upgraded from an
// older version must describe identically (tests/unit/app/schema_history_test).
//
// Per table, sorted by name: its columns in order (name, type, not null,
// default), then its primary key, foreign keys, checks, unique constraints,
// indexes and triggers, sorted; then views. Rows are never read, and names
// the engine makes up for itself (SQLite's autoindexes) are left out.
// SQLite is described through its pragmas rather than its CREATE TABLE text,
// which ALTER TABLE rewrites; PostgreSQL through its catalog (current schema).
#include <string>

#include "core/task.h"
#include "storage/database.h"

namespace supplyhub::storage {

Task<Result<std::string>> DescribeSchema(Transaction& tx, Dialect dialect);

// The same in a read of its own. Call from a plain thread (it blocks).
Result<std::string> DescribeSchema(Database& db);

}  // namespace supplyhub::storage
