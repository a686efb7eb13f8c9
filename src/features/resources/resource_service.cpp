#include "features/resources/resource_service.h"

#include "core/clock.h"
#include "schema/row_json.h"

namespace supplyhub::features {

using schema::Record;
using storage::Transaction;

ResourceService::ResourceService(const schema::Resource& resource, storage::Database& db)
    : repo_(resource, db.dialect()), db_(db) {}

Error ResourceService::NotFound(int64_t id) const {
  return Error::Of(ErrorCode::kNotFound, "No " + resource().singular + " with id " + std::to_string(id));
}

FieldErrors ResourceService::ConflictFields(const Error& e) const {
  constexpr std::string_view kUnique = "unique:";
  std::string_view m = e.message;
  if (m.substr(0, kUnique.size()) == kUnique) return {{std::string(m.substr(kUnique.size())), {"is already taken"}}};
  return {{"_record", {"is still referenced by other records"}}};
}

Error ResourceService::ExplainConflict(Error e) const {
  if (e.code == ErrorCode::kConflict) {
    e.fields = ConflictFields(e);
    e.message = "A " + resource().singular + " with the same unique key already exists";
  }
  return e;
}

Task<Result<void>> ResourceService::CheckReferences(Transaction& tx, int64_t org, const Record& record) const {
  FieldErrors fields;
  if (auto checked = co_await repo_.CheckReferences(tx, org, record, fields); !checked) co_return checked;
  if (fields.empty()) co_return Result<void>{};
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields = std::move(fields);
  co_return Fail(std::move(e));
}

Task<Result<PageResult>> ResourceService::List(int64_t org, ListQuery query) {
  PageResult page;
  JsonWriter out(static_cast<size_t>(query.per_page) * 512);
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    out.StartArray();
    if (ResourceRepository::CountedPageApplies(query)) {
      auto count = co_await repo_.CountedPage(tx, org, query, out, page.rows);
      if (!count) co_return Fail(count.error());
      page.total = count->total;
      out.EndArray();
      co_return Result<void>{};
    }
    auto count = co_await repo_.Count(tx, org, query);
    if (!count) co_return Fail(count.error());
    page.total = count->total;
    if (query.Offset() < page.total) {
      auto rows = co_await repo_.Page(tx, org, query, *count, out);
      if (!rows) co_return Fail(rows.error());
      page.rows = *rows;
    }
    out.EndArray();
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  page.data_json = out.Take();
  co_return page;
}

Task<Result<std::string>> ResourceService::Get(int64_t org, int64_t id) {
  JsonWriter out;
  bool found = false;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto f = co_await repo_.Find(tx, org, id, out);
    if (!f) co_return Fail(f.error());
    found = *f;
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!found) co_return Fail(NotFound(id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::Create(int64_t org, Record record) {
  record.doc = schema::RenderDoc(resource(), record);
  JsonWriter out;
  std::string now = NowRfc3339();
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto checked = co_await CheckReferences(tx, org, record); !checked) co_return checked;
    if (auto inserted = co_await repo_.Insert(tx, org, record, now, out); !inserted) co_return inserted;
    co_return co_await repo_.AddToCount(tx, org, 1);
  });
  if (!wrote) co_return Fail(ExplainConflict(std::move(wrote.error())));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::Update(int64_t org, int64_t id, Record record, schema::Mode mode) {
  if (mode != schema::Mode::kPatch) record.doc = schema::RenderDoc(resource(), record);  // PATCH renders the merge
  JsonWriter out;
  bool found = false;
  std::string now = NowRfc3339();
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto checked = co_await CheckReferences(tx, org, record); !checked) co_return checked;
    auto updated = co_await repo_.Update(tx, org, id, record, mode == schema::Mode::kPatch, now, out);
    if (!updated) co_return Fail(updated.error());
    found = *updated;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(ExplainConflict(std::move(wrote.error())));
  if (!found) co_return Fail(NotFound(id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::Delete(int64_t org, int64_t id) {
  JsonWriter out;
  bool found = false;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto deleted = co_await repo_.Delete(tx, org, id, out);
    if (!deleted) co_return Fail(deleted.error());
    found = *deleted;
    if (found) co_return co_await repo_.AddToCount(tx, org, -1);
    co_return Result<void>{};
  });
  if (!wrote) {
    Error e = std::move(wrote.error());
    if (e.code == ErrorCode::kConflict) {
      e.message = "This " + resource().singular + " is still referenced by other records";
    }
    co_return Fail(std::move(e));
  }
  if (!found) co_return Fail(NotFound(id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::BulkCreate(int64_t org, std::vector<Record> rows) {
  for (Record& row : rows) row.doc = schema::RenderDoc(resource(), row);  // here, not on the writer thread
  std::string data;
  std::string now = NowRfc3339();
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    std::vector<RowError> errors;
    for (size_t i = 0; i < rows.size(); ++i) {
      FieldErrors fields;
      if (auto checked = co_await repo_.CheckReferences(tx, org, rows[i], fields); !checked) co_return checked;
      if (!fields.empty()) errors.push_back({i, std::move(fields)});
    }
    if (errors.empty()) {
      JsonWriter out(rows.size() * 512);
      out.StartArray();
      auto inserted = co_await repo_.InsertMany(tx, org, rows, now, out);
      if (inserted) {
        out.EndArray();
        data = out.Take();
        co_return co_await repo_.AddToCount(tx, org, static_cast<int64_t>(rows.size()));
      }
      if (inserted.error().code != ErrorCode::kConflict) co_return inserted;
      // A unique key clashed somewhere: insert row by row to say which rows.
      JsonWriter ignored;
      for (size_t i = 0; i < rows.size(); ++i) {
        auto one = co_await repo_.Insert(tx, org, rows[i], now, ignored);
        if (one) continue;
        if (one.error().code != ErrorCode::kConflict) co_return one;
        errors.push_back({i, ConflictFields(one.error())});
      }
    }
    Error e = Error::Of(ErrorCode::kValidation, std::to_string(errors.size()) + " of " + std::to_string(rows.size()) +
                                                    " rows are invalid; nothing was written");
    e.rows = std::move(errors);
    co_return Fail(std::move(e));  // the savepoint rolls back every row
  });
  if (!wrote) co_return Fail(std::move(wrote.error()));
  co_return data;
}

Task<Result<std::string>> ResourceService::BulkReplace(int64_t org, std::vector<Record> rows) {
  for (Record& row : rows) row.doc = schema::RenderDoc(resource(), row);
  JsonWriter out(rows.size() * 512);
  std::string now = NowRfc3339();
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    std::vector<RowError> errors;
    out.StartArray();
    for (size_t i = 0; i < rows.size(); ++i) {
      FieldErrors fields;
      if (auto checked = co_await repo_.CheckReferences(tx, org, rows[i], fields); !checked) co_return checked;
      if (fields.empty()) {
        auto updated = co_await repo_.Update(tx, org, rows[i].id, rows[i], false, now, out);
        if (!updated) {
          if (updated.error().code != ErrorCode::kConflict) co_return Fail(updated.error());
          fields = ConflictFields(updated.error());
        } else if (!*updated) {
          fields["id"].push_back("no " + resource().singular + " with id " + std::to_string(rows[i].id));
        }
      }
      if (!fields.empty()) errors.push_back({i, std::move(fields)});
    }
    out.EndArray();
    if (!errors.empty()) {
      Error e = Error::Of(ErrorCode::kValidation, std::to_string(errors.size()) + " of " + std::to_string(rows.size()) +
                                                      " rows are invalid; nothing was written");
      e.rows = std::move(errors);
      co_return Fail(std::move(e));
    }
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(std::move(wrote.error()));
  co_return out.Take();
}

}  // namespace supplyhub::features
