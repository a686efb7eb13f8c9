#include "storage/schema_catalog.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <vector>

#include "storage/block_on.h"

namespace supplyhub::storage {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Every row of `sql` as text cells (the queries turn NULLs into text
// themselves); `name`, if any, is its $1. (A braced parameter list would be
// an initializer_list temporary across the co_await, which GCC 12 rejects.)
Task<Result<Rows>> Query(Transaction& tx, std::string_view sql, std::optional<std::string> name = std::nullopt) {
  std::vector<Value> params;
  if (name) params.emplace_back(std::move(*name));
  Rows rows;
  auto r = co_await tx.Execute(sql, params, [&rows](const Row& row) {
    auto& cells = rows.emplace_back();
    for (int c = 0; c < row.ColumnCount(); ++c) cells.emplace_back(row.Text(c));
  });
  if (!r) co_return Fail(r.error());
  co_return rows;
}

// One table: its header line, its columns in order, and the rest (keys,
// indexes, triggers), which are sorted so creation order does not matter.
struct Table {
  std::string header;
  std::vector<std::string> columns;
  std::vector<std::string> rest;
};

std::string Render(std::map<std::string, Table>& tables, std::vector<std::string> views) {
  std::string out;
  for (auto& [name, t] : tables) {
    out += t.header + "\n";
    for (const auto& c : t.columns) out += "  " + c + "\n";
    std::sort(t.rest.begin(), t.rest.end());
    for (const auto& r : t.rest) out += "  " + r + "\n";
  }
  std::sort(views.begin(), views.end());
  for (const auto& v : views) out += v + "\n";
  return out;
}

// --- SQL text (SQLite keeps the CREATE statements as written) -------------

// The index just past a string literal, quoted name or comment starting at
// `i`, or `i` itself when none starts there.
size_t SkipQuotedOrComment(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    char close = c == '[' ? ']' : c;
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] != close) continue;
      if (close != ']' && j + 1 < s.size() && s[j + 1] == close) { ++j; continue; }  // doubled: escaped
      return j + 1;
    }
    return s.size();
  }
  if (s.substr(i, 2) == "--") {
    size_t end = s.find('\n', i);
    return end == std::string_view::npos ? s.size() : end + 1;
  }
  if (s.substr(i, 2) == "/*") {
    size_t end = s.find("*/", i + 2);
    return end == std::string_view::npos ? s.size() : end + 2;
  }
  return i;
}

// Whitespace runs outside literals collapsed to one space.
std::string Normalize(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (size_t past = SkipQuotedOrComment(s, i); past != i) {
      out.append(s.substr(i, past - i));
      i = past;
    } else if (std::isspace(static_cast<unsigned char>(s[i]))) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (!out.empty() && i < s.size()) out += ' ';
    } else {
      out += s[i++];
    }
  }
  return out;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// What the pragmas do not tell about a table: its CHECK clauses and whether
// its rowid is AUTOINCREMENT (ids never reused).
struct TableText {
  std::vector<std::string> checks;
  bool autoincrement = false;
};

