#include "schema/validate.h"

#include <simdjson.h>

#include <string>

#include "core/json_limits.h"
#include "core/json_writer.h"
#include "schema/value_format.h"

namespace supplyhub::schema {
namespace {

namespace od = simdjson::ondemand;
using storage::Value;

constexpr int kMaxNesting = kMaxJsonDepth;

// A wrong type is the client's field error (422); anything else is broken JSON (400).
bool IsTypeError(simdjson::error_code e) {
  return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE;
}

// A real `null` (not "nul" or "nulll", which only start like one).
bool IsNull(od::value& v) {
  bool is_null = false;
  return !v.is_null().get(is_null) && is_null;
}

Error Malformed(simdjson::error_code e) {
  return Error::Of(ErrorCode::kBadRequest, std::string("Malformed JSON: ") + simdjson::error_message(e));
}

// Copies any JSON value into `w`, normalised. Used for arrays and objects.
simdjson::error_code CopyJson(od::value v, JsonWriter& w, int depth) {
  if (depth > kMaxNesting) return simdjson::DEPTH_ERROR;
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      w.StartObject();
      for (auto member : o) {
        od::field field;
        if (auto e = std::move(member).get(field)) return e;
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        w.Key(key);
        if (auto e = CopyJson(field.value(), w, depth + 1)) return e;
      }
      w.EndObject();
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      w.StartArray();
      for (auto item : a) {
        od::value iv;
        if (auto e = std::move(item).get(iv)) return e;
        if (auto e = CopyJson(iv, w, depth + 1)) return e;
      }
      w.EndArray();
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      w.String(s);
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      int64_t i;
      if (!v.get_int64().get(i)) { w.Int(i); return simdjson::SUCCESS; }
      double d;
      if (auto e = v.get_double().get(d)) return e;
      w.Double(d);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      w.Bool(b);
      return simdjson::SUCCESS;
    }
    case od::json_type::null:
      if (!IsNull(v)) return simdjson::N_ATOM_ERROR;
      w.Null();
      return simdjson::SUCCESS;
  }
  return simdjson::TAPE_ERROR;
}

// The JSON type a field takes. Seed clients' dialects are accepted: 0/1 for
// booleans, numbers for strings ("serial_number": 123456789999), a string for
// a reference (an external id) and decimals as numbers or strings.
bool TypeMatches(const Field& f, od::json_type t) {
  switch (f.type) {
    case FieldType::kString: return t == od::json_type::string || t == od::json_type::number;
    case FieldType::kDate:
    case FieldType::kDateTime:
    case FieldType::kEnum: return t == od::json_type::string;
    case FieldType::kInteger:
    case FieldType::kNumber: return t == od::json_type::number;
    case FieldType::kReference:
    case FieldType::kMoney:
    case FieldType::kDecimal: return t == od::json_type::number || t == od::json_type::string;
    case FieldType::kBoolean: return t == od::json_type::boolean || t == od::json_type::number;
    case FieldType::kArray: return t == od::json_type::array;
    case FieldType::kObject: return t == od::json_type::object;
  }
  return false;
}

// A number's text as sent (simdjson leaves trailing whitespace on the token).
std::string_view NumberText(od::value& v) {
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
    raw.remove_suffix(1);
  return raw;
}

std::string MinProblem(const Field& f) { return "must be at least " + std::to_string(*f.min); }

std::string TypeProblem(const Field& f) {
  switch (f.type) {
    case FieldType::kInteger: return "must be an integer";
    case FieldType::kReference: return "must be an id (integer) or an external id (string)";
    case FieldType::kDecimal: return "must be a decimal number";
    case FieldType::kMoney: return "must be an amount: a decimal string (\"130.00\") or a number";
    case FieldType::kNumber: return "must be a number";
    case FieldType::kBoolean: return "must be a boolean";
    case FieldType::kArray: return "must be an array";
    case FieldType::kObject: return "must be an object";
    default: return "must be a string";
  }
}

// Walks a value we will not keep, so malformed JSON inside it is still caught.
simdjson::error_code Drain(od::value v) {
  JsonWriter sink;
  return CopyJson(v, sink, 0);
}

