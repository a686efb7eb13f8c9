#include "schema/row_json.h"

#include "schema/value_format.h"

namespace supplyhub::schema {

namespace {

// The number of decimals of the row's currency (2 when it has none).
int ExponentOf(const Resource& r, const Record& record) {
  int i = r.FieldIndex("currency");
  const auto* c = i < 0 ? nullptr : std::get_if<std::string>(&record.values[static_cast<size_t>(i)]);
  return CurrencyExponent(c ? *c : "");
}

}  // namespace

std::string RenderDoc(const Resource& r, const Record& record) {
  JsonWriter w(512);
  w.StartObject();
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    const storage::Value& v = record.values[i];
    if (f.type == FieldType::kMoney) {  // "130.00" and 13000
      const auto* minor = std::get_if<int64_t>(&v);
      if (minor) w.Key(f.name).String(FormatMoney(*minor, ExponentOf(r, record))).Key(f.name + "_minor").Int(*minor);
      else w.Key(f.name).Null().Key(f.name + "_minor").Null();
      continue;
    }
    w.Key(f.name);
    if (const auto* n = std::get_if<int64_t>(&v)) {
      if (f.type == FieldType::kBoolean) w.Bool(*n != 0);
      else if (f.type == FieldType::kDecimal) w.Raw(FormatDecimal(*n));
      else w.Int(*n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      w.Double(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      if (f.type == FieldType::kArray || f.type == FieldType::kObject) w.Raw(*s);
      else w.String(*s);
    } else {
      w.Null();
    }
  }
  w.EndObject();
  std::string doc = w.Take();
  return doc.substr(1, doc.size() - 2);  // members only, without the braces
}

void WriteStoredRow(const storage::Row& row, JsonWriter& w, int first) {
  w.StartObject().Key("id").Int(row.Int(first)).RawMembers(row.Text(first + 1));
  w.Key("created_at").String(row.Text(first + 2)).Key("updated_at").String(row.Text(first + 3)).EndObject();
}

std::string DeclaredColumns(const Resource& r) {
  std::string cols;
  for (const Field& f : r.fields) cols += (cols.empty() ? "" : ", ") + ColumnName(f.name);
  return cols;
}

Record RecordFromRow(const Resource& r, const storage::Row& row, int first) {
  Record record;
  record.values.resize(r.fields.size());
  record.present.assign(r.fields.size(), true);
  for (size_t i = 0; i < r.fields.size(); ++i) {
    int c = first + static_cast<int>(i);
    if (row.IsNull(c)) continue;
    switch (r.fields[i].type) {
      case FieldType::kInteger:
      case FieldType::kReference:
      case FieldType::kDecimal:
      case FieldType::kMoney:
      case FieldType::kBoolean: record.values[i] = row.Int(c); break;
      case FieldType::kNumber: record.values[i] = row.Double(c); break;
      default: record.values[i] = std::string(row.Text(c)); break;
    }
  }
  return record;
}

}  // namespace supplyhub::schema
