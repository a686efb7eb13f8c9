#pragma once
// Opaque cursors of ?after= paging: where the last page ended (the last row's
// sort value and id), the sort they were made for, and a hash of the filters
// and keyword, base64url-encoded with a checksum. A cursor changed by hand,
// cut short or made for another sort or query is a 400; tenant isolation does
// not rely on it (every page is still scoped by organization).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "storage/value.h"

namespace supplyhub::features {

struct Cursor {
  std::string sort;        // as ?sort= spells it: "id", "-name"
  uint64_t query = 0;      // Hash64 of the filters and keyword
  storage::Value value;    // the last row's sort value (null: none, or id order)
  int64_t id = 0;          // the last row's id
};

inline constexpr size_t kMaxCursorLength = 2048;

std::string EncodeCursor(const Cursor& cursor);
Result<Cursor> DecodeCursor(std::string_view text);

}  // namespace supplyhub::features
