#include "app/transfer_backend.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

namespace supplyhub::app::dump {

using storage::Row;

// ---- The statements that differ between backends: catalog, id sequences, bulk insert. ----

Kind KindOf(std::string_view declared) {
  std::string t(declared);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t.find("int") != std::string::npos || t.find("bool") != std::string::npos) return Kind::kInteger;
  if (t.find("real") != std::string::npos || t.find("doub") != std::string::npos ||
      t.find("floa") != std::string::npos)
    return Kind::kDouble;
  return Kind::kText;
}

Task<Result<std::vector<std::string>>> ListTables(Transaction& tx, Dialect d) {
  const char* sql = d == Dialect::kSqlite
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                        : "SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
  std::vector<std::string> names;
  auto read = co_await tx.Execute(sql, {}, [&](const Row& row) { names.emplace_back(row.Text(0)); });
  if (!read) co_return Fail(read.error());
  co_return std::move(names);
}

// Columns in declaration order; none when the table does not exist.
Task<Result<std::vector<Column>>> ReadColumns(Transaction& tx, Dialect d, const std::string& table) {
  const char* sql = d == Dialect::kSqlite
                        ? "SELECT name, type FROM pragma_table_info($1) ORDER BY cid"
                        : "SELECT column_name, data_type FROM information_schema.columns "
                          "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
  std::vector<Column> columns;
  Value params[] = {Value{table}};
  auto read = co_await tx.Execute(sql, params, [&](const Row& row) {
    columns.push_back({std::string(row.Text(0)), KindOf(row.Text(1))});
  });
  if (!read) co_return Fail(read.error());
  co_return std::move(columns);
}

// The highest id the table's sequence handed out, deleted rows included; 0 if none.
Task<Result<int64_t>> ReadLastId(Transaction& tx, Dialect d, const std::string& table) {
  const char* sql = d == Dialect::kSqlite
                        ? "SELECT seq FROM sqlite_sequence WHERE name = $1"
                        : "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)";
  int64_t last = 0;
  Value params[] = {Value{table}};
  auto read = co_await tx.Execute(sql, params, [&](const Row& row) {
    if (!row.IsNull(0)) last = row.Int(0);
  });
  if (!read) co_return Fail(read.error());
  co_return last;
}

// The next generated id will be last_id + 1. (SQLite raises its sequence on
// explicit inserts by itself, but only to max(id).)
Task<Result<void>> RestoreLastId(Transaction& tx, Dialect d, const std::string& table, int64_t last_id) {
  Value params[] = {Value{table}, Value{last_id}};
  if (d == Dialect::kPostgres) {
    auto set = co_await tx.Execute("SELECT setval(pg_get_serial_sequence($1, 'id'), $2)", params);
    if (!set) co_return Fail(set.error());
    co_return Result<void>{};
  }
  auto updated = co_await tx.Execute("UPDATE sqlite_sequence SET seq = $2 WHERE name = $1", params);
  if (!updated) co_return Fail(updated.error());
  if (*updated > 0) co_return Result<void>{};
  auto inserted = co_await tx.Execute("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)", params);
  if (!inserted) co_return Fail(inserted.error());
  co_return Result<void>{};
}

void WriteValue(JsonWriter& w, const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) w.Int(*i);
  else if (const auto* d = std::get_if<double>(&v)) w.Double(*d);
  else if (const auto* s = std::get_if<std::string>(&v)) w.String(*s);
  else w.Null();
}

// One statement per batch. SQLite: a multi-row VALUES with bound values (its
// statement cache is keyed by text: two texts per table). PostgreSQL caches
// by text and parameter types, and NULLs vary per batch, so the batch goes
// as one JSON parameter: one prepared statement per table.
Task<Result<void>> InsertRows(Transaction& tx, Dialect d, const Table& t, std::vector<std::vector<Value>>& rows) {
  const std::string columns = t.ColumnList();
  std::string sql = "INSERT INTO " + t.name() + " (" + columns + ") ";
  std::vector<Value> params;
  if (d == Dialect::kPostgres) {
    JsonWriter w(rows.size() * 256);
    w.StartArray();
    for (const auto& row : rows) {
      w.StartObject();
      for (size_t c = 0; c < row.size(); ++c) {
        w.Key(t.columns[c].name);
        WriteValue(w, row[c]);
      }
      w.EndObject();
    }
    w.EndArray();
    sql += "SELECT " + columns + " FROM json_populate_recordset(NULL::" + t.name() + ", $1::json)";
    params.push_back(Value{w.Take()});
  } else {
    sql += "VALUES ";
    params.reserve(rows.size() * t.columns.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      sql += r ? ", (" : "(";
      for (size_t c = 0; c < rows[r].size(); ++c) {
        sql += (c ? ", $" : "$") + std::to_string(params.size() + 1);
        params.push_back(std::move(rows[r][c]));
      }
      sql += ')';
    }
  }
  auto inserted = co_await tx.Execute(sql, params);
  if (!inserted) co_return Fail(inserted.error());
  co_return Result<void>{};
}

}  // namespace supplyhub::app::dump
