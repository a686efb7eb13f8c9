#include "features/resources/resource_service.h"

#include "core/clock.h"
#include "schema/row_json.h"

namespace supplyhub::features {

using schema::Record;
using storage::Transaction;

namespace {

// A bulk write is signed once: by its first row's inputs.
const Record* SignedBy(const std::vector<Record>& rows) { return rows.empty() ? nullptr : &rows.front(); }

}  // namespace

ResourceService::ResourceService(const schema::Resource& resource, storage::Database& db,
                                 const BehaviorRegistry& behaviors)
    : repo_(resource, db.dialect()), db_(db), behaviors_(behaviors) {}

FieldErrors ResourceService::ConflictFields(const Error& e) const {
  constexpr std::string_view kUnique = "unique:";
  std::string_view m = e.message;
  if (m.substr(0, kUnique.size()) == kUnique) return {{std::string(m.substr(kUnique.size())), {"is already taken"}}};
  return {{"_record", {"is still referenced by other records"}}};
}

Error ResourceService::ExplainConflict(Error e) const {
  if (e.code == ErrorCode::kConflict && e.message.rfind("unique:", 0) == 0) {
    e.fields = ConflictFields(e);
    e.message = "A " + resource().singular + " with the same unique key already exists";
  }
  return e;
}

Task<Result<void>> ResourceService::Write(const Caller& caller, Step step, std::function<std::string_view()> answer,
                                          const Record* body) {
  std::optional<Signer> signer;
  if (guard_ && body) {
    auto signed_ = co_await guard_(caller, resource(), *body);
    if (!signed_) co_return Fail(signed_.error());
    signer = std::move(*signed_);
  }
  std::string now = NowRfc3339();
  size_t events = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (caller.hook)
      if (auto before = co_await caller.hook->Before(tx); !before) co_return before;
    RowWriter writer(tx, db_.dialect(), behaviors_, caller.org, caller.user_id, now);
    writer.SetSigner(signer);
    if (auto stepped = co_await step(writer); !stepped) co_return stepped;
    if (caller.hook)
      if (auto after = co_await caller.hook->After(tx, answer ? answer() : std::string_view()); !after) co_return after;
    auto flushed = co_await writer.FlushEvents(caller.actor);  // last: its sequence lock is held to COMMIT
    if (!flushed) co_return Fail(flushed.error());
    events = *flushed;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(ExplainConflict(std::move(wrote.error())));
  if (events && events_committed_) events_committed_();
  co_return Result<void>{};
}

Task<Result<void>> ResourceService::CheckIfMatch(const Caller& caller, RowWriter& w, const schema::Resource& r,
                                                 int64_t id, int64_t parent_id) {
  if (!caller.if_match) co_return Result<void>{};
  auto row = co_await w.Load(r, id);  // FOR UPDATE on PostgreSQL: nobody changes it before we do
  if (!row) co_return Fail(row.error());
  if (!*row || (parent_id && (*row)->parent_id != parent_id)) co_return Fail(NoSuch(r, id));
  JsonWriter now;
  auto shown = co_await w.Render(r, id, now);
  if (!shown) co_return Fail(shown.error());
  std::string etag = http::ETagOf(now.View());
  if (!caller.if_match->MatchesStrongly(etag))
    co_return Fail(ErrorCode::kPreconditionFailed, "If-Match: this " + r.singular + " has changed since (its ETag is now " +
                                                       etag + "); nothing was written. GET it again and retry");
  co_return Result<void>{};
}

Task<Result<PageResult>> ResourceService::List(int64_t org, ListQuery query) {
  PageResult page;
  PageEnd end;
  JsonWriter out(static_cast<size_t>(query.per_page) * 512);
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    out.StartArray();
    if (query.keyset) {
      // Counting a filtered list would scan it on every page of an export: only the kept count is given.
      page.counted = query.Unfiltered();
      if (page.counted) {
        auto count = co_await repo_.Count(tx, org, query);
        if (!count) co_return Fail(count.error());
        page.total = count->total;
      }
      auto rows = co_await repo_.KeysetPage(tx, org, query, out, end);
      if (!rows) co_return Fail(rows.error());
      page.rows = *rows;
      out.EndArray();
      co_return Result<void>{};
    }
    if (ResourceRepository::CountedPageApplies(query)) {
      auto count = co_await repo_.CountedPage(tx, org, query, out, page.rows, end);
      if (!count) co_return Fail(count.error());
      page.total = count->total;
    } else {
      auto count = co_await repo_.Count(tx, org, query);
      if (!count) co_return Fail(count.error());
      page.total = count->total;
      if (query.Offset() < page.total) {
        auto rows = co_await repo_.Page(tx, org, query, *count, out, end);
        if (!rows) co_return Fail(rows.error());
        page.rows = *rows;
      }
    }
    out.EndArray();
    // An offset page may be continued with ?after=: the cursor of its last row.
    end.more = page.rows > 0 && query.Offset() + page.rows < page.total;
    if (end.more && query.sort_value != SortValue::kId) {
      auto value = co_await repo_.SortValueAt(tx, org, query, end.id);
      if (!value) co_return Fail(value.error());
      end.value = std::move(*value);
    }
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  page.data_json = out.Take();
  if (end.more) page.next_cursor = EncodeCursor({query.SortSpec(), query.QueryHash(), std::move(end.value), end.id});
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
  if (!found) co_return Fail(NoSuch(resource(), id));
  co_return out.Take();
}

Task<Result<Written>> ResourceService::Create(Caller caller, Record record) {
  int key = resource().FieldIndex("idempotency_key");
  storage::Value key_value = key >= 0 ? record.values[static_cast<size_t>(key)] : storage::Value{};
  JsonWriter out;
  auto wrote = co_await Write(
      caller,
      [&](RowWriter& w) -> Task<Result<void>> {
        auto id = co_await w.Create(resource(), std::move(record), &out);
        if (!id) co_return Fail(id.error());
        co_return Result<void>{};
      },
      [&out] { return out.View(); }, &record);
  if (wrote) co_return Written{out.Take(), false};
  // The same idempotency key again: the first result, unchanged (the
  // unique key decides, so concurrent retries cannot both apply).
  if (!wrote.error().fields.count("idempotency_key")) co_return Fail(std::move(wrote.error()));
  ListQuery q;
  q.per_page = 1;
  q.filters.emplace_back(key, key_value);
  auto first = co_await List(caller.org, std::move(q));
  if (!first || first->rows != 1) co_return Fail(std::move(wrote.error()));
  co_return Written{first->data_json.substr(1, first->data_json.size() - 2), true};
}

Task<Result<std::string>> ResourceService::Update(Caller caller, int64_t id, Record record) {
  const Record& changes = record;
  co_return co_await Change(caller, id, changes,
                            [&](RowWriter& w) { return w.Update(resource(), id, std::move(record)); });
}

Task<Result<std::string>> ResourceService::Act(Caller caller, int64_t id, const schema::Action& action, Record input) {
  co_return co_await Change(caller, id, input, [&](RowWriter& w) { return w.RunAction(resource(), id, action, input); });
}

Task<Result<std::string>> ResourceService::Change(const Caller& caller, int64_t id, const Record& changes,
                                                  std::function<Task<Result<bool>>(RowWriter&)> change) {
  JsonWriter out;
  bool found = false;
  auto wrote = co_await Write(
      caller,
      [&](RowWriter& w) -> Task<Result<void>> {
        if (auto matched = co_await CheckIfMatch(caller, w, resource(), id); !matched) co_return matched;
        auto changed = co_await change(w);
        if (!changed) co_return Fail(changed.error());
        if (!(found = *changed)) co_return Result<void>{};
        auto shown = co_await w.Render(resource(), id, out);
        if (!shown) co_return Fail(shown.error());
        co_return Result<void>{};
      },
      [&out] { return out.View(); }, &changes);
  if (!wrote) co_return Fail(std::move(wrote.error()));
  if (!found) co_return Fail(NoSuch(resource(), id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::Delete(Caller caller, int64_t id) {
  JsonWriter out;
  bool found = false;
  auto wrote = co_await Write(caller, [&](RowWriter& w) -> Task<Result<void>> {
    if (auto matched = co_await CheckIfMatch(caller, w, resource(), id); !matched) co_return matched;
    auto deleted = co_await w.Delete(resource(), id, &out);  // answers what was deleted
    if (!deleted) co_return Fail(deleted.error());
    found = *deleted;
    co_return Result<void>{};
  });
  if (!wrote) {
    Error e = std::move(wrote.error());
    if (e.code == ErrorCode::kConflict && e.message.rfind("constraint:", 0) == 0)  // a foreign key (not a rule's 409)
      e.message = "This " + resource().singular + " is still referenced by other records";
    co_return Fail(std::move(e));
  }
  if (!found) co_return Fail(NoSuch(resource(), id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::BulkCreate(Caller caller, std::vector<Record> rows) {
  for (Record& row : rows) row.doc = schema::RenderDoc(resource(), row);  // here, not on the writer thread
  std::string data;
  auto wrote = co_await Write(caller, [&](RowWriter& w) -> Task<Result<void>> {
    std::vector<RowError> errors;
    for (size_t i = 0; i < rows.size(); ++i) {
      FieldErrors fields;
      if (auto checked = co_await w.ResolveReferences(resource(), rows[i], fields); !checked) co_return checked;
      if (!fields.empty()) errors.push_back({i, std::move(fields)});
    }
    if (errors.empty()) {
      for (Record& row : rows) row.doc = schema::RenderDoc(resource(), row);  // references may have been resolved
      JsonWriter out(rows.size() * 512);
      out.StartArray();
      auto inserted = co_await w.InsertMany(resource(), rows, out);
      if (inserted) {
        out.EndArray();
        data = out.Take();
        co_return Result<void>{};
      }
      if (inserted.error().code != ErrorCode::kConflict) co_return inserted;
      // A unique key clashed somewhere: insert row by row to say which rows.
      for (size_t i = 0; i < rows.size(); ++i) {
        JsonWriter ignored;
        std::vector<Record> one{rows[i]};
        auto single = co_await w.InsertMany(resource(), one, ignored);
        if (single) continue;
        if (single.error().code != ErrorCode::kConflict) co_return single;
        errors.push_back({i, ConflictFields(single.error())});
      }
    }
    Error e = Error::Of(ErrorCode::kValidation, std::to_string(errors.size()) + " of " + std::to_string(rows.size()) +
                                                    " rows are invalid; nothing was written");
    e.rows = std::move(errors);
    co_return Fail(std::move(e));  // the transaction rolls back every row
  }, [&data] { return std::string_view(data); }, SignedBy(rows));
  if (!wrote) co_return Fail(std::move(wrote.error()));
  co_return data;
}

Task<Result<std::string>> ResourceService::BulkReplace(Caller caller, std::vector<Record> rows) {
  JsonWriter out(rows.size() * 512);
  auto wrote = co_await Write(caller, [&](RowWriter& w) -> Task<Result<void>> {
    std::vector<RowError> errors;
    out.StartArray();
    for (size_t i = 0; i < rows.size(); ++i) {
      FieldErrors fields;
      int64_t id = rows[i].id;
      auto updated = co_await w.Update(resource(), id, std::move(rows[i]));
      if (!updated) {
        Error& e = updated.error();
        if (e.code == ErrorCode::kConflict) fields = ConflictFields(e);
        else if (e.code == ErrorCode::kValidation) fields = std::move(e.fields);
        else co_return Fail(std::move(e));
      } else if (!*updated) {
        fields["id"].push_back("no " + resource().singular + " with id " + std::to_string(id));
      } else if (auto shown = co_await w.Render(resource(), id, out); !shown) {
        co_return Fail(shown.error());
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
  }, {}, SignedBy(rows));
  if (!wrote) co_return Fail(std::move(wrote.error()));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::ListChildren(int64_t org, const schema::Child& child, int64_t parent_id) {
  JsonWriter out;
  bool found = false;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    RowReader reader(tx, db_.dialect(), org);
    auto parent = co_await reader.Load(resource(), parent_id);
    if (!parent) co_return Fail(parent.error());
    if (!(found = parent->has_value())) co_return Result<void>{};
    auto rows = co_await reader.LoadChildren(child, parent_id);
    if (!rows) co_return Fail(rows.error());
    out.StartArray();
    for (const StoredRow& row : *rows)
      if (auto shown = co_await reader.Render(*child.resource, row.id, out); !shown) co_return Fail(shown.error());
    out.EndArray();
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!found) co_return Fail(NoSuch(resource(), parent_id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::GetChild(int64_t org, const schema::Child& child, int64_t parent_id,
                                                    int64_t id) {
  JsonWriter out;
  bool found = false;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    RowReader reader(tx, db_.dialect(), org);
    auto row = co_await reader.Load(*child.resource, id);
    if (!row) co_return Fail(row.error());
    if (!(found = *row && (*row)->parent_id == parent_id)) co_return Result<void>{};
    auto shown = co_await reader.Render(*child.resource, id, out);
    if (!shown) co_return Fail(shown.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!found) co_return Fail(NoSuch(*child.resource, id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::CreateChild(Caller caller, const schema::Child& child, int64_t parent_id,
                                                       Record record) {
  JsonWriter out;
  auto wrote = co_await Write(
      caller,
      [&](RowWriter& w) -> Task<Result<void>> {
        auto id = co_await w.CreateChild(resource(), child, parent_id, std::move(record));
        if (!id) co_return Fail(id.error());
        auto shown = co_await w.Render(*child.resource, *id, out);
        if (!shown) co_return Fail(shown.error());
        co_return Result<void>{};
      },
      [&out] { return out.View(); }, &record);
  if (!wrote) co_return Fail(std::move(wrote.error()));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::UpdateChild(Caller caller, const schema::Child& child, int64_t parent_id,
                                                       int64_t id, Record record) {
  JsonWriter out;
  bool found = false;
  auto wrote = co_await Write(caller, [&](RowWriter& w) -> Task<Result<void>> {
    if (auto matched = co_await CheckIfMatch(caller, w, *child.resource, id, parent_id); !matched) co_return matched;
    auto updated = co_await w.UpdateChild(resource(), child, parent_id, id, std::move(record));
    if (!updated) co_return Fail(updated.error());
    if (!(found = *updated)) co_return Result<void>{};
    auto shown = co_await w.Render(*child.resource, id, out);
    if (!shown) co_return Fail(shown.error());
    co_return Result<void>{};
  }, {}, &record);
  if (!wrote) co_return Fail(std::move(wrote.error()));
  if (!found) co_return Fail(NoSuch(*child.resource, id));
  co_return out.Take();
}

Task<Result<std::string>> ResourceService::DeleteChild(Caller caller, const schema::Child& child, int64_t parent_id,
                                                       int64_t id) {
  JsonWriter out;
  bool found = false;
  auto wrote = co_await Write(caller, [&](RowWriter& w) -> Task<Result<void>> {
    if (auto matched = co_await CheckIfMatch(caller, w, *child.resource, id, parent_id); !matched) co_return matched;
    auto shown = co_await w.Render(*child.resource, id, out);
    if (!shown) co_return Fail(shown.error());
    auto deleted = co_await w.DeleteChild(resource(), child, parent_id, id);
    if (!deleted) co_return Fail(deleted.error());
    found = *deleted;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(std::move(wrote.error()));
  if (!found) co_return Fail(NoSuch(*child.resource, id));
  co_return out.Take();
}

}  // namespace supplyhub::features
