#include "features/resources/stored_row.h"

namespace supplyhub::features {

using schema::Record;
using schema::Resource;
using storage::Value;

Record MakeRecord(const Resource& r, std::initializer_list<std::pair<std::string_view, Value>> values) {
  Record rec;
  for (const auto& f : r.fields) rec.values.push_back(f.default_value);
  rec.present.assign(r.fields.size(), false);
  rec.inputs.assign(r.inputs.size(), Value{});
  rec.children.assign(r.children.size(), schema::ChildRows{});
  for (const auto& [name, value] : values) SetField(r, rec, name, value), rec.present[static_cast<size_t>(r.FieldIndex(name))] = true;
  return rec;
}

const Value& FieldValue(const Resource& r, const Record& rec, std::string_view name) {
  return rec.values.at(static_cast<size_t>(r.FieldIndex(name)));
}

void SetField(const Resource& r, Record& rec, std::string_view name, Value value) {
  rec.values.at(static_cast<size_t>(r.FieldIndex(name))) = std::move(value);
}

const std::string* CurrencyOf(const Resource& r, const Record& rec) {
  int i = r.FieldIndex("currency");
  return i < 0 ? nullptr : std::get_if<std::string>(&rec.values[static_cast<size_t>(i)]);
}

Error FieldsInvalid(FieldErrors fields) {
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields = std::move(fields);
  return e;
}

Error NoSuch(const Resource& r, int64_t id) {
  return Error::Of(ErrorCode::kNotFound, "No " + r.singular + " with id " + std::to_string(id));
}

}  // namespace supplyhub::features
