#include "schema/ddl.h"
#include "schema/registry.h"

#include <algorithm>

namespace supplyhub::schema {
namespace {

std::string ColumnDefinition(const Field& f, bool added_later, int version) {
  std::string c = ColumnName(f.name) + " " + ColumnType(f);
  bool not_null = f.required || version < f.not_null_until;
  if (not_null && !added_later) c += " NOT NULL";  // rows already there have no value
  if (f.type == FieldType::kReference) c += " REFERENCES " + f.references + "(id)";
  if (f.type == FieldType::kEnum) {
    c += " CHECK (" + f.name + " IN (";
    for (size_t i = 0; i < f.enum_values.size(); ++i) c += (i ? ", '" : "'") + f.enum_values[i] + "'";
    c += "))";
  }
  return c;
}

// Booleans and enums have too few values for an index to pay for its upkeep
// on every write; references need one for delete checks.
bool Indexed(const Field& f) {
  return !f.unique && (f.sortable || (f.filterable && f.type != FieldType::kBoolean && f.type != FieldType::kEnum));
}

// From kKeysetIndexesSince on, a sortable field's index ends in id on
// PostgreSQL, so a cursor page walks (value, id) in index order however many
// rows share a value (SQLite's index entries end in the rowid, our id).
std::string FieldIndex(const Resource& r, const Field& f, storage::Dialect d, int version) {
  bool with_id = f.sortable && d == storage::Dialect::kPostgres && version >= kKeysetIndexesSince;
  return "CREATE INDEX " + r.name + "_org_" + f.name + " ON " + r.name + " (org_id, " + ColumnName(f.name) +
         (with_id ? ", id)" : ")");
}

// Cursor pages sorted by the timestamps walk these.
std::vector<std::string> TimestampIndexes(const Resource& r) {
  std::vector<std::string> out;
  for (const char* ts : {"created_at", "updated_at"})
    out.push_back("CREATE INDEX " + r.name + "_org_" + ts + " ON " + r.name + " (org_id, " + ts + ", id)");
  return out;
}

std::string UniqueIndex(const Resource& r, const std::vector<std::string>& columns) {
  std::string name = r.name, list = "org_id";
  for (const auto& c : columns) {
    name += "_" + c;
    list += ", " + c;
  }
  return "CREATE UNIQUE INDEX " + name + "_key ON " + r.name + " (" + list + ")";
}

// The version by which all of `columns` exist.
int ColumnsSince(const Resource& r, const std::vector<std::string>& columns) {
  int since = r.since;
  for (const auto& c : columns)
    if (int i = r.FieldIndex(c); i >= 0) since = std::max(since, FieldSince(r, r.fields[static_cast<size_t>(i)]));
  return since;
}

}  // namespace

const char* ColumnType(const Field& f) {
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kReference:
    case FieldType::kDecimal:
    case FieldType::kMoney:
    case FieldType::kBoolean: return "BIGINT";
    case FieldType::kNumber: return "DOUBLE PRECISION";
    default: return "TEXT";
  }
}

std::vector<std::string> CreateTableStatements(const Resource& r, storage::Dialect dialect, int version) {
  std::string t = "CREATE TABLE " + r.name + " (\n  " + std::string(storage::IdColumn(dialect)) +
                  ",\n  org_id BIGINT NOT NULL REFERENCES organizations(id)";
  if (r.IsChild()) t += ",\n  " + r.parent_key + " BIGINT NOT NULL REFERENCES " + r.parent + "(id) ON DELETE CASCADE";
  // Columns in the order the table got them (ADD COLUMN appends after doc and
  // the timestamps), so a table rebuilt at a later version lists them as one
  // altered in place does (dumps compare column lists across backends).
  for (const Field& f : r.fields)
    if (FieldSince(r, f) == r.since) t += ",\n  " + ColumnDefinition(f, false, version);
  t += ",\n  doc TEXT NOT NULL,\n  created_at TEXT NOT NULL,\n  updated_at TEXT NOT NULL";
  std::vector<const Field*> later;
  for (const Field& f : r.fields)
    if (FieldSince(r, f) > r.since && FieldSince(r, f) <= version) later.push_back(&f);
  std::stable_sort(later.begin(), later.end(),
                   [&r](const Field* a, const Field* b) { return FieldSince(r, *a) < FieldSince(r, *b); });
  for (const Field* f : later) t += ",\n  " + ColumnDefinition(*f, false, version);
  for (const Field& f : r.fields)
    if (f.unique && FieldSince(r, f) == r.since)
      t += ",\n  CONSTRAINT " + r.name + "_" + f.name + "_key UNIQUE (org_id, " + f.name + ")";
  t += "\n)";
  std::vector<std::string> out{t};
  // Every list is scoped by organization and ordered by id by default; children by parent.
  out.push_back("CREATE INDEX " + r.name + "_org_id ON " + r.name + " (org_id, id)");
  if (r.IsChild())
    out.push_back("CREATE INDEX " + r.name + "_parent ON " + r.name + " (" + r.parent_key + ", id)");
  for (const Field& f : r.fields) {
    if (FieldSince(r, f) > version) continue;
    if (Indexed(f)) out.push_back(FieldIndex(r, f, dialect, version));
    if (f.unique && FieldSince(r, f) > r.since) out.push_back(UniqueIndex(r, {f.name}));
  }
  for (const auto& columns : r.unique_together)
    if (ColumnsSince(r, columns) <= version) out.push_back(UniqueIndex(r, columns));
  if (!r.IsChild() && version >= kKeysetIndexesSince)
    for (auto& s : TimestampIndexes(r)) out.push_back(std::move(s));
  return out;
}

