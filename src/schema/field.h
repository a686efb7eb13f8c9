#pragma once
// One declared field of a resource. Declarations read like:
//   Field::String("name").Required().Searchable().Sortable()
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "storage/value.h"

namespace supplyhub::schema {

// kDecimal: an exact decimal (quantities), stored as integer millionths so
// stock arithmetic in SQL never rounds; shown as a JSON number.
// kMoney: integer minor units of the row's `currency` (never floating point);
// shown as a decimal string ("130.00") plus `<name>_minor` (13000), taken as
// a decimal string or a number.
enum class FieldType {
  kString, kInteger, kNumber, kBoolean, kDate, kDateTime, kEnum, kReference, kArray, kObject, kDecimal, kMoney
};

inline constexpr int64_t kDecimalScale = 1000000;

const char* FieldTypeName(FieldType type);

// A field's name as an SQL column: quoted when SQL reserves it (seed 002's "order").
std::string ColumnName(const std::string& field_name);

struct Field {
  std::string name;
  FieldType type = FieldType::kString;
  std::string description;
  bool required = false;
  storage::Value default_value;        // used on create/replace when absent
  size_t max_length = 255;             // strings; for arrays: max items
  std::vector<std::string> enum_values;
  std::string references;              // kReference: target resource name
  FieldType item_type = FieldType::kString;  // kArray: type of each item
  bool unique = false;                 // unique per organization
  bool searchable = false;             // matched by ?keyword=
  bool filterable = false;             // ?<name>=<value>
  bool sortable = false;               // ?sort=<name> or -<name>
  bool read_only = false;              // set by the server; ignored on input (clients echo GETs)
  std::vector<std::string> aliases;    // other names a seed's client sends for it
  std::optional<int64_t> min;          // integers, decimals and money (decimals, money: whole units)
  // The largest value (same units as min): input beyond it is a 422 naming the
  // field, and the write path keeps every stored value within it, computed
  // ones included (RowWriter). OpenAPI shows it as `maximum`.
  std::optional<int64_t> max;
  int since = 0;                       // schema version that added it; 0: with its table
  int not_null_until = 0;              // was NOT NULL in the schema before this version

  static Field String(std::string n) { return Make(std::move(n), FieldType::kString); }
  static Field Text(std::string n) { return Make(std::move(n), FieldType::kString).MaxLength(10000); }
  static Field Integer(std::string n) { return Make(std::move(n), FieldType::kInteger); }
  static Field Number(std::string n) { return Make(std::move(n), FieldType::kNumber); }
  static Field Boolean(std::string n) { return Make(std::move(n), FieldType::kBoolean); }
  static Field Date(std::string n) { return Make(std::move(n), FieldType::kDate); }
  static Field DateTime(std::string n) { return Make(std::move(n), FieldType::kDateTime); }
  static Field Enum(std::string n, std::vector<std::string> values) {
    Field f = Make(std::move(n), FieldType::kEnum);
    f.enum_values = std::move(values);
    return f;
  }
  static Field Reference(std::string n, std::string target) {
    Field f = Make(std::move(n), FieldType::kReference);
    f.references = std::move(target);
    f.filterable = true;  // always indexed: deletes check it, clients filter by it
    return f;
  }
  static Field Array(std::string n, FieldType item) {
    Field f = Make(std::move(n), FieldType::kArray);
    f.item_type = item;
    f.max_length = 1000;
    return f;
  }
  static Field Object(std::string n) { return Make(std::move(n), FieldType::kObject); }
  static Field Decimal(std::string n) { return Make(std::move(n), FieldType::kDecimal); }
  static Field Money(std::string n) { return Make(std::move(n), FieldType::kMoney); }

  Field& Required() { required = true; return *this; }
  Field& Default(storage::Value v) { default_value = std::move(v); return *this; }
  Field& MaxLength(size_t n) { max_length = n; return *this; }
  Field& Unique() { unique = true; return *this; }
  Field& Searchable() { searchable = true; return *this; }
  Field& Filterable() { filterable = true; return *this; }
  Field& Sortable() { sortable = true; return *this; }
  Field& Describe(std::string d) { description = std::move(d); return *this; }
  Field& ReadOnly() { read_only = true; return *this; }
  Field& Alias(std::string a) { aliases.push_back(std::move(a)); return *this; }
  Field& Min(int64_t m) { min = m; return *this; }
  Field& Max(int64_t m) { max = m; return *this; }
  // Added after its table was created: a migration at `version` adds the column.
  Field& Since(int version) { since = version; return *this; }
  // Required (NOT NULL) in the tables of versions before `version`, optional since.
  Field& OptionalSince(int version) { not_null_until = version; return *this; }

 private:
  static Field Make(std::string n, FieldType t) {
    Field f;
    f.name = std::move(n);
    f.type = t;
    return f;
  }
};

// Whether `value`, counted in 1/`unit`ths of the field's whole units (decimals:
// millionths, unit 10^6; money: minor units, unit 10^exponent; integers: unit 1),
// is above the field's declared maximum.
bool AboveMax(const Field& f, int64_t value, int64_t unit);

}  // namespace supplyhub::schema
