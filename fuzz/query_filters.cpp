// A list request's query string (?page=2&status=active&sort=-name): decoded,
// then checked against every resource's declaration; a keyword's case fold
// (SQLite's supplyhub_fold).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "core/case_fold.h"
#include "features/resources/list_query.h"
#include "http/query_string.h"
#include "schema/resource.h"
#include "schema/registry.h"

namespace {

bool Sortable(const supplyhub::schema::Resource& r, std::string_view column) {
  if (column == "id" || column == "created_at" || column == "updated_at") return true;
  int index = r.FieldIndex(column);
  return index >= 0 && r.fields[static_cast<size_t>(index)].sortable;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  auto params = supplyhub::http::ParseQuery(query);
  if (!params) return 0;
  for (const auto* resource : supplyhub::schema::AllResources()) {
    auto q = supplyhub::features::ParseListQuery(*resource, *params);
    if (!q) continue;
    // What reaches the SQL builder: bounded paging, declared columns only.
    FUZZ_CHECK(q->page >= 1 && q->page <= INT32_MAX);
    FUZZ_CHECK(q->per_page >= 1 && q->per_page <= supplyhub::features::kMaxPerPage);
    FUZZ_CHECK(q->Offset() >= 0);
    FUZZ_CHECK(Sortable(*resource, q->sort_column));
    for (const auto& [index, value] : q->filters) {
      FUZZ_CHECK(index >= 0 && static_cast<size_t>(index) < resource->fields.size());
      FUZZ_CHECK(resource->fields[static_cast<size_t>(index)].filterable);
    }
    if (!q->keyword.empty()) {
      // LIKE's wildcards and escape survive the fold; ASCII-only text keeps its length.
      std::string folded = supplyhub::FoldCase(q->keyword);
      FUZZ_CHECK(std::count(folded.begin(), folded.end(), '%') == std::count(q->keyword.begin(), q->keyword.end(), '%'));
      FUZZ_CHECK(std::count(folded.begin(), folded.end(), '\\') == std::count(q->keyword.begin(), q->keyword.end(), '\\'));
    }
  }
  return 0;
}
