#pragma once
// The backend side of export/import: the tables as a dump describes them,
// and the few statements that differ between SQLite and PostgreSQL
// (catalog, id sequences, batch insert). dump_export.cpp and dump_import.cpp
// hold the dump format (transfer.h).
#include <string>

#include "schema/field.h"
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "storage/database.h"

namespace supplyhub::app::dump {

using storage::Dialect;
using storage::Transaction;
using storage::Value;

struct TableSpec {
  std::string name;
  std::vector<std::string> self_references;  // columns referencing the same table
};

enum class Kind { kInteger, kDouble, kText };

struct Column {
  std::string name;
  Kind kind = Kind::kText;
};

// One table as the dump header describes it.
struct Table {
  const TableSpec* spec = nullptr;
  std::vector<Column> columns;
  int64_t rows = 0;
  int64_t last_id = 0;  // highest id ever issued; 0 without an id column
  int id_column = -1;   // index of "id" in columns, or -1

  const std::string& name() const { return spec->name; }
  std::string ColumnList() const {
    std::string out;
    for (const Column& c : columns) out += (out.empty() ? "" : ", ") + schema::ColumnName(c.name);
    return out;
  }
};

inline int IndexOf(const std::vector<Column>& columns, std::string_view name) {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

Kind KindOf(std::string_view declared);
Task<Result<std::vector<std::string>>> ListTables(Transaction& tx, Dialect d);
Task<Result<std::vector<Column>>> ReadColumns(Transaction& tx, Dialect d, const std::string& table);
Task<Result<int64_t>> ReadLastId(Transaction& tx, Dialect d, const std::string& table);
Task<Result<void>> RestoreLastId(Transaction& tx, Dialect d, const std::string& table, int64_t last_id);
void WriteValue(JsonWriter& w, const Value& v);
Task<Result<void>> InsertRows(Transaction& tx, Dialect d, const Table& t, std::vector<std::vector<Value>>& rows);

}  // namespace supplyhub::app::dump
