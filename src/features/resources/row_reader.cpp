#include "features/resources/row_reader.h"

#include "features/resources/table_sql.h"
#include "schema/row_json.h"

namespace supplyhub::features {

using schema::Resource;
using storage::Value;

RowReader::RowReader(storage::Transaction& tx, storage::Dialect dialect, int64_t org, bool lock_rows)
    : tx_(tx), dialect_(dialect), org_(org), lock_rows_(lock_rows && dialect == storage::Dialect::kPostgres) {}

Task<Result<std::optional<StoredRow>>> RowReader::Load(const Resource& r, int64_t id) {
  Value p[] = {Value{org_}, Value{id}};
  std::optional<StoredRow> out;
  const TableSql& sql = SqlFor(r);
  auto ran = co_await tx_.Execute(lock_rows_ ? sql.select_row_locked : sql.select_row, p,
                                  [&](const storage::Row& row) { out = RowFrom(r, row); });
  if (!ran) co_return Fail(ran.error());
  co_return out;
}

Task<Result<std::vector<StoredRow>>> RowReader::LoadChildren(const schema::Child& child, int64_t parent_id) {
  Value p[] = {Value{org_}, Value{parent_id}};
  std::vector<StoredRow> out;
  const int first = 2 + static_cast<int>(child.resource->fields.size());
  auto ran = co_await tx_.Execute(SqlFor(*child.resource).select_children, p, [&](const storage::Row& row) {
    out.push_back(RowFrom(*child.resource, row));
    JsonWriter w;
    WriteChild(row, first, w);
    out.back().json = w.Take();
  });
  if (!ran) co_return Fail(ran.error());
  co_return out;
}

Task<Result<bool>> RowReader::Render(const Resource& r, int64_t id, JsonWriter& out) {
  Value p[] = {Value{org_}, Value{id}};
  auto ran = co_await tx_.Execute(SqlFor(r).render, p, [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
}

}  // namespace supplyhub::features
