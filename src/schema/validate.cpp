// Validation of whole bodies: JSON objects and arrays of them, form bodies, embedded children.
#include "schema/validate.h"

#include <simdjson.h>

#include <string>

#include "core/json_limits.h"
#include "core/json_writer.h"
#include "schema/validate_value.h"

namespace supplyhub::schema {
namespace {

namespace od = simdjson::ondemand;
using detail::Drain;
using detail::IsTypeError;
using detail::ReadField;
using storage::Value;

Error Malformed(simdjson::error_code e) {
  return Error::Of(ErrorCode::kBadRequest, std::string("Malformed JSON: ") + simdjson::error_message(e));
}

bool IsReadOnlyKey(std::string_view key) { return key == "id" || key == "created_at" || key == "updated_at"; }

// "<amount>_minor", which reads of a money field show: echoed, it is ignored.
bool IsMinorUnitsKey(const Resource& r, std::string_view key) {
  constexpr std::string_view kSuffix = "_minor";
  if (!key.ends_with(kSuffix)) return false;
  int i = r.FieldIndex(key.substr(0, key.size() - kSuffix.size()));
  return i >= 0 && r.fields[static_cast<size_t>(i)].type == FieldType::kMoney;
}

simdjson::error_code ReadObject(const Resource& r, od::object obj, Mode mode, Record& record, FieldErrors& fields,
                                const std::string& prefix);

// An embedded child collection: an array of objects, each read as a create.
simdjson::error_code ReadChildren(const Child& c, od::value v, ChildRows& out, FieldErrors& fields,
                                  const std::string& prefix) {
  out.present = true;
  od::array a;
  if (auto e = v.get_array().get(a)) {
    if (!IsTypeError(e)) return e;
    fields[prefix + c.name].push_back("must be an array of objects");
    return Drain(v);
  }
  for (auto item : a) {
    od::value iv;
    if (auto e = std::move(item).get(iv)) return e;
    std::string row_prefix = prefix + c.name + "[" + std::to_string(out.rows.size()) + "].";
    od::object o;
    Record row;
    if (auto e = iv.get_object().get(o)) {
      if (!IsTypeError(e)) return e;
      fields[prefix + c.name].push_back("must be an array of objects");
      if (auto e2 = Drain(iv)) return e2;
    } else if (auto e2 = ReadObject(*c.resource, o, Mode::kCreate, row, fields, row_prefix)) {
      return e2;
    }
    out.rows.push_back(std::move(row));
  }
  if (out.rows.size() > c.resource->max_children)
    fields[prefix + c.name].push_back("must have at most " + std::to_string(c.resource->max_children) + " items");
  return simdjson::SUCCESS;
}

// Reads one JSON object into `record`, collecting field problems in `fields`
// (named with `prefix` inside embedded children: "samples[0].results").
simdjson::error_code ReadObject(const Resource& r, od::object obj, Mode mode, Record& record, FieldErrors& fields,
                                const std::string& prefix) {
  record.values.assign(r.fields.size(), Value{});
  record.present.assign(r.fields.size(), false);
  record.inputs.assign(r.inputs.size(), Value{});
  record.children.assign(r.children.size(), ChildRows{});
  for (auto member : obj) {
    od::field fld;
    if (auto e = std::move(member).get(fld)) return e;
    std::string_view key;
    if (auto e = fld.unescaped_key().get(key)) return e;
    int index = r.FieldIndex(key);
    if (index >= 0 && r.fields[static_cast<size_t>(index)].read_only) {  // server-set: an echoed value is ignored
      if (auto e = Drain(fld.value())) return e;
      continue;
    }
    if (index < 0) {
      if (key == "id" && mode == Mode::kReplace && prefix.empty()) {
        od::value v = fld.value();
        od::json_type t;
        if (auto e = v.type().get(t)) return e;
        int64_t id = 0;
        if (t != od::json_type::number) {
          if (auto e = Drain(v)) return e;
        } else if (auto e = v.get_int64().get(id); e && !IsTypeError(e)) {
          return e;
        }
        if (id <= 0) fields["id"].push_back("must be a positive integer");
        else record.id = id;
        continue;
      }
      if (int input = r.InputIndex(key); input >= 0) {
        std::string problem;
        auto& value = record.inputs[static_cast<size_t>(input)];
        if (auto e = ReadField(r.inputs[static_cast<size_t>(input)], fld.value(), value, problem)) return e;
        if (!problem.empty()) fields[prefix + std::string(key)].push_back(std::move(problem));
        continue;
      }
      if (int child = r.ChildIndex(key); child >= 0 && !r.children[static_cast<size_t>(child)].read_only) {
        const Child& c = r.children[static_cast<size_t>(child)];
        if (auto e = ReadChildren(c, fld.value(), record.children[static_cast<size_t>(child)], fields, prefix)) return e;
        continue;
      }
      bool ignored = IsReadOnlyKey(key) || IsMinorUnitsKey(r, key) || r.ChildIndex(key) >= 0 ||
                     (r.IsChild() && key == r.parent_key);
      if (!ignored) fields[prefix + std::string(key)].push_back("is not a field of " + r.singular);
      if (auto e = Drain(fld.value())) return e;  // read-only keys echoed from a GET are ignored
      continue;
    }
    const Field& f = r.fields[static_cast<size_t>(index)];
    if (record.present[static_cast<size_t>(index)]) {
      fields[prefix + f.name].push_back("is given more than once");
    }
    std::string problem;
    if (auto e = ReadField(f, fld.value(), record.values[static_cast<size_t>(index)], problem)) return e;
    record.present[static_cast<size_t>(index)] = true;
    if (!problem.empty()) fields[prefix + f.name].push_back(std::move(problem));
  }
  // Updates keep what they do not send (seed 002's clients send a few fields);
  // only a create fills defaults and needs the required fields.
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (mode == Mode::kCreate && !record.present[i]) record.values[i] = f.default_value;
    bool null_now = storage::IsNull(record.values[i]);
    if (f.required && null_now && (mode == Mode::kCreate || record.present[i]) && !fields.count(prefix + f.name))
      fields[prefix + f.name].push_back(record.present[i] ? "cannot be null" : "is required");
  }
  return simdjson::SUCCESS;
}

// True when nothing but whitespace follows the root value.
bool AtEnd(od::document& doc) { return doc.current_location().error() == simdjson::OUT_OF_BOUNDS; }

struct Parsed {
  simdjson::padded_string padded;
  od::document doc;
};

Result<void> StartParse(std::string_view json, Parsed& p) {
  if (!simdjson::validate_utf8(json.data(), json.size()))
    return Fail(ErrorCode::kBadRequest, "Request body is not valid UTF-8");
  if (auto shallow = CheckJsonDepth(json); !shallow) return Fail(shallow.error());
  thread_local od::parser parser;
  p.padded = simdjson::padded_string(json);
  if (auto e = parser.iterate(p.padded).get(p.doc)) return Fail(Malformed(e));
  return {};
}

Error FieldsError(FieldErrors fields) {
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields = std::move(fields);
  return e;
}

}  // namespace

