#pragma once
// Turns a JSON body into validated records, or says exactly what is wrong:
// kBadRequest for malformed JSON, kValidation with per-field (and per-row)
// messages for well-formed bodies that break the declaration.
#include <string_view>
#include <vector>

#include "core/error.h"
#include "schema/record.h"
#include "schema/resource.h"

namespace supplyhub::schema {

enum class Mode {
  kCreate,   // required fields must be present; absent ones take defaults
  kReplace,  // PUT: same as create, on an existing row
  kPatch,    // only the given fields change
};

Result<Record> ValidateObject(const Resource& resource, std::string_view json, Mode mode);

// A JSON array of objects, all-or-nothing: any bad row fails the whole body
// with one RowError per bad row. With kReplace each row needs an integer "id".
Result<std::vector<Record>> ValidateArray(const Resource& resource, std::string_view json, Mode mode,
                                          size_t max_rows);

}  // namespace supplyhub::schema
