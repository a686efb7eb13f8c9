#pragma once
// A declared row as the write path holds it (StoredRow), and the small
// helpers that make and read records by field name.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "schema/record.h"
#include "schema/resource.h"

namespace supplyhub::features {

// A stored row: its id, its parent (children) and declared values.
struct StoredRow {
  int64_t id = 0;
  int64_t parent_id = 0;
  schema::Record record;
  std::vector<bool> changed;  // fields this request set (empty: none), for computed-field rules
  std::string json;           // a loaded child: its JSON object
  std::vector<std::vector<StoredRow>> children;  // per Resource::children, loaded by Store before `compute`
};

// A record of `r` with its defaults and the given values (for rows the server creates).
schema::Record MakeRecord(const schema::Resource& r,
                          std::initializer_list<std::pair<std::string_view, storage::Value>> values);
// The value of field `name` of a row, and setting it.
const storage::Value& FieldValue(const schema::Resource& r, const schema::Record& rec, std::string_view name);
void SetField(const schema::Resource& r, schema::Record& rec, std::string_view name, storage::Value value);
// The row's `currency`, when the resource has one and it is set.
const std::string* CurrencyOf(const schema::Resource& r, const schema::Record& rec);

// 422 with `fields`.
Error FieldsInvalid(FieldErrors fields);
// 404 naming the row.
Error NoSuch(const schema::Resource& r, int64_t id);

}  // namespace supplyhub::features
