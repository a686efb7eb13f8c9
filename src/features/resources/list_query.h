#pragma once
// ?page, per_page, after, keyword, sort and filters on declared fields,
// checked against the resource declaration (unknown parameters are an error).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "features/resources/cursor.h"
#include "schema/resource.h"
#include "storage/value.h"

namespace supplyhub::features {

inline constexpr int64_t kDefaultPerPage = 50;
inline constexpr int64_t kMaxPerPage = 1000;
// Each filter is one more term in the SQL (and, repeated, another distinct
// statement); 999 of them exceed SQLite's expression depth.
inline constexpr size_t kMaxFilters = 32;

// How the values of the sort column are read back into a cursor.
enum class SortValue { kId, kInteger, kReal, kText };

struct ListQuery {
  int64_t page = 1;
  int64_t per_page = kDefaultPerPage;
  std::vector<std::pair<int, storage::Value>> filters;  // field index, value
  struct Bound {
    int field;
    const char* op;  // ">=" or "<="
    storage::Value value;
  };
  std::vector<Bound> bounds;  // seed 002's ?dateRange=true&fromDate=&toDate=
  bool date_range_off = false;  // ?dateRange=false: the dates are ignored
  std::string keyword;
  std::string sort_column = "id";
  bool descending = false;
  SortValue sort_value = SortValue::kId;
  // ?after= (cursor paging): the page starts after `after`, or at the
  // beginning when it is empty; `page` is not used.
  bool keyset = false;
  std::optional<Cursor> after;

  bool Unfiltered() const { return filters.empty() && bounds.empty() && keyword.empty(); }
  int64_t Offset() const { return (page - 1) * per_page; }
  // ?sort= as a cursor records it ("id", "-name").
  std::string SortSpec() const { return (descending ? "-" : "") + sort_column; }
  // Hash64 of the filters and keyword, whatever their order in the query string.
  uint64_t QueryHash() const;
};

Result<ListQuery> ParseListQuery(const schema::Resource& resource,
                                 std::span<const std::pair<std::string, std::string>> params);

}  // namespace supplyhub::features
