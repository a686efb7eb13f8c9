#include "features/events/outbox.h"

#include <algorithm>

#include "core/clock.h"
#include "core/json_writer.h"
#include "storage/dialect.h"

namespace supplyhub::features {

using storage::Value;

Task<Result<int64_t>> TakeEventSequence(storage::Transaction& tx, storage::Dialect d, int64_t org, int64_t n) {
  int64_t last = 0;
  Value p[] = {Value{org}, Value{n}};
  auto ran = co_await tx.Execute(
      d == storage::Dialect::kPostgres
          // A first number starts after the events already there (imported from a SQLite dump,
          // which keeps no event_sequences rows).
          ? "INSERT INTO event_sequences (org_id, seq) VALUES ($1, (SELECT coalesce(max(seq), 0) FROM events "
            "WHERE org_id = $1) + $2) ON CONFLICT (org_id) DO UPDATE SET seq = event_sequences.seq + $2 RETURNING seq"
          : "SELECT coalesce(max(seq), 0) + $2 FROM events WHERE org_id = $1",
      p, [&last](const storage::Row& row) { last = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  co_return last;
}

Task<Result<int64_t>> AppendEvent(storage::Transaction& tx, storage::Dialect d, int64_t org, std::string_view type,
                                  std::string_view resource, int64_t resource_id, std::string_view object,
                                  int64_t endpoint_id) {
  auto seq = co_await TakeEventSequence(tx, d, org, 1);
  if (!seq) co_return Fail(seq.error());
  int64_t id = 0;
  Value p[] = {Value{org},          Value{*seq},          Value{std::string(type)}, Value{std::string(resource)},
               Value{resource_id},  Value{std::string(object)},
               endpoint_id ? Value{endpoint_id} : Value{}, Value{NowRfc3339()}, Value{NowUnixSeconds()}};
  auto ran = co_await tx.Execute(
      "INSERT INTO events (org_id, seq, type, resource, resource_id, actor, object, changed, endpoint_id, created_at, "
      "created_unix) VALUES ($1, $2, $3, $4, $5, 'null', $6, NULL, $7, $8, $9) RETURNING id",
      p, [&id](const storage::Row& row) { id = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  co_return id;
}

Task<Result<void>> PurgeOldEvents(storage::Database& db, int64_t before) {
  co_return co_await db.Write([before](storage::Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{before}};
    // An organization's newest event stays: SQLite numbers on from it.
    if (auto r = co_await tx.Execute("DELETE FROM events WHERE created_unix < $1 AND seq < (SELECT max(seq) FROM "
                                     "events newest WHERE newest.org_id = events.org_id)", p);
        !r)
      co_return Fail(r.error());
    Value now[] = {Value{NowUnixSeconds()}};
    if (auto r = co_await tx.Execute("DELETE FROM webhook_secrets WHERE expires_at <= $1", now); !r)
      co_return Fail(r.error());
    co_return Result<void>{};
  });
}

bool Outbox::Has(const schema::Resource& r, int64_t id) const {
  return std::any_of(pending_.begin(), pending_.end(),
                     [&](const PendingEvent& e) { return e.resource == &r && e.id == id; });
}

void Outbox::Created(const schema::Resource& r, int64_t id, std::string object) {
  pending_.push_back({&r, id, r.singular + ".created", {}, std::move(object)});
}

void Outbox::Updated(const schema::Resource& r, int64_t id, std::vector<std::string> changed) {
  if (Has(r, id)) return;
  pending_.push_back({&r, id, r.singular + ".updated", std::move(changed), {}});
}

void Outbox::Acted(const schema::Resource& r, int64_t id, const schema::Action& action) {
  pending_.push_back({&r, id, r.singular + "." + action.past_tense, {}, {}});
}

void Outbox::Deleted(const schema::Resource& r, int64_t id, std::string object) {
  // A row created and deleted in one write never existed for anyone else.
  std::erase_if(pending_, [&](const PendingEvent& e) { return e.resource == &r && e.id == id; });
  pending_.push_back({&r, id, r.singular + ".deleted", {}, std::move(object)});
}

Task<Result<size_t>> Outbox::Flush(Target to, RenderRow render, std::string_view actor) {
  if (pending_.empty()) co_return size_t{0};
  auto& tx = to.tx;
  for (PendingEvent& e : pending_) {  // each row as it is now, before the sequence is locked
    if (!e.object.empty()) continue;
    JsonWriter out;
    auto shown = co_await render(*e.resource, e.id, out);
    if (!shown) co_return Fail(shown.error());
    e.object = *shown ? out.Take() : "null";
  }
  // SQLite, one event (most writes): numbered inside its INSERT, one statement.
  const bool inline_number = to.dialect == storage::Dialect::kSqlite && pending_.size() == 1;
  int64_t seq = 0;
  if (!inline_number) {
    auto last = co_await TakeEventSequence(tx, to.dialect, to.org, static_cast<int64_t>(pending_.size()));
    if (!last) co_return Fail(last.error());
    seq = *last - static_cast<int64_t>(pending_.size());
  }
  const int64_t unix_now = NowUnixSeconds();
  // Chunks of at most kChunk rows: few distinct statements to prepare and cache.
  constexpr size_t kWidth = 10, kChunk = 64;
  std::vector<Value> params;
  for (size_t start = 0; start < pending_.size(); start += kChunk) {
    size_t n = std::min(kChunk, pending_.size() - start);
    std::string sql =
        "INSERT INTO events (org_id, seq, type, resource, resource_id, actor, object, changed, created_at, "
        "created_unix) VALUES ";
    params.clear();
    params.reserve(n * kWidth);
    for (size_t k = 0; k < n; ++k) {
      PendingEvent& e = pending_[start + k];
      Value changed;
      if (!e.changed.empty()) {
        JsonWriter c;
        c.StartArray();
        for (const auto& name : e.changed) c.String(name);
        c.EndArray();
        changed = c.Take();
      }
      sql += k ? ", (" : "(";
      for (size_t c = 0; c < kWidth; ++c) {
        std::string p = storage::Placeholder(k * kWidth + c + 1);
        sql += (c ? ", " : "") + (c == 1 && inline_number
                                      ? "(SELECT coalesce(max(seq), 0) + " + p + " FROM events WHERE org_id = $1)"
                                      : p);
      }
      sql += ")";
      params.insert(params.end(), {Value{to.org}, Value{++seq}, Value{e.type}, Value{e.resource->name}, Value{e.id},
                                   Value{std::string(actor)}, Value{std::move(e.object)}, std::move(changed),
                                   Value{std::string(to.now)}, Value{unix_now}});
    }
    if (auto ran = co_await tx.Execute(sql, params); !ran) co_return Fail(ran.error());
  }
  size_t written = pending_.size();
  pending_.clear();
  co_return written;
}

}  // namespace supplyhub::features
