// One field's value in a JSON body, read and checked against its declaration (type, format, limits).
#include "schema/validate_value.h"

#include <string>

#include "core/json_limits.h"
#include "core/json_writer.h"
#include "schema/value_format.h"

namespace supplyhub::schema::detail {

using storage::Value;

namespace {

constexpr int kMaxNesting = kMaxJsonDepth;

// A real `null` (not "nul" or "nulll", which only start like one).
bool IsNull(od::value& v) {
  bool is_null = false;
  return !v.is_null().get(is_null) && is_null;
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
std::string MaxProblem(const Field& f) { return "must be at most " + std::to_string(*f.max); }

// Text that is a plain decimal number with more whole digits than any value
// can have (ParseDecimal takes 12): out of range rather than malformed.
bool TooLargeNumber(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.size() <= 12) return false;
  for (char c : s.substr(0, dot == std::string_view::npos ? s.size() : dot))
    if (c < '0' || c > '9') return false;
  if (dot == std::string_view::npos) return true;
  std::string_view frac = s.substr(dot + 1);
  if (frac.empty()) return false;
  for (char c : frac)
    if (c < '0' || c > '9') return false;
  return true;
}

// The problem of a decimal text ParseDecimal refused.
std::string DecimalProblem(const Field& f, std::string_view s, const char* malformed) {
  if (!TooLargeNumber(s)) return malformed;
  return f.max ? MaxProblem(f) : "is out of range (at most 12 digits before the decimal point)";
}

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
    if (!ParseDecimal(s, d)) problem = DecimalProblem(f, s, "must be a decimal number with at most 6 decimal places");
    else if (f.min && d < *f.min * kDecimalScale) problem = MinProblem(f);
    else if (AboveMax(f, d, kDecimalScale)) problem = MaxProblem(f);
    else out = d;
  } else if (f.type == FieldType::kMoney) {  // kept as text: the row's currency says how many decimals
    int64_t d = 0;
    if (!ParseDecimal(s, d)) problem = DecimalProblem(f, s, "must be an amount with at most 6 decimal places");
    else if (f.min && d < *f.min * kDecimalScale) problem = MinProblem(f);
    else if (AboveMax(f, d, kDecimalScale)) problem = MaxProblem(f);
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

}  // namespace

simdjson::error_code Drain(od::value v) {
  JsonWriter sink;
  return CopyJson(v, sink, 0);
}

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
      } else if (AboveMax(f, i, 1)) {
        problem = MaxProblem(f);
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

}  // namespace supplyhub::schema::detail
