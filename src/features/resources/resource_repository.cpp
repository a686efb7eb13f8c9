#include "features/resources/resource_repository.h"

#include "schema/row_json.h"

namespace supplyhub::features {
namespace {

using storage::Value;

std::string Placeholder(size_t n) { return "$" + std::to_string(n); }

// "%kw%" with LIKE's wildcards escaped.
std::string LikePattern(std::string_view keyword) {
  std::string p = "%";
  for (char c : keyword) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

constexpr size_t kInsertChunk = 64;

}  // namespace

std::string ResourceRepository::MultiInsertSql(size_t rows) const {
  const size_t width = resource_.fields.size() + 4;  // org_id, fields, doc, created_at, updated_at
  std::string sql = insert_.substr(0, insert_.find(" VALUES ")) + " VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (size_t c = 0; c < width; ++c) sql += (c ? ", " : "") + Placeholder(r * width + c + 1);
    sql += ")";
  }
  return sql + " RETURNING " + columns_;
}

ResourceRepository::ResourceRepository(const schema::Resource& r, storage::Dialect dialect)
    : resource_(r), dialect_(dialect), columns_(schema::kStoredColumns) {
  const std::string& t = r.name;
  select_by_id_ = "SELECT " + columns_ + " FROM " + t + " WHERE org_id = $1 AND id = $2";
  select_fields_ = "SELECT " + schema::DeclaredColumns(r) + " FROM " + t + " WHERE org_id = $1 AND id = $2";
  delete_ = "DELETE FROM " + t + " WHERE org_id = $1 AND id = $2 RETURNING " + columns_;

  std::string names = "org_id", values = "$1", sets;
  size_t n = 1;
  for (const auto& f : r.fields) {
    names += ", " + f.name;
    values += ", " + Placeholder(++n);
  }
  insert_ = "INSERT INTO " + t + " (" + names + ", doc, created_at, updated_at) VALUES (" + values + ", " +
            Placeholder(n + 1) + ", " + Placeholder(n + 2) + ", " + Placeholder(n + 3) + ") RETURNING " + columns_;

  n = 2;
  for (const auto& f : r.fields) sets += f.name + " = " + Placeholder(++n) + ", ";
  replace_ = "UPDATE " + t + " SET " + sets + "doc = " + Placeholder(n + 1) + ", updated_at = " + Placeholder(n + 2) +
             " WHERE org_id = $1 AND id = $2 RETURNING " + columns_;

  insert_chunk_ = MultiInsertSql(kInsertChunk);
  for (const auto& f : r.fields)
    reference_checks_.push_back(f.type == schema::FieldType::kReference
                                    ? "SELECT 1 FROM " + f.references + " WHERE org_id = $1 AND id = $2"
                                    : std::string());
}

std::string ResourceRepository::Where(const ListQuery& q, std::vector<Value>& params) const {
  std::string where = "org_id = $1";
  for (const auto& [index, value] : q.filters) {
    params.push_back(value);
    where += " AND " + resource_.fields[static_cast<size_t>(index)].name + " = " + Placeholder(params.size());
  }
  if (!q.keyword.empty()) {
    params.push_back(LikePattern(q.keyword));
    std::string p = Placeholder(params.size()), any;
    for (const auto& f : resource_.fields)
      if (f.searchable)
        any += (any.empty() ? "" : " OR ") + f.name + " " + std::string(storage::LikeOperator(dialect_)) + " " + p +
               " ESCAPE '\\'";
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
                                                       JsonWriter& out, int64_t& rows) const {
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
    ++rows;
  });
  if (!ran) co_return Fail(ran.error());
  if (rows == 0) co_return co_await Count(tx, org, q);  // an empty page carries no count
  co_return count;
}