Result<Record> ValidateObject(const Resource& resource, std::string_view json, Mode mode) {
  Parsed p;
  if (auto started = StartParse(json, p); !started) return Fail(started.error());
  od::object obj;
  if (auto e = p.doc.get_object().get(obj)) {
    if (IsTypeError(e)) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON object");
    return Fail(Malformed(e));
  }
  Record record;
  FieldErrors fields;
  if (auto e = ReadObject(resource, obj, mode, record, fields, "")) return Fail(Malformed(e));
  if (!AtEnd(p.doc)) return Fail(ErrorCode::kBadRequest, "Malformed JSON: unexpected content after the object");
  if (!fields.empty()) return Fail(FieldsError(std::move(fields)));
  return record;
}

namespace {

// A JSON number as forms send them: digits with at most one '.', no leading
// zero before a digit ("0001" is text, and gets the field's type message).
bool LooksNumeric(std::string_view v) {
  size_t i = v.size() > 1 && v[0] == '-' ? 1 : 0, digits = 0, dots = 0;
  if (v.size() > i + 1 && v[i] == '0' && v[i + 1] != '.') return false;
  for (; i < v.size(); ++i) {
    if (v[i] == '.') ++dots;
    else if (v[i] >= '0' && v[i] <= '9') ++digits;
    else return false;
  }
  return digits > 0 && dots <= 1 && v.back() != '.' && v[v.front() == '-' ? 1 : 0] != '.';
}

// A form value as the JSON its field declares; anything else stays text
// (and gets the field's usual type message).
void FormValue(const Field* f, std::string_view v, JsonWriter& w) {
  if (!f || f->type == FieldType::kString) {
    w.String(v);
  } else if (v.empty()) {
    w.Null();
  } else if (f->type == FieldType::kBoolean && (v == "true" || v == "1" || v == "false" || v == "0")) {
    w.Bool(v == "true" || v == "1");
  } else if ((f->type == FieldType::kInteger || f->type == FieldType::kReference || f->type == FieldType::kNumber ||
              f->type == FieldType::kDecimal) && LooksNumeric(v)) {
    w.Raw(v);
  } else {
    w.String(v);
  }
}

}  // namespace

