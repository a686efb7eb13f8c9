#include "schema/field.h"

namespace supplyhub::schema {

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString: return "string";
    case FieldType::kInteger: return "integer";
    case FieldType::kNumber: return "number";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kDate: return "date";
    case FieldType::kDateTime: return "datetime";
    case FieldType::kEnum: return "enum";
    case FieldType::kReference: return "reference";
    case FieldType::kArray: return "array";
    case FieldType::kObject: return "object";
    case FieldType::kDecimal: return "decimal";
    case FieldType::kMoney: return "money";
  }
  return "string";
}

bool AboveMax(const Field& f, int64_t value, int64_t unit) {
  __extension__ typedef __int128 Wide;  // max x unit may not fit in 64 bits
  return f.max && static_cast<Wide>(value) > static_cast<Wide>(*f.max) * unit;
}

std::string ColumnName(const std::string& n) {
  static const char* const kReserved[] = {"order", "group", "user", "limit", "offset", "select", "from", "where"};
  for (const char* word : kReserved)
    if (n == word) return "\"" + n + "\"";
  return n;
}

}  // namespace supplyhub::schema