Task<Result<int64_t>> ResourceRepository::Page(storage::Transaction& tx, int64_t org, const ListQuery& q,
                                                const RowCount& count, JsonWriter& out) const {
  auto write_row = [&](const storage::Row& row) { schema::WriteStoredRow(row, out); };
  const char* dir = q.descending ? " DESC" : "";
  std::string order = q.sort_column + dir + (q.sort_column == "id" ? "" : std::string(", id") + dir);

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

Task<Result<bool>> ResourceRepository::Find(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const {
  Value params[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(select_by_id_, params,
                                 [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
}

Task<Result<void>> ResourceRepository::Insert(storage::Transaction& tx, int64_t org, const schema::Record& rec,
                                              const std::string& now, JsonWriter& out) const {
  std::vector<Value> params;
  params.reserve(rec.values.size() + 4);
  params.emplace_back(org);
  params.insert(params.end(), rec.values.begin(), rec.values.end());
  params.emplace_back(rec.doc);
  params.emplace_back(now);
  params.emplace_back(now);
  auto ran = co_await tx.Execute(insert_, params,
                                 [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

Task<Result<void>> ResourceRepository::InsertMany(storage::Transaction& tx, int64_t org,
                                                  std::span<const schema::Record> recs, const std::string& now,
                                                  JsonWriter& out) const {
  const size_t width = resource_.fields.size() + 4;
  std::vector<Value> params;
  for (size_t start = 0; start < recs.size(); start += kInsertChunk) {
    size_t n = std::min(kInsertChunk, recs.size() - start);
    std::string sql = n == kInsertChunk ? insert_chunk_ : MultiInsertSql(n);
    params.clear();
    params.reserve(n * width);
    for (size_t r = start; r < start + n; ++r) {
      params.emplace_back(org);
      params.insert(params.end(), recs[r].values.begin(), recs[r].values.end());
      params.emplace_back(recs[r].doc);
      params.emplace_back(now);
      params.emplace_back(now);
    }
    auto ran = co_await tx.Execute(sql, params,
                                   [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
    if (!ran) co_return Fail(ran.error());
  }
  co_return Result<void>{};
}

Task<Result<bool>> ResourceRepository::Update(storage::Transaction& tx, int64_t org, int64_t id,
                                              const schema::Record& rec, bool patch, const std::string& now,
                                              JsonWriter& out) const {
  schema::Record merged;
  const schema::Record* row = &rec;
  if (patch) {  // the stored row, overlaid with the given fields, re-rendered
    Value key[] = {Value{org}, Value{id}};
    bool found = false;
    auto loaded = co_await tx.Execute(select_fields_, key, [&](const storage::Row& r) {
      merged = schema::RecordFromRow(resource_, r);
      found = true;
    });
    if (!loaded) co_return Fail(loaded.error());
    if (!found) co_return false;
    for (size_t i = 0; i < rec.values.size(); ++i)
      if (rec.present[i]) merged.values[i] = rec.values[i];
    merged.doc = schema::RenderDoc(resource_, merged);
    row = &merged;
  }
  std::vector<Value> params{Value{org}, Value{id}};
  params.reserve(row->values.size() + 4);
  params.insert(params.end(), row->values.begin(), row->values.end());
  params.emplace_back(row->doc);
  params.emplace_back(now);
  auto ran = co_await tx.Execute(replace_, params, [&](const storage::Row& r) { schema::WriteStoredRow(r, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
}

Task<Result<bool>> ResourceRepository::Delete(storage::Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const {
  Value params[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(delete_, params,
                                 [&](const storage::Row& row) { schema::WriteStoredRow(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return *ran > 0;
}

Task<Result<void>> ResourceRepository::CheckReferences(storage::Transaction& tx, int64_t org,
                                                       const schema::Record& rec, FieldErrors& fields) const {
  for (size_t i = 0; i < resource_.fields.size(); ++i) {
    if (reference_checks_[i].empty() || (!rec.present.empty() && !rec.present[i])) continue;
    const auto* id = std::get_if<int64_t>(&rec.values[i]);
    if (!id) continue;
    Value params[] = {Value{org}, Value{*id}};
    bool found = false;
    auto ran = co_await tx.Execute(reference_checks_[i], params, [&found](const storage::Row&) { found = true; });
    if (!ran) co_return Fail(ran.error());
    if (!found) {
      const auto& f = resource_.fields[i];
      fields[f.name].push_back("refers to no " + f.references + " row with id " + std::to_string(*id) +
                               " in this organization");
    }
  }
  co_return Result<void>{};
}

Task<Result<void>> ResourceRepository::AddToCount(storage::Transaction& tx, int64_t org, int64_t delta) const {
  // Concurrent writers (PostgreSQL, several nodes) update different shards
  // instead of queueing on one row lock until each other's COMMIT. With one
  // writer (SQLite) every write lands on shard 0.
  thread_local uint32_t next_shard = 0;
  int64_t shard = dialect_ == storage::Dialect::kSqlite ? 0 : static_cast<int64_t>(next_shard++ % kCountShards);
  Value params[] = {Value{org}, Value{resource_.name}, Value{shard}, Value{delta}, Value{int64_t{delta < 0 ? 1 : 0}}};
  auto ran = co_await tx.Execute(
      "INSERT INTO resource_counts (org_id, resource, shard, n, removals) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (org_id, resource, shard) DO UPDATE SET n = resource_counts.n + excluded.n, "
      "removals = resource_counts.removals + excluded.removals",
      params);
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

}  // namespace supplyhub::features
