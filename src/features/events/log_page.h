#pragma once
// Cursor pages over append-only logs (events, webhook messages and attempts):
// rows in ascending key order after an opaque cursor (`after=`; empty or
// absent: from the start), `per_page` at most kMaxLogPage, and the envelope's
// meta with `next_cursor` (null at the end) and `resume_cursor` (after the last
// row of this page even at the end: where a poller asks again later).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/query_string.h"

namespace supplyhub::features {

inline constexpr int64_t kMaxLogPage = 500;

struct LogPage {
  int64_t after = 0;      // the key of the last row already seen
  int64_t per_page = 50;
  // Parses `after` and `per_page` from `params` (`kind` tags the cursor, so
  // one log's cursor is refused by another); other parameters are the caller's.
  static Result<LogPage> Parse(const http::QueryParams& params, std::string_view kind);
  // The meta of a page that read `rows` rows (per_page + 1 asked for: more
  // than per_page means another page follows, after `last_key`).
  std::string Meta(int64_t rows, int64_t last_key, std::string_view kind) const;
};

}  // namespace supplyhub::features
