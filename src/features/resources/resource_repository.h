#pragma once
// The SQL of one declared resource. Every statement is scoped by org_id:
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

class ResourceRepository {
 public:
  ResourceRepository(const schema::Resource& resource, storage::Dialect dialect);

  const schema::Resource& resource() const { return resource_; }

  // Below this offset a page walks the index from the start: skipping a few
  // full rows costs less than the extra join that skips them in the index.
  static constexpr int64_t kDirectOffsetLimit = 200;
  // Rows per (organization, resource) in resource_counts that writers spread over.
  static constexpr uint32_t kCountShards = 16;
  // Count and Page in one statement (one round trip to a database server),
  // for unfiltered lists in id order up to kDirectOffsetLimit.
  static bool CountedPageApplies(const ListQuery& q) {
    return q.Unfiltered() && q.sort_column == "id" && q.Offset() < kDirectOffsetLimit;
  }
  Task<Result<RowCount>> CountedPage(storage::Transaction& tx, int64_t org, const ListQuery& q, JsonWriter& out,
                                     int64_t& rows) const;

  Task<Result<RowCount>> Count(storage::Transaction& tx, int64_t org, const ListQuery& q) const;
  // Appends the page's rows to an open JSON array; returns how many. `count`
  // comes from Count() in the same transaction.
  Task<Result<int64_t>> Page(storage::Transaction& tx, int64_t org, const ListQuery& q, const RowCount& count,
                             JsonWriter& out) const;
  // Each of these writes the row as a JSON object and returns false when
  // there is no such row in the organization.
  Task<Result<bool>> Find(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const;
  Task<Result<void>> Insert(storage::Transaction& tx, int64_t org, const schema::Record& rec,
                            const std::string& now, JsonWriter& out) const;
  // Rows must carry their doc (schema::RenderDoc) before Insert/InsertMany/Update.
  // Inserts rows with multi-row statements (far fewer statement executions
  // than one per row). A unique conflict fails the whole call.
  Task<Result<void>> InsertMany(storage::Transaction& tx, int64_t org, std::span<const schema::Record> recs,
                                const std::string& now, JsonWriter& out) const;
  Task<Result<bool>> Update(storage::Transaction& tx, int64_t org, int64_t id, const schema::Record& rec,
                            bool patch, const std::string& now, JsonWriter& out) const;
  Task<Result<bool>> Delete(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const;

  // Adds a message to `fields` for each reference to a row that is not in
  // the organization.
  Task<Result<void>> CheckReferences(storage::Transaction& tx, int64_t org, const schema::Record& rec,
                                     FieldErrors& fields) const;
  Task<Result<void>> AddToCount(storage::Transaction& tx, int64_t org, int64_t delta) const;

 private:
  std::string Where(const ListQuery& q, std::vector<storage::Value>& params) const;
  std::string MultiInsertSql(size_t rows) const;

  const schema::Resource& resource_;
  const storage::Dialect dialect_;
  std::string columns_;
  std::string select_by_id_;
  std::string select_fields_;  // the declared columns of one row
  std::string insert_;
  std::string insert_chunk_;  // InsertMany's statement for a full chunk
  std::string replace_;
  std::string delete_;
  std::vector<std::string> reference_checks_;
  mutable PageAnchors anchors_;  // per field; empty when not a reference
};

}  // namespace supplyhub::features
