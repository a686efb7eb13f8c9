#include "features/resources/table_sql.h"

#include <map>

#include "schema/registry.h"
#include "schema/row_json.h"
#include "storage/dialect.h"

namespace supplyhub::features {

using schema::Resource;
using storage::Placeholder;

namespace {

TableSql Build(const Resource& r) {
  TableSql s;
  const std::string& t = r.name;
  std::string cols = schema::DeclaredColumns(r);
  std::string parent_col = r.IsChild() ? r.parent_key : "0";
  std::string names = "org_id", values = "$1";
  size_t n = 1;
  if (r.IsChild()) {
    names += ", " + r.parent_key;
    values += ", " + Placeholder(++n);
  }
  for (const auto& f : r.fields) {
    names += ", " + schema::ColumnName(f.name);
    values += ", " + Placeholder(++n);
  }
  s.insert = "INSERT INTO " + t + " (" + names + ", doc, created_at, updated_at) VALUES (" + values + ", " + Placeholder(n + 1) +
             ", " + Placeholder(n + 2) + ", " + Placeholder(n + 2) + ") RETURNING " + std::string(schema::kStoredColumns);
  s.select_row = "SELECT id, " + parent_col + (cols.empty() ? "" : ", " + cols) + " FROM " + t +
                 " WHERE org_id = $1 AND id = $2";
  s.select_row_locked = s.select_row + " FOR UPDATE";
  std::string sets;
  n = 2;
  for (const auto& f : r.fields) sets += schema::ColumnName(f.name) + " = " + Placeholder(++n) + ", ";
  s.update_row = "UPDATE " + t + " SET " + sets + "doc = " + Placeholder(n + 1) + ", updated_at = " + Placeholder(n + 2) +
                 " WHERE org_id = $1 AND id = $2";
  s.delete_row = "DELETE FROM " + t + " WHERE org_id = $1 AND id = $2";
  s.render = "SELECT " + std::string(schema::kStoredColumns) + " FROM " + t + " WHERE org_id = $1 AND id = $2";
  if (r.IsChild()) {
    std::string where = " FROM " + t + " WHERE org_id = $1 AND " + r.parent_key + " = $2";
    s.select_children = "SELECT id, " + parent_col + (cols.empty() ? "" : ", " + cols) +
                        ", doc, created_at, updated_at" + where + " ORDER BY id";
    s.count_children = "SELECT count(*)" + where;
    s.delete_children = "DELETE" + where;
  }
  for (const auto& f : r.fields) {
    bool ref = f.type == schema::FieldType::kReference;
    s.reference_checks.push_back(ref ? "SELECT 1 FROM " + f.references + " WHERE org_id = $1 AND id = $2" : "");
    const Resource* target = ref ? schema::FindTable(f.references) : nullptr;
    bool by_external_id = target && target->FieldIndex("external_id") >= 0;  // child rows have none
    s.external_id_lookups.push_back(
        by_external_id ? "SELECT id FROM " + f.references + " WHERE org_id = $1 AND external_id = $2" : "");
  }
  return s;
}

}  // namespace

const TableSql& SqlFor(const Resource& r) {
  static const std::map<const Resource*, TableSql> all = [] {
    std::map<const Resource*, TableSql> m;
    for (const Resource* t : schema::AllTables()) m.emplace(t, Build(*t));
    return m;
  }();
  return all.at(&r);
}

StoredRow RowFrom(const Resource& r, const storage::Row& row) {
  return StoredRow{row.Int(0), row.Int(1), schema::RecordFromRow(r, row, 2), {}, {}, {}};
}

void WriteChild(const storage::Row& row, int first, JsonWriter& out) {
  out.StartObject().Key("id").Int(row.Int(0)).RawMembers(row.Text(first));
  out.Key("created_at").String(row.Text(first + 1)).Key("updated_at").String(row.Text(first + 2)).EndObject();
}

}  // namespace supplyhub::features
