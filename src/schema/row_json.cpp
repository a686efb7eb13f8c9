#include "schema/row_json.h"

namespace supplyhub::schema {

std::string SelectColumns(const Resource& r) {
  std::string cols = "id";
  for (const Field& f : r.fields) cols += ", " + f.name;
  return cols + ", created_at, updated_at";
}

void WriteRowJson(const Resource& r, const storage::Row& row, JsonWriter& w) {
  w.StartObject().Key("id").Int(row.Int(0));
  int c = 1;
  for (const Field& f : r.fields) {
    w.Key(f.name);
    if (row.IsNull(c)) {
      w.Null();
    } else {
      switch (f.type) {
        case FieldType::kInteger:
        case FieldType::kReference: w.Int(row.Int(c)); break;
        case FieldType::kBoolean: w.Bool(row.Int(c) != 0); break;
        case FieldType::kNumber: w.Double(row.Double(c)); break;
        case FieldType::kArray:
        case FieldType::kObject: w.Raw(row.Text(c)); break;
        default: w.String(row.Text(c)); break;
      }
    }
    ++c;
  }
  w.Key("created_at").String(row.Text(c)).Key("updated_at").String(row.Text(c + 1));
  w.EndObject();
}

}  // namespace supplyhub::schema
