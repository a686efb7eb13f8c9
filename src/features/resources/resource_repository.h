#pragma once
// The read SQL of one declared resource (writes: RowWriter). Every statement is scoped by org_id:
// tenant isolation lives here, in the query, not in callers' good manners.
#include <span>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "features/resources/list_query.h"
#include "features/resources/page_anchors.h"
#include "schema/record.h"
#include "schema/resource.h"
#include "storage/database.h"

namespace supplyhub::features {

struct RowCount {
  int64_t total = 0;
  int64_t removals = -1;  // deletes so far; -1 when the count was filtered
};

// Where a page ended: its last row (id 0: the page was empty), and for cursor
// pages that row's sort value and whether rows follow.
struct PageEnd {
  int64_t id = 0;
  storage::Value value = storage::Value();
  bool more = false;
};

class ResourceRepository {
 public:
  ResourceRepository(const schema::Resource& resource, storage::Dialect dialect);

  const schema::Resource& resource() const { return resource_; }

  // Below this offset a page walks the index from the start: skipping a few
  // full rows costs less than the extra join that skips them in the index.
  static constexpr int64_t kDirectOffsetLimit = 200;
  // Count and Page in one statement (one round trip to a database server),
  // for unfiltered lists in id order up to kDirectOffsetLimit.
  static bool CountedPageApplies(const ListQuery& q) {
    return q.Unfiltered() && q.sort_column == "id" && q.Offset() < kDirectOffsetLimit;
  }
  Task<Result<RowCount>> CountedPage(storage::Transaction& tx, int64_t org, const ListQuery& q, JsonWriter& out,
                                     int64_t& rows, PageEnd& end) const;

  Task<Result<RowCount>> Count(storage::Transaction& tx, int64_t org, const ListQuery& q) const;
  // Appends the page's rows to an open JSON array; returns how many. `count`
  // comes from Count() in the same transaction.
  Task<Result<int64_t>> Page(storage::Transaction& tx, int64_t org, const ListQuery& q, const RowCount& count,
                             JsonWriter& out, PageEnd& end) const;
  // A cursor page (?after=): the rows after q.after in (sort value, id)
  // order, found by walking an index from there, so it costs the same at any
  // depth. Appends them to an open JSON array; returns how many.
  Task<Result<int64_t>> KeysetPage(storage::Transaction& tx, int64_t org, const ListQuery& q, JsonWriter& out,
                                   PageEnd& end) const;
  // The sort value of row `id` (to continue an offset page with a cursor).
  Task<Result<storage::Value>> SortValueAt(storage::Transaction& tx, int64_t org, const ListQuery& q, int64_t id) const;
  // Writes the row as a JSON object; false when there is no such row in the organization.
  Task<Result<bool>> Find(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const;
 private:
  std::string Where(const ListQuery& q, std::vector<storage::Value>& params) const;

  const schema::Resource& resource_;
  const storage::Dialect dialect_;
  std::string columns_;
  std::string select_by_id_;
  mutable PageAnchors anchors_;  // per field; empty when not a reference
};

}  // namespace supplyhub::features
