#pragma once
// The SQL statements of each declared table, built once from its declaration,
// and the row shapes they return. Every statement is scoped by org_id ($1).
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "features/resources/stored_row.h"
#include "storage/database.h"

namespace supplyhub::features {

struct TableSql {
  std::string insert;             // RETURNING schema::kStoredColumns
  std::string select_row;         // id, parent id (0 for top-level), declared columns
  std::string select_row_locked;  // the same, FOR UPDATE (PostgreSQL)
  std::string update_row;
  std::string delete_row;
  std::string render;             // schema::kStoredColumns
  std::string select_children;    // a child table: select_row's columns + doc, created_at, updated_at
  std::string count_children;
  std::string delete_children;
  std::vector<std::string> reference_checks;     // per field; empty when not a reference
  std::vector<std::string> external_id_lookups;  // per field
};

const TableSql& SqlFor(const schema::Resource& r);

// A select_row / select_children row as a StoredRow.
StoredRow RowFrom(const schema::Resource& r, const storage::Row& row);
// {"id":…, <doc>, "created_at":…, "updated_at":…} from columns starting at `first`.
void WriteChild(const storage::Row& row, int first, JsonWriter& out);

}  // namespace supplyhub::features
