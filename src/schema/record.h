#pragma once
// Validated values of one resource row, in declaration order.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/value.h"

namespace supplyhub::schema {

struct Record {
  std::vector<storage::Value> values;  // one per declared field
  std::vector<bool> present;           // given in the request (PATCH writes only these)
  int64_t id = 0;                      // bulk replace: the row to update
  std::string doc;                     // RenderDoc() of the values, set before storing
};

}  // namespace supplyhub::schema
