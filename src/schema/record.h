#pragma once
// Validated values of one resource row, in declaration order.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/value.h"

namespace supplyhub::schema {

struct Record;

// The rows of one child collection sent embedded in the parent's body.
struct ChildRows {
  bool present = false;  // sent: the collection is replaced by `rows`
  std::vector<Record> rows;
};

struct Record {
  std::vector<storage::Value> values;  // one per declared field
  std::vector<bool> present;           // given in the request (updates write only these)
  int64_t id = 0;                      // bulk replace: the row to update
  std::string doc;                     // RenderDoc() of the values, set before storing
  std::vector<storage::Value> inputs;  // one per Resource::inputs; null when not sent
  std::vector<ChildRows> children;     // one per Resource::children

  // The text of field i, which validation made a required string.
  const std::string& Text(size_t i) const { return std::get<std::string>(values[i]); }
};

}  // namespace supplyhub::schema
