#pragma once
// Internal to validation (validate.cpp, validate_value.cpp): reading one
// field's value from a JSON body on simdjson On-Demand.
#include <simdjson.h>

#include <string>

#include "schema/field.h"
#include "storage/value.h"

namespace supplyhub::schema::detail {

namespace od = simdjson::ondemand;

// A wrong type is the client's field error (422); anything else is broken JSON (400).
inline bool IsTypeError(simdjson::error_code e) {
  return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE;
}

// Walks a value we will not keep, so malformed JSON inside it is still caught.
simdjson::error_code Drain(od::value v);

// Validates one field value into `out`. Returns a malformed-JSON error, or
// leaves a field message in `problem` (empty when the value is fine).
simdjson::error_code ReadField(const Field& f, od::value v, storage::Value& out, std::string& problem);

}  // namespace supplyhub::schema::detail
