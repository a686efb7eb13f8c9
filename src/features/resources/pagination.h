#pragma once
// The pagination `meta` of both dialects (seed 002 / seed 003) and the Link
// header (RFC 8288) pointing at the next, previous, first and last pages.
#include <string>

#include "http/query_string.h"
#include "http/request.h"

namespace supplyhub::features {

struct PageInfo {
  int64_t page = 1;
  int64_t per_page = 50;
  int64_t total = 0;
  int64_t rows = 0;  // on this page
};

std::string PageMeta(const PageInfo& info);
std::string PageLinks(const http::Request& request, const http::QueryParams& params, const PageInfo& info);

}  // namespace supplyhub::features