Result<Record> ValidateForm(const Resource& resource, std::span<const std::pair<std::string, std::string>> pairs,
                            Mode mode) {
  JsonWriter w;
  w.StartObject();
  for (const auto& [key, value] : pairs) {
    // As for JSON bodies: text that is not UTF-8 is refused, not stored as U+FFFD.
    if (!simdjson::validate_utf8(key.data(), key.size()) || !simdjson::validate_utf8(value.data(), value.size()))
      return Fail(ErrorCode::kBadRequest, "Request body is not valid UTF-8 (field '" + key + "')");
    int index = resource.FieldIndex(key), input = resource.InputIndex(key);
    const Field* f = index >= 0 ? &resource.fields[static_cast<size_t>(index)]
                     : input >= 0 ? &resource.inputs[static_cast<size_t>(input)]
                                  : nullptr;
    FormValue(f, value, w.Key(key));
  }
  w.EndObject();
  return ValidateObject(resource, w.View(), mode);
}

Result<std::vector<Record>> ValidateArray(const Resource& resource, std::string_view json, Mode mode,
                                          size_t max_rows) {
  Parsed p;
  if (auto started = StartParse(json, p); !started) return Fail(started.error());
  od::array arr;
  if (auto e = p.doc.get_array().get(arr)) {
    if (IsTypeError(e)) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON array of objects");
    return Fail(Malformed(e));
  }
  std::vector<Record> rows;
  std::vector<RowError> row_errors;
  for (auto item : arr) {
    od::value v;
    if (auto e = std::move(item).get(v)) return Fail(Malformed(e));
    if (rows.size() == max_rows)
      return Fail(ErrorCode::kValidation, "A bulk request takes at most " + std::to_string(max_rows) + " rows");
    Record record;
    FieldErrors fields;
    od::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (!IsTypeError(e)) return Fail(Malformed(e));
      fields["_row"].push_back("must be a JSON object");
      if (auto e2 = Drain(v)) return Fail(Malformed(e2));
    } else if (auto e2 = ReadObject(resource, obj, mode, record, fields, "")) {
      return Fail(Malformed(e2));
    }
    if (mode == Mode::kReplace && record.id <= 0 && !fields.count("id")) fields["id"].push_back("is required");
    if (!fields.empty()) row_errors.push_back(RowError{rows.size(), std::move(fields)});
    rows.push_back(std::move(record));
  }
  if (!AtEnd(p.doc)) return Fail(ErrorCode::kBadRequest, "Malformed JSON: unexpected content after the array");
  if (rows.empty()) return Fail(ErrorCode::kValidation, "A bulk request needs at least one row");
  if (!row_errors.empty()) {
    Error e = Error::Of(ErrorCode::kValidation, std::to_string(row_errors.size()) + " of " +
                                                    std::to_string(rows.size()) + " rows are invalid; nothing was written");
    e.rows = std::move(row_errors);
    return Fail(std::move(e));
  }
  return rows;
}

}  // namespace supplyhub::schema
