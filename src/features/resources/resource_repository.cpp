#include "features/resources/resource_repository.h"

#include "schema/ddl.h"
#include "schema/row_json.h"
#include "storage/dialect.h"

namespace supplyhub::features {
namespace {

using storage::Placeholder;
using storage::Value;

// "%kw%" with LIKE's wildcards escaped.
std::string LikePattern(std::string_view keyword) {
  std::string p = "%";
  for (char c : keyword) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

// Column `c` of `row` as a value of the sort column's kind.
Value ReadSortValue(const storage::Row& row, int c, SortValue kind) {
  if (row.IsNull(c)) return Value{};
  switch (kind) {
    case SortValue::kInteger: return Value{row.Int(c)};
    case SortValue::kReal: return Value{row.Double(c)};
    case SortValue::kText: return Value{std::string(row.Text(c))};
    case SortValue::kId: break;
  }
  return Value{};
}

}  // namespace

ResourceRepository::ResourceRepository(const schema::Resource& r, storage::Dialect dialect)
    : resource_(r), dialect_(dialect), columns_(schema::kStoredColumns) {
  const std::string& t = r.name;
  select_by_id_ = "SELECT " + columns_ + " FROM " + t + " WHERE org_id = $1 AND id = $2";
}

std::string ResourceRepository::Where(const ListQuery& q, std::vector<Value>& params) const {
  std::string where = "org_id = $1";
  for (const auto& [index, value] : q.filters) {
    params.push_back(value);
    const std::string column = schema::ColumnName(resource_.fields[static_cast<size_t>(index)].name);
    where += " AND " + column + " = " + Placeholder(params.size());
  }
  for (const auto& bound : q.bounds) {
    params.push_back(bound.value);
    const std::string column = schema::ColumnName(resource_.fields[static_cast<size_t>(bound.field)].name);
    where += " AND " + column + " " + bound.op + " " + Placeholder(params.size());
  }
  if (!q.keyword.empty()) {
    params.emplace_back(std::in_place_type<std::string>, LikePattern(q.keyword));
    std::string p = Placeholder(params.size()), any;
    for (const auto& f : resource_.fields)
      if (f.searchable)
        any += (any.empty() ? "" : " OR ") + storage::CaseInsensitiveLike(dialect_, f.name, p);
    if (!any.empty()) where += " AND (" + any + ")";
  }
  return where;
}

Task<Result<RowCount>> ResourceRepository::Count(storage::Transaction& tx, int64_t org, const ListQuery& q) const {
  RowCount count{0, -1};
  std::vector<Value> params{Value{org}};
  Result<int64_t> ran;
  if (q.Unfiltered()) {  // maintained on every write: no scan per page
    params.emplace_back(resource_.name);
    count.removals = 0;
    ran = co_await tx.Execute(
        "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(removals), 0) FROM resource_counts WHERE org_id = $1 AND resource = $2",
        params, [&count](const storage::Row& row) { count = {row.Int(0), row.Int(1)}; });
  } else {
    std::string where = Where(q, params);
    ran = co_await tx.Execute("SELECT count(*) FROM " + resource_.name + " WHERE " + where, params,
                              [&count](const storage::Row& row) { count.total = row.Int(0); });
  }
  if (!ran) co_return Fail(ran.error());
  co_return count;
}

Task<Result<RowCount>> ResourceRepository::CountedPage(storage::Transaction& tx, int64_t org, const ListQuery& q,
                                                       JsonWriter& out, int64_t& rows, PageEnd& end) const {
  const char* dir = q.descending ? " DESC" : "";
  // The count rides along as an uncorrelated subquery, evaluated once.
  std::string sql = "SELECT (SELECT SUM(n) FROM resource_counts WHERE org_id = $1 AND resource = $2), " + columns_ +
                    " FROM " + resource_.name + " WHERE org_id = $1 ORDER BY id" + dir + " LIMIT $3 OFFSET $4";
  Value params[] = {Value{org}, Value{resource_.name}, Value{q.per_page}, Value{q.Offset()}};
  RowCount count{0, 0};
  rows = 0;
  auto ran = co_await tx.Execute(sql, params, [&](const storage::Row& row) {
    count.total = row.Int(0);
    schema::WriteStoredRow(row, out, 1);
    end.id = row.Int(1);
    ++rows;
  });
  if (!ran) co_return Fail(ran.error());
  if (rows == 0) co_return co_await Count(tx, org, q);  // an empty page carries no count
  co_return count;
}

Task<Result<int64_t>> ResourceRepository::Page(storage::Transaction& tx, int64_t org, const ListQuery& q,
                                                const RowCount& count, JsonWriter& out, PageEnd& end) const {
  auto write_row = [&](const storage::Row& row) {
    schema::WriteStoredRow(row, out);
    end.id = row.Int(0);
  };
  const char* dir = q.descending ? " DESC" : "";
  const std::string column = schema::ColumnName(q.sort_column);
  // Empty values sort first ascending and last descending on both backends
  // (SQLite's own order; PostgreSQL's is the reverse).
  const char* nulls = dialect_ == storage::Dialect::kPostgres && q.sort_column != "id"
                          ? (q.descending ? " NULLS LAST" : " NULLS FIRST")
                          : "";
  std::string order = column + dir + nulls + (q.sort_column == "id" ? "" : std::string(", id") + dir);

  // Deep pages of the plain id order start from an anchor (see PageAnchors).
  // Only where ids are handed out in commit order: the single SQLite writer.
  if (dialect_ == storage::Dialect::kSqlite && q.Unfiltered() && q.sort_column == "id" && count.removals >= 0) {
    int64_t offset = q.Offset();
    int64_t limit = std::min(q.per_page, count.total - offset);
    int64_t position = q.descending ? count.total - offset - limit : offset;  // first row, in ascending order
    if (limit > 0 && position >= PageAnchors::kStride) {
      auto anchors = anchors_.Find(org, count.removals, position);
      if (!anchors) {
        auto built = std::make_shared<PageAnchors::Set>();
        built->removals = count.removals;
        Value p[] = {Value{org}};
        int64_t seen = 0;
        auto ran = co_await tx.Execute("SELECT id FROM " + resource_.name + " WHERE org_id = $1 ORDER BY id", p,
                                       [&](const storage::Row& row) {
                                         if (seen++ % PageAnchors::kStride == 0) built->ids.push_back(row.Int(0));
                                       });
        if (!ran) co_return Fail(ran.error());
        built->rows = seen;
        anchors = built;
        anchors_.Store(org, built);
      }
      size_t k = static_cast<size_t>(position / PageAnchors::kStride);
      if (k < anchors->ids.size()) {
        Value p[] = {Value{org}, Value{anchors->ids[k]}, Value{limit}, Value{position % PageAnchors::kStride}};
        co_return co_await tx.Execute("SELECT " + columns_ + " FROM " + resource_.name + " WHERE id IN (SELECT id FROM " +
                                          resource_.name +
                                          " WHERE org_id = $1 AND id >= $2 ORDER BY id LIMIT $3 OFFSET $4) ORDER BY " +
                                          order,
                                      p, write_row);
      }
    }
  }

  std::vector<Value> params{Value{org}};
  std::string where = Where(q, params);
  params.emplace_back(q.per_page);
  params.emplace_back(q.Offset());
  // Shallow pages: one index walk, nothing skipped worth avoiding.
  if (q.Offset() < kDirectOffsetLimit) {
    std::string sql = "SELECT " + columns_ + " FROM " + resource_.name + " WHERE " + where + " ORDER BY " + order +
                      " LIMIT " + Placeholder(params.size() - 1) + " OFFSET " + Placeholder(params.size());
    co_return co_await tx.Execute(sql, params, write_row);
  }
  // Deep pages: skip rows in the index-only subquery, then fetch just the page's rows.
  std::string sql = "SELECT " + columns_ + " FROM " + resource_.name + " WHERE id IN (SELECT id FROM " +
                    resource_.name + " WHERE " + where + " ORDER BY " + order + " LIMIT " +
                    Placeholder(params.size() - 1) + " OFFSET " + Placeholder(params.size()) + ") ORDER BY " + order;
  co_return co_await tx.Execute(sql, params, write_row);
}

Task<Result<int64_t>> ResourceRepository::KeysetPage(storage::Transaction& tx, int64_t org, const ListQuery& q,
                                                      JsonWriter& out, PageEnd& end) const {
  std::vector<Value> params{Value{org}};
  const std::string where = Where(q, params);
  auto bind = [&params](Value v) {
    params.push_back(std::move(v));
    return Placeholder(params.size());
  };
  const Cursor* after = q.after ? &*q.after : nullptr;
  const char* dir = q.descending ? " DESC" : "";
  const char* past = q.descending ? " < " : " > ";
  const std::string limit = bind(Value{q.per_page + 1});  // one more: are there rows after this page?
  std::string sql;
  int first = 0;  // where the stored columns start in a result row
  if (q.sort_value == SortValue::kId) {
    sql = "SELECT " + columns_ + " FROM " + resource_.name + " WHERE " + where +
          (after ? " AND id" + std::string(past) + bind(Value{after->id}) : "") + " ORDER BY id" + dir + " LIMIT " +
          limit;
  } else {
    // Rows without a value sort first ascending and last descending (as
    // offset pages order them): two index ranges, each walked in index order
    // from the cursor on for at most a page; a page that may cross from one to
    // the other takes both (UNION ALL) and keeps the first rows of the two.
    const std::string column = schema::ColumnName(q.sort_column);
    const bool from_null = after && storage::IsNull(after->value);
    // A NOT NULL column has no range of empty values to walk (the planner
    // would pick another index for one it knows is empty).
    int field = resource_.FieldIndex(q.sort_column);
    bool nullable = false;  // created_at, updated_at: NOT NULL
    if (field >= 0) {
      const schema::Field& f = resource_.fields[static_cast<size_t>(field)];  // required with its table, never relaxed
      nullable = !(f.required && f.not_null_until == 0 && schema::FieldSince(resource_, f) == resource_.since);
    }
    auto branch = [&](int segment, bool nulls) {
      std::string b = "SELECT " + std::to_string(segment) + " AS segment, " + column + " AS sort_value, " + columns_ +
                      " FROM " + resource_.name + " WHERE " + where + " AND " + column +
                      (nulls ? " IS NULL" : " IS NOT NULL");
      if (after && nulls && from_null) b += " AND id" + std::string(past) + bind(Value{after->id});
      if (after && !nulls && !from_null) {
        // The range starts at the cursor's value (an index bound); ties are then cut by id.
        std::string v = bind(after->value), id = bind(Value{after->id});
        b += " AND " + column + (q.descending ? " <= " : " >= ") + v + " AND (" + column + ", id)" + past + "(" + v +
             ", " + id + ")";
      }
      return b + " ORDER BY " + (nulls ? "id" + std::string(dir) : column + dir + ", id" + dir) + " LIMIT " + limit;
    };
    // Ascending: empty values, then the rest; descending the other way round.
    // A cursor inside the second range skips the first.
    bool skip_first = after && (q.descending ? from_null : !from_null);
    std::vector<std::string> branches;
    if (!nullable) {
      branches.push_back(branch(0, false));
    } else {
      if (!skip_first) branches.push_back(branch(0, !q.descending));
      branches.push_back(branch(1, q.descending));
    }
    if (branches.size() == 1) {
      sql = branches[0];
    } else {
      sql = "SELECT * FROM (" + branches[0] + ") AS first_range UNION ALL SELECT * FROM (" + branches[1] +
            ") AS second_range ORDER BY 1, 2" + dir + ", 3" + dir + " LIMIT " + limit;
    }
    first = 2;
  }
  int64_t rows = 0;
  end = PageEnd{};
  auto ran = co_await tx.Execute(sql, params, [&](const storage::Row& row) {
    if (rows == q.per_page) {
      end.more = true;
      return;
    }
    schema::WriteStoredRow(row, out, first);
    end.id = row.Int(first);
    if (first) end.value = ReadSortValue(row, 1, q.sort_value);
    ++rows;
  });
  if (!ran) co_return Fail(ran.error());
  co_return rows;
}

Task<Result<Value>> ResourceRepository::SortValueAt(storage::Transaction& tx, int64_t org, const ListQuery& q,
                                                   int64_t id) const {
  if (q.sort_value == SortValue::kId) co_return Value{};
  Value params[] = {Value{org}, Value{id}};
  Value found;
  auto ran = co_await tx.Execute("SELECT " + schema::ColumnName(q.sort_column) + " FROM " + resource_.name +
                                     " WHERE org_id = $1 AND id = $2",
                                 params, [&](const storage::Row& row) { found = ReadSortValue(row, 0, q.sort_value); });
  if (!ran) co_return Fail(ran.error());
  co_return found;
}

Task<Result<bool>> ResourceRepository::Find(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const {
  Value params[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(select_by_id_, params,
                                 [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
}

}  // namespace supplyhub::features
