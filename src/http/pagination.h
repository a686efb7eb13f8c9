#pragma once
// The pagination `meta` of both dialects (seed 002 / seed 003) plus
// `next_cursor`, and the Link header (RFC 8288) pointing at the next,
// previous, first and last pages. A cursor page (?after=) has no page number:
// its page fields are null, its links are next (after=<next_cursor>) and first.
#include <string>

#include "http/query_string.h"
#include "http/request.h"

namespace supplyhub::http {

struct PageInfo {
  int64_t page = 1;
  int64_t per_page = 50;
  int64_t total = 0;
  int64_t rows = 0;  // on this page
  std::string next_cursor = std::string();  // empty: no rows follow (null in meta)
  bool keyset = false;      // a cursor page
  bool counted = true;      // `total` is known (filtered cursor pages are not counted)
};

std::string PageMeta(const PageInfo& info);
std::string PageLinks(const Request& request, const QueryParams& params, const PageInfo& info);

}  // namespace supplyhub::http