namespace {

bool LosesNotNullAt(const Resource& r, int version) {
  for (const Field& f : r.fields)
    if (f.not_null_until == version) return true;
  return false;
}

// A table whose columns lose NOT NULL at `version`. PostgreSQL drops the
// constraint; SQLite cannot, so the table is rebuilt as declared at
// `version` (new columns included) and its rows copied over.
std::vector<std::string> RelaxNotNull(const Resource& r, storage::Dialect dialect, int version) {
  std::vector<std::string> out;
  if (dialect == storage::Dialect::kPostgres) {
    for (const Field& f : r.fields)
      if (f.not_null_until == version)
        out.push_back("ALTER TABLE " + r.name + " ALTER COLUMN " + ColumnName(f.name) + " DROP NOT NULL");
    return out;
  }
  auto create = CreateTableStatements(r, dialect, version);
  const std::string rebuilt = r.name + "_rebuilt";
  create[0].replace(0, ("CREATE TABLE " + r.name).size(), "CREATE TABLE " + rebuilt);
  std::string cols = "id, org_id";
  if (r.IsChild()) cols += ", " + r.parent_key;
  for (const Field& f : r.fields)
    if (FieldSince(r, f) < version) cols += ", " + ColumnName(f.name);
  cols += ", doc, created_at, updated_at";
  out.push_back(create[0]);
  out.push_back("INSERT INTO " + rebuilt + " (" + cols + ") SELECT " + cols + " FROM " + r.name);
  out.push_back("DROP TABLE " + r.name);
  out.push_back("ALTER TABLE " + rebuilt + " RENAME TO " + r.name);
  out.insert(out.end(), create.begin() + 1, create.end());  // its indexes
  return out;
}

}  // namespace

std::vector<std::string> DeclaredAt(int version, storage::Dialect dialect) {
  std::vector<std::string> out;
  for (const Resource* r : AllTables())
    if (r->since == version)
      for (auto& s : CreateTableStatements(*r, dialect, version)) out.push_back(std::move(s));
  for (const Resource* r : AllTables()) {
    if (r->since >= version) continue;
    bool rebuilt = LosesNotNullAt(*r, version);
    if (rebuilt)
      for (auto& s : RelaxNotNull(*r, dialect, version)) out.push_back(std::move(s));
    if (rebuilt && dialect == storage::Dialect::kSqlite) continue;  // the rebuilt table has its new columns
    for (const Field& f : r->fields) {
      if (FieldSince(*r, f) != version) continue;
      out.push_back("ALTER TABLE " + r->name + " ADD COLUMN " + ColumnDefinition(f, true, version));
      if (Indexed(f)) out.push_back(FieldIndex(*r, f, dialect, version));
      if (f.unique) out.push_back(UniqueIndex(*r, {f.name}));
    }
    for (const auto& columns : r->unique_together)
      if (ColumnsSince(*r, columns) == version) out.push_back(UniqueIndex(*r, columns));
  }
  return out;
}

std::vector<std::string> KeysetIndexesFor(int version, storage::Dialect dialect) {
  std::vector<std::string> out;
  for (const Resource* r : AllResources()) {
    if (r->since >= version) continue;  // created with them
    for (auto& s : TimestampIndexes(*r)) out.push_back(std::move(s));
    if (dialect != storage::Dialect::kPostgres) continue;
    for (const Field& f : r->fields)
      if (f.sortable && Indexed(f) && FieldSince(*r, f) < version) {
        out.push_back("DROP INDEX " + r->name + "_org_" + f.name);
        out.push_back(FieldIndex(*r, f, dialect, version));
      }
  }
  return out;
}

}  // namespace supplyhub::schema