TableText ScanCreateTable(std::string_view sql) {
  TableText out;
  for (size_t i = 0; i < sql.size();) {
    if (size_t past = SkipQuotedOrComment(sql, i); past != i) {
      i = past;
      continue;
    }
    if (!IsWordChar(sql[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < sql.size() && IsWordChar(sql[i])) ++i;
    std::string word(sql.substr(start, i - start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == "autoincrement") out.autoincrement = true;
    if (word != "check") continue;
    size_t open = i;
    while (open < sql.size() && std::isspace(static_cast<unsigned char>(sql[open]))) ++open;
    if (open >= sql.size() || sql[open] != '(') continue;
    int depth = 0;
    size_t j = open;
    while (j < sql.size()) {
      if (size_t past = SkipQuotedOrComment(sql, j); past != j) {
        j = past;
        continue;
      }
      if (sql[j] == '(') ++depth;
      if (sql[j] == ')' && --depth == 0) break;
      ++j;
    }
    out.checks.push_back("check " + Normalize(sql.substr(open, j + 1 - open)));
    i = j + 1;
  }
  return out;
}

// --- SQLite -----------------------------------------------------------------

Task<Result<std::string>> DescribeSqlite(Transaction& tx) {
  // Internal objects (sqlite_sequence, sqlite_autoindex_*) start with "sqlite_".
  auto objects = co_await Query(
      tx, "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  if (!objects) co_return Fail(objects.error());
  std::map<std::string, Table> tables;
  std::map<std::string, std::string> index_sql;
  std::vector<std::string> views;
  for (const auto& o : *objects) {
    const std::string &type = o[0], &name = o[1], &table = o[2], &sql = o[3];
    if (type == "table") {
      tables[name];
    } else if (type == "index") {
      index_sql[name] = sql;
    } else if (type == "view") {
      views.push_back("view " + name + ": " + Normalize(sql));
    } else if (type == "trigger") {
      tables[table].rest.push_back("trigger " + name + ": " + Normalize(sql));
    }
  }
  for (const auto& o : *objects) {
    if (o[0] != "table") continue;
    const std::string& name = o[1];
    Table& t = tables[name];
    TableText text = ScanCreateTable(o[3]);
    t.header = "table " + name + (text.autoincrement ? " autoincrement" : "");
    for (auto& check : text.checks) t.rest.push_back(std::move(check));

    auto columns = co_await Query(tx,
                                  "SELECT name || ' ' || type || CASE WHEN \"notnull\" THEN ' not null' ELSE '' END "
                                  "|| COALESCE(' default ' || dflt_value, '') FROM pragma_table_info($1) ORDER BY cid",
                                  name);
    if (!columns) co_return Fail(columns.error());
    for (const auto& c : *columns) t.columns.push_back(c[0]);

    auto pk = co_await Query(tx, "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", name);
    if (!pk) co_return Fail(pk.error());
    if (!pk->empty()) {
      std::string key;
      for (const auto& c : *pk) key += (key.empty() ? "" : ", ") + c[0];
      t.rest.push_back("primary key (" + key + ")");
    }

    // One row per column of each foreign key; "to" is NULL when it names the
    // referenced table's primary key implicitly.
    auto fks = co_await Query(tx,
                              "SELECT id, \"table\", \"from\", COALESCE(\"to\", '?'), on_update, on_delete "
                              "FROM pragma_foreign_key_list($1) ORDER BY id, seq",
                              name);
    if (!fks) co_return Fail(fks.error());
    for (size_t i = 0; i < fks->size();) {
      const auto& first = (*fks)[i];
      std::string from, to;
      for (; i < fks->size() && (*fks)[i][0] == first[0]; ++i) {
        from += (from.empty() ? "" : ", ") + (*fks)[i][2];
        to += (to.empty() ? "" : ", ") + (*fks)[i][3];
      }
      t.rest.push_back("foreign key (" + from + ") references " + first[1] + " (" + to + ") on update " + first[4] +
                       " on delete " + first[5]);
    }

    auto indexes = co_await Query(tx, "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)", name);
    if (!indexes) co_return Fail(indexes.error());
    for (const auto& index : *indexes) {
      const std::string &index_name = index[0], &origin = index[2];
      if (origin == "pk") continue;  // the primary key line says it
      auto keys = co_await Query(tx,
                                 "SELECT COALESCE(name, '<expression>') || CASE WHEN \"desc\" THEN ' DESC' ELSE '' END "
                                 "|| CASE WHEN coll = 'BINARY' THEN '' ELSE ' COLLATE ' || coll END, name IS NULL "
                                 "FROM pragma_index_xinfo($1) WHERE key ORDER BY seqno",
                                 index_name);
      if (!keys) co_return Fail(keys.error());
      std::string cols;
      bool expression = false;
      for (const auto& k : *keys) {
        cols += (cols.empty() ? "" : ", ") + k[0];
        expression = expression || k[1] == "1";
      }
      if (origin == "u") {  // UNIQUE in the table: its autoindex name is made up, so leave it out
        t.rest.push_back("unique (" + cols + ")");
        continue;
      }
      std::string line = (index[1] == "1" ? "unique index " : "index ") + index_name + " (" + cols + ")";
      // The pragmas show neither a partial index's WHERE nor expressions: keep the statement.
      if (index[3] == "1" || expression) line += ": " + Normalize(index_sql[index_name]);
      t.rest.push_back(std::move(line));
    }
  }
  co_return Render(tables, std::move(views));
}

// --- PostgreSQL -------------------------------------------------------------

// Joins the current schema's table named $1, as `c`, on `oid_column`.
std::string PgTableJoin(std::string_view oid_column) {
  return " JOIN pg_class c ON c.oid = " + std::string(oid_column) +
         " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = $1";
}

Task<Result<std::string>> DescribePostgres(Transaction& tx) {
  auto names = co_await Query(tx,
                              "SELECT c.relname, CASE c.relpersistence WHEN 'u' THEN ' unlogged' ELSE '' END "
                              "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')");
  if (!names) co_return Fail(names.error());
  std::map<std::string, Table> tables;
  for (const auto& row : *names) {
    const std::string& name = row[0];
    Table& t = tables[name];
    t.header = "table " + name + row[1];

    auto columns = co_await Query(
        tx,
        "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
        " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
        " || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END"
        " || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END"
        " || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
        " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum" +
            PgTableJoin("a.attrelid") + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        name);
    if (!columns) co_return Fail(columns.error());
    for (const auto& c : *columns) t.columns.push_back(c[0]);

    // Primary, foreign (with their ON DELETE), unique, check and exclusion
    // constraints; NOT NULL is on the columns already.
    auto constraints = co_await Query(tx,
                                      "SELECT 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid) "
                                      "FROM pg_constraint k" +
                                          PgTableJoin("k.conrelid") + " AND k.contype IN ('p', 'f', 'u', 'c', 'x')",
                                      name);
    if (!constraints) co_return Fail(constraints.error());
    for (const auto& c : *constraints) t.rest.push_back(c[0]);

    auto indexes = co_await Query(
        tx, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1", name);
    if (!indexes) co_return Fail(indexes.error());
    for (const auto& i : *indexes) t.rest.push_back(i[0]);

    auto triggers = co_await Query(
        tx, "SELECT pg_get_triggerdef(g.oid) FROM pg_trigger g" + PgTableJoin("g.tgrelid") + " AND NOT g.tgisinternal",
        name);
    if (!triggers) co_return Fail(triggers.error());
    for (const auto& g : *triggers) t.rest.push_back(g[0]);
  }
  auto views = co_await Query(
      tx, "SELECT 'view ' || viewname || ': ' || definition FROM pg_views WHERE schemaname = current_schema()");
  if (!views) co_return Fail(views.error());
  std::vector<std::string> view_lines;
  for (const auto& v : *views) view_lines.push_back(Normalize(v[0]));
  co_return Render(tables, std::move(view_lines));
}

}  // namespace

Task<Result<std::string>> DescribeSchema(Transaction& tx, Dialect dialect) {
  if (dialect == Dialect::kSqlite) co_return co_await DescribeSqlite(tx);
  co_return co_await DescribePostgres(tx);
}

Result<std::string> DescribeSchema(Database& db) {
  std::string text;
  auto read = BlockOn(db.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto described = co_await DescribeSchema(tx, db.dialect());
    if (!described) co_return Fail(described.error());
    text = std::move(*described);
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  return text;
}

}  // namespace supplyhub::storage
