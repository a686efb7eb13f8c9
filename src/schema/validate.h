#pragma once
// Turns a JSON body into validated records, or says exactly what is wrong:
// kBadRequest for malformed JSON, kValidation with per-field (and per-row)
// messages for well-formed bodies that break the declaration.
#include <span>
#include <string>
#include <string_view>
#include <utility>
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

// An application/x-www-form-urlencoded body, decoded into pairs (seed 002
// documents shipments so): each text becomes the JSON type its field
// declares ("1"/"true" a boolean, "12" a number, "" null), then it is
// validated exactly like a JSON body.
Result<Record> ValidateForm(const Resource& resource, std::span<const std::pair<std::string, std::string>> pairs,
                            Mode mode);

// A JSON array of objects, all-or-nothing: any bad row fails the whole body
// with one RowError per bad row. With kReplace each row needs an integer "id".
Result<std::vector<Record>> ValidateArray(const Resource& resource, std::string_view json, Mode mode,
                                          size_t max_rows);

}  // namespace supplyhub::schema
