#include "schema/ddl.h"

namespace supplyhub::schema {

const char* ColumnType(const Field& f) {
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kReference:
    case FieldType::kBoolean: return "BIGINT";
    case FieldType::kNumber: return "DOUBLE PRECISION";
    default: return "TEXT";
  }
}

std::vector<std::string> CreateTableStatements(const Resource& r, storage::Dialect dialect) {
  std::string t = "CREATE TABLE " + r.name + " (\n  " + std::string(storage::IdColumn(dialect)) +
                  ",\n  org_id BIGINT NOT NULL REFERENCES organizations(id)";
  for (const Field& f : r.fields) {
    t += ",\n  " + f.name + " " + ColumnType(f);
    if (f.required) t += " NOT NULL";
    if (f.type == FieldType::kReference) t += " REFERENCES " + f.references + "(id)";
    if (f.type == FieldType::kEnum) {
      t += " CHECK (" + f.name + " IN (";
      for (size_t i = 0; i < f.enum_values.size(); ++i) t += (i ? ", '" : "'") + f.enum_values[i] + "'";
      t += "))";
    }
  }
  t += ",\n  doc TEXT NOT NULL,\n  created_at TEXT NOT NULL,\n  updated_at TEXT NOT NULL";
  for (const Field& f : r.fields)
    if (f.unique) t += ",\n  CONSTRAINT " + r.name + "_" + f.name + "_key UNIQUE (org_id, " + f.name + ")";
  t += "\n)";
  std::vector<std::string> out{t};
  // Every list is scoped by organization and ordered by id by default.
  out.push_back("CREATE INDEX " + r.name + "_org_id ON " + r.name + " (org_id, id)");
  // Booleans and enums have too few values for an index to pay for its
  // upkeep on every write; references need one for delete checks.
  for (const Field& f : r.fields)
    if (!f.unique && (f.sortable || (f.filterable && f.type != FieldType::kBoolean && f.type != FieldType::kEnum)))
      out.push_back("CREATE INDEX " + r.name + "_org_" + f.name + " ON " + r.name + " (org_id, " + f.name + ")");
  return out;
}

}  // namespace supplyhub::schema