simdjson::error_code ReadString(const Field& f, std::string_view s, Value& out, std::string& problem) {
  if (f.type == FieldType::kString) {
    if (Utf8Length(s) > f.max_length) problem = "must be at most " + std::to_string(f.max_length) + " characters";
    else if (s.find('\0') != std::string_view::npos) problem = "must not contain NUL characters";  // PostgreSQL text cannot
    else out = std::string(s);
  } else if (f.type == FieldType::kDate) {
    // Seed clients send date-times for dates ("2023-01-12T00:00:00.000Z"): keep the date part.
    std::string_view day = s.size() > 10 && IsDateTime(s) ? s.substr(0, 10) : s;
    if (!IsDate(day)) problem = "must be a date (YYYY-MM-DD)";
    else out = std::string(day);
  } else if (f.type == FieldType::kReference) {  // an external id, or our id as text
    if (s.empty() || Utf8Length(s) > 255) problem = "must be an id or an external id of at most 255 characters";
    else out = std::string(s);
  } else if (f.type == FieldType::kDecimal) {
    int64_t d = 0;
    if (!ParseDecimal(s, d)) problem = "must be a decimal number with at most 6 decimal places";
    else if (f.min && d < *f.min * kDecimalScale) problem = MinProblem(f);
    else out = d;
  } else if (f.type == FieldType::kMoney) {  // kept as text: the row's currency says how many decimals
    int64_t d = 0;
    if (!ParseDecimal(s, d)) problem = "must be an amount with at most 6 decimal places";
    else if (f.min && d < *f.min * kDecimalScale) problem = MinProblem(f);
    else out = std::string(s);
  } else if (f.type == FieldType::kDateTime) {
    if (!IsDateTime(s)) problem = "must be an RFC 3339 date-time (e.g. 2023-01-12T00:00:00Z)";
    else out = std::string(s);
  } else {
    std::string canonical = CanonicalEnumValue(f, s);
    if (canonical.empty()) {
      problem = "must be one of:";
      for (const auto& ev : f.enum_values) problem += " " + ev;
    } else {
      out = std::move(canonical);
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadArray(const Field& f, od::value v, Value& out, std::string& problem) {
  od::array a;
  if (auto e = v.get_array().get(a)) return e;
  JsonWriter w;
  w.StartArray();
  size_t count = 0;
  for (auto item : a) {
    od::value iv;
    if (auto e = std::move(item).get(iv)) return e;
    od::json_type it;
    if (auto e = iv.type().get(it)) return e;
    bool ok = f.item_type == FieldType::kString   ? it == od::json_type::string
              : f.item_type == FieldType::kNumber  ? it == od::json_type::number
              : f.item_type == FieldType::kInteger ? it == od::json_type::number
                                                   : true;
    if (f.item_type == FieldType::kInteger && ok) {
      int64_t i;
      if (auto e = iv.get_int64().get(i)) {
        if (!IsTypeError(e)) return e;
        ok = false;
      } else {
        w.Int(i);
      }
    } else if (auto e = CopyJson(iv, w, 1)) {
      return e;
    }
    if (!ok && problem.empty()) problem = std::string("items must be of type ") + FieldTypeName(f.item_type);
    ++count;
  }
  w.EndArray();
  if (count > f.max_length && problem.empty())
    problem = "must have at most " + std::to_string(f.max_length) + " items";
  if (problem.empty()) out = w.Take();
  return simdjson::SUCCESS;
}

// Validates one field value into `out`. Returns a malformed-JSON error, or
// leaves a field message in `problem` (empty when the value is fine).
simdjson::error_code ReadField(const Field& f, od::value v, Value& out, std::string& problem) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  if (t == od::json_type::null) {
    if (!IsNull(v)) return simdjson::N_ATOM_ERROR;
    out = std::monostate{};
    return simdjson::SUCCESS;
  }
  if (!TypeMatches(f, t)) {
    problem = TypeProblem(f);
    return Drain(v);
  }
  if (t == od::json_type::number &&
      (f.type == FieldType::kString || f.type == FieldType::kDecimal || f.type == FieldType::kMoney)) {
    return ReadString(f, NumberText(v), out, problem);  // the number's text, exactly as sent
  }
  switch (f.type) {
    case FieldType::kString:
    case FieldType::kDate:
    case FieldType::kDateTime:
    case FieldType::kDecimal:
    case FieldType::kMoney:
    case FieldType::kEnum: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      return ReadString(f, s, out, problem);
    }
    case FieldType::kInteger:
    case FieldType::kReference: {
      if (t == od::json_type::string) {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return e;
        return ReadString(f, s, out, problem);
      }
      int64_t i;
      if (auto e = v.get_int64().get(i)) {
        if (!IsTypeError(e)) return e;
        problem = "must be an integer";
      } else if (f.type == FieldType::kReference && i <= 0) {
        problem = "must be a positive id";
      } else if (f.min && i < *f.min) {
        problem = MinProblem(f);
      } else {
        out = i;
      }
      return simdjson::SUCCESS;
    }
    case FieldType::kNumber: {
      double d;
      if (auto e = v.get_double().get(d)) return e;
      out = d;
      return simdjson::SUCCESS;
    }
    case FieldType::kBoolean: {
      if (t == od::json_type::boolean) {
        bool b;
        if (auto e = v.get_bool().get(b)) return e;
        out = int64_t{b ? 1 : 0};
        return simdjson::SUCCESS;
      }
      // Seed 002 sends integers for booleans, 0/1 and also 2 ("is_low_inventory": 2): non-zero is true.
      int64_t i;
      if (auto e = v.get_int64().get(i); e && IsTypeError(e)) {
        problem = "must be a boolean";
      } else if (e) {
        return e;
      } else {
        out = int64_t{i != 0 ? 1 : 0};
      }
      return simdjson::SUCCESS;
    }
    case FieldType::kArray: return ReadArray(f, v, out, problem);
    case FieldType::kObject: {
      JsonWriter w;
      if (auto e = CopyJson(v, w, 0)) return e;
      out = w.Take();
      return simdjson::SUCCESS;
    }
  }
  return simdjson::SUCCESS;
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

bool LooksNumeric(std::string_view v) {
  size_t i = v.size() > 1 && v[0] == '-' ? 1 : 0, digits = 0, dots = 0;
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
