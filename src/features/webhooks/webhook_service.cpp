#include "features/webhooks/webhook_service.h"

#include "core/clock.h"
#include "core/json_writer.h"
#include "features/events/log_page.h"
#include "features/events/outbox.h"
#include "features/webhooks/destination.h"
#include "features/webhooks/signature.h"
#include "features/webhooks/subscription.h"

namespace supplyhub::features {
namespace {

using storage::Row;
using storage::Transaction;
using storage::Value;

constexpr const char* kEndpointColumns =
    "id, url, description, event_types, filter, headers, enabled, ordered, rate_limit, max_in_flight, "
    "disabled_reason, failing_since, created_at, updated_at";

void WriteEndpoint(const Row& row, JsonWriter& w) {
  w.StartObject().Key("id").Int(row.Int(0)).Key("url").String(row.Text(1)).Key("description").String(row.Text(2));
  w.Key("event_types").Raw(row.Text(3)).Key("filter");
  if (row.IsNull(4)) w.Null();
  else w.Raw(row.Text(4));
  w.Key("headers").Raw(row.Text(5)).Key("enabled").Bool(row.Int(6) != 0).Key("ordered").Bool(row.Int(7) != 0);
  w.Key("rate_limit").OptionalInt(row.Int(8) > 0, row.Int(8)).Key("max_in_flight").Int(row.Int(9));
  w.Key("disabled_reason");
  if (row.IsNull(10)) w.Null();
  else w.String(row.Text(10));
  w.Key("failing_since");
  if (row.IsNull(11)) w.Null();
  else w.String(UnixToRfc3339(row.Int(11)));
  w.Key("created_at").String(row.Text(12)).Key("updated_at").String(row.Text(13)).EndObject();
}

Error NoEndpoint(int64_t id) { return Error::Of(ErrorCode::kNotFound, "No webhook endpoint with id " + std::to_string(id)); }

// The organization's last event number: a new or re-enabled endpoint starts after it.
Task<Result<int64_t>> LastSequence(Transaction& tx, int64_t org) {
  int64_t seq = 0;
  Value p[] = {Value{org}};
  auto ran = co_await tx.Execute("SELECT coalesce(max(seq), 0) FROM events WHERE org_id = $1", p,
                                 [&seq](const Row& row) { seq = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  co_return seq;
}

Task<Result<void>> Run(Transaction& tx, const std::string& sql, std::span<const Value> params, int64_t* changed = nullptr) {
  auto ran = co_await tx.Execute(sql, params);
  if (!ran) co_return Fail(ran.error());
  if (changed) *changed = *ran;
  co_return Result<void>{};
}

}  // namespace

// A message for (endpoint, event), due now; an existing one goes out again.
inline constexpr const char* kQueueMessage =
    "INSERT INTO webhook_messages (org_id, endpoint_id, event_id, seq, status, attempts, next_attempt_at, created_at) "
    "VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) ON CONFLICT (endpoint_id, event_id) DO UPDATE SET "
    "status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at, claimed_until = 0";

Task<Result<void>> WebhookService::CheckUrl(const std::string& url, bool production) {
  auto parsed = ParseWebhookUrl(url, production);
  if (!parsed) co_return Fail(parsed.error());
  const WebhookUrl& url_parts = *parsed;
  bool allow_private = settings_.allow_private;
  // getaddrinfo blocks: never on an I/O thread. (Captures by reference: GCC 12
  // destroys non-trivial captures of a lambda temporary in a co_await twice.)
  Result<void> checked =
      co_await RunOnPool<Result<void>>(workers_, [&url_parts, &allow_private] { return CheckDestination(url_parts, allow_private); });
  co_return checked;
}

Task<Result<bool>> WebhookService::Exists(Transaction& tx, int64_t org, int64_t id) {
  bool found = false;
  Value p[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(std::string("SELECT 1 FROM webhook_endpoints WHERE org_id = $1 AND id = $2") +
                                     std::string(storage::ForKeyShare(db_.dialect())),
                                 p, [&found](const Row&) { found = true; });
  if (!ran) co_return Fail(ran.error());
  co_return found;
}

Task<Result<std::string>> WebhookService::EndpointJson(Transaction& tx, int64_t org, int64_t id) {
  JsonWriter w;
  Value p[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints WHERE org_id = $1 AND id = $2",
                                 p, [&w](const storage::Row& row) { WriteEndpoint(row, w); });
  if (!ran) co_return Fail(ran.error());
  if (w.View().empty()) co_return Fail(NoEndpoint(id));
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::Create(int64_t org, bool production, EndpointSpec spec) {
  if (auto checked = co_await CheckUrl(*spec.url, production); !checked) co_return Fail(checked.error());
  std::string secret = NewWebhookSecret();
  std::string out;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    int64_t count = 0;
    Value o[] = {Value{org}};
    auto counted = co_await tx.Execute("SELECT count(*) FROM webhook_endpoints WHERE org_id = $1", o,
                                       [&count](const storage::Row& row) { count = row.Int(0); });
    if (!counted) co_return Fail(counted.error());
    if (count >= kMaxEndpointsPerOrganization)
      co_return Fail(ErrorCode::kValidation, "An organization has at most " +
                                                 std::to_string(kMaxEndpointsPerOrganization) + " webhook endpoints");
    auto cursor = co_await LastSequence(tx, org);
    if (!cursor) co_return Fail(cursor.error());
    std::string now = NowRfc3339();
    Value p[] = {Value{org}, Value{*spec.url}, Value{spec.description.value_or("")}, Value{spec.EventTypesJson()},
                 spec.filter && !spec.filter->empty() ? Value{*spec.filter} : Value{},
                 Value{spec.headers.value_or("{}")}, Value{int64_t{spec.enabled.value_or(true)}},
                 Value{int64_t{spec.ordered.value_or(false)}}, Value{spec.rate_limit.value_or(0)},
                 Value{spec.max_in_flight.value_or(10)}, Value{*cursor}, Value{now}};
    int64_t id = 0;
    JsonWriter w;
    auto inserted = co_await tx.Execute(
        std::string("INSERT INTO webhook_endpoints (org_id, url, description, event_types, filter, headers, enabled, "
                    "ordered, rate_limit, max_in_flight, event_cursor, created_at, updated_at) VALUES ($1, $2, $3, $4, "
                    "$5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING ") + kEndpointColumns,
        p, [&](const storage::Row& row) { id = row.Int(0), WriteEndpoint(row, w); });
    if (!inserted) co_return Fail(inserted.error());
    Value s[] = {Value{id}, Value{box_.Seal(secret)}, Value{now}};
    if (auto sealed = co_await Run(tx, "INSERT INTO webhook_secrets (endpoint_id, sealed, created_at) VALUES ($1, $2, $3)", s);
        !sealed)
      co_return sealed;
    out = w.Take();
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  out.pop_back();  // the secret is shown here once; it is kept sealed
  co_return out + ",\"secret\":\"" + secret + "\"}";
}

Task<Result<std::string>> WebhookService::List(int64_t org) {
  JsonWriter w;
  w.StartArray();
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{org}};
    auto ran = co_await tx.Execute(std::string("SELECT ") + kEndpointColumns +
                                       " FROM webhook_endpoints WHERE org_id = $1 ORDER BY id",
                                   p, [&w](const storage::Row& row) { WriteEndpoint(row, w); });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::Get(int64_t org, int64_t id) {
  std::string out;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto row = co_await EndpointJson(tx, org, id);
    if (!row) co_return Fail(row.error());
    out = std::move(*row);
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return out;
}

Task<Result<std::string>> WebhookService::Update(int64_t org, bool production, int64_t id, EndpointSpec spec) {
  if (spec.url)
    if (auto checked = co_await CheckUrl(*spec.url, production); !checked) co_return Fail(checked.error());
  std::string out;
  bool enabled_again = false;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    std::vector<Value> p{Value{org}, Value{id}, Value{NowRfc3339()}};
    std::string sets = "updated_at = $3";
    auto set = [&](const char* column, Value v) {
      p.push_back(std::move(v));
      sets += std::string(", ") + column + " = $" + std::to_string(p.size());
    };
    if (spec.url) set("url", Value{*spec.url});
    if (spec.description) set("description", Value{*spec.description});
    if (spec.event_types) set("event_types", Value{spec.EventTypesJson()});
    if (spec.filter) set("filter", spec.filter->empty() ? Value{} : Value{*spec.filter});
    if (spec.headers) set("headers", Value{*spec.headers});
    if (spec.ordered) set("ordered", Value{int64_t{*spec.ordered}});
    if (spec.rate_limit) set("rate_limit", Value{*spec.rate_limit});
    if (spec.max_in_flight) set("max_in_flight", Value{*spec.max_in_flight});
    if (spec.enabled) {
      set("enabled", Value{int64_t{*spec.enabled}});
      if (*spec.enabled) {
        // Enabled again: deliveries start from now (replay_missing covers the gap).
        auto cursor = co_await LastSequence(tx, org);
        if (!cursor) co_return Fail(cursor.error());
        sets += ", failing_since = NULL, paused_until = 0, disabled_reason = NULL";
        sets += ", event_cursor = CASE WHEN enabled = 0 THEN " + std::to_string(*cursor) + " ELSE event_cursor END";
        enabled_again = true;
      }
    }
    int64_t changed = 0;
    if (auto ran = co_await Run(tx, "UPDATE webhook_endpoints SET " + sets + " WHERE org_id = $1 AND id = $2", p, &changed);
        !ran)
      co_return ran;
    if (!changed) co_return Fail(NoEndpoint(id));
    auto row = co_await EndpointJson(tx, org, id);
    if (!row) co_return Fail(row.error());
    out = std::move(*row);
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  if (enabled_again && wake_) wake_();
  co_return out;
}

Task<Result<std::string>> WebhookService::Delete(int64_t org, int64_t id) {
  std::string out;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto row = co_await EndpointJson(tx, org, id);
    if (!row) co_return Fail(row.error());
    out = std::move(*row);
    Value p[] = {Value{org}, Value{id}};
    co_return co_await Run(tx, "DELETE FROM webhook_endpoints WHERE org_id = $1 AND id = $2", p);
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return out;
}

Task<Result<std::string>> WebhookService::RotateSecret(int64_t org, int64_t id) {
  std::string secret = NewWebhookSecret();
  int64_t now = NowUnixSeconds(), until = now + settings_.secret_overlap_seconds;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto exists = co_await Exists(tx, org, id);
    if (!exists) co_return Fail(exists.error());
    if (!*exists) co_return Fail(NoEndpoint(id));
    Value old[] = {Value{id}, Value{until}};
    if (auto r = co_await Run(tx, "UPDATE webhook_secrets SET expires_at = $2 WHERE endpoint_id = $1 AND "
                                  "(expires_at IS NULL OR expires_at > $2)", old); !r)
      co_return r;
    Value gone[] = {Value{id}, Value{now}};
    if (auto r = co_await Run(tx, "DELETE FROM webhook_secrets WHERE endpoint_id = $1 AND expires_at <= $2", gone); !r)
      co_return r;
    Value s[] = {Value{id}, Value{box_.Seal(secret)}, Value{NowRfc3339()}};
    co_return co_await Run(tx, "INSERT INTO webhook_secrets (endpoint_id, sealed, created_at) VALUES ($1, $2, $3)", s);
  });
  if (!wrote) co_return Fail(wrote.error());
  JsonWriter w;
  w.StartObject().Key("id").Int(id).Key("secret").String(secret);
  w.Key("previous_secrets_expire_at").String(UnixToRfc3339(until)).EndObject();
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::SendTest(int64_t org, int64_t id) {
  int64_t event_id = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto row = co_await EndpointJson(tx, org, id);
    if (!row) co_return Fail(row.error());
    auto event = co_await AppendEvent(tx, db_.dialect(), org, "webhook_endpoint.test", "webhook_endpoints", id, *row, id);
    if (!event) co_return Fail(event.error());
    event_id = *event;
    Value p[] = {Value{org}, Value{id}, Value{event_id}, Value{int64_t{0}}, Value{NowUnixSeconds()}, Value{NowRfc3339()}};
    co_return co_await Run(tx, kQueueMessage, p);
  });
  if (!wrote) co_return Fail(wrote.error());
  if (wake_) wake_();
  co_return "{\"event_id\":" + std::to_string(event_id) + ",\"type\":\"webhook_endpoint.test\",\"status\":\"pending\"}";
}

Task<Result<std::string>> WebhookService::Resend(int64_t org, int64_t id, int64_t event_id) {
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto exists = co_await Exists(tx, org, id);
    if (!exists) co_return Fail(exists.error());
    if (!*exists) co_return Fail(NoEndpoint(id));
    std::optional<int64_t> seq;
    Value e[] = {Value{org}, Value{event_id}, Value{id}};
    auto found = co_await tx.Execute("SELECT seq FROM events WHERE org_id = $1 AND id = $2 AND "
                                     "(endpoint_id IS NULL OR endpoint_id = $3)",
                                     e, [&seq](const storage::Row& row) { seq = row.Int(0); });
    if (!found) co_return Fail(found.error());
    if (!seq) co_return Fail(ErrorCode::kNotFound, "No event with id " + std::to_string(event_id));
    Value p[] = {Value{org}, Value{id}, Value{event_id}, Value{*seq}, Value{NowUnixSeconds()}, Value{NowRfc3339()}};
    co_return co_await Run(tx, kQueueMessage, p);
  });
  if (!wrote) co_return Fail(wrote.error());
  if (wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"event_id\":" + std::to_string(event_id) +
      ",\"status\":\"pending\"}";
}

Task<Result<std::string>> WebhookService::Recover(int64_t org, int64_t id, int64_t since) {
  int64_t recovered = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto exists = co_await Exists(tx, org, id);
    if (!exists) co_return Fail(exists.error());
    if (!*exists) co_return Fail(NoEndpoint(id));
    Value p[] = {Value{org}, Value{id}, Value{since}, Value{NowUnixSeconds()}};
    co_return co_await Run(tx,
                           "UPDATE webhook_messages SET status = 'pending', attempts = 0, next_attempt_at = $4, "
                           "claimed_until = 0 WHERE org_id = $1 AND endpoint_id = $2 AND status = 'failed' AND "
                           "event_id IN (SELECT id FROM events WHERE org_id = $1 AND created_unix >= $3)",
                           p, &recovered);
  });
  if (!wrote) co_return Fail(wrote.error());
  if (recovered && wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"recovered\":" + std::to_string(recovered) + "}";
}

Task<Result<std::string>> WebhookService::ReplayMissing(int64_t org, int64_t id, int64_t since) {
  constexpr int64_t kBatch = 500;
  int64_t replayed = 0, after = 0;
  for (bool more = true; more;) {
    more = false;
    auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
      std::optional<Subscription> wants;
      Value e[] = {Value{org}, Value{id}};
      auto ran = co_await tx.Execute(std::string("SELECT event_types, filter FROM webhook_endpoints WHERE org_id = $1 AND id = $2") +
                                         std::string(storage::ForKeyShare(db_.dialect())),
                                     e,
                                     [&wants](const storage::Row& row) {
                                       wants = Subscription::FromColumns(row.Text(0), row.IsNull(1) ? "" : row.Text(1));
                                     });
      if (!ran) co_return Fail(ran.error());
      if (!wants) co_return Fail(NoEndpoint(id));
      struct Missing { int64_t id, seq; };
      std::vector<Missing> missing;
      int64_t seen = 0;
      Value p[] = {Value{org}, Value{since}, Value{after}, Value{id}};
      ran = co_await tx.Execute(
          "SELECT ev.id, ev.seq, ev.type, ev.object FROM events ev WHERE ev.org_id = $1 AND ev.endpoint_id IS NULL "
          "AND ev.created_unix >= $2 AND ev.seq > $3 AND NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE "
          "m.endpoint_id = $4 AND m.event_id = ev.id) ORDER BY ev.seq LIMIT " + std::to_string(kBatch),
          p, [&](const storage::Row& row) {
            ++seen;
            after = row.Int(1);
            if (wants->Wants(row.Text(2), row.Text(3))) missing.push_back({row.Int(0), row.Int(1)});
          });
      if (!ran) co_return Fail(ran.error());
      int64_t now = NowUnixSeconds();
      std::string now_text = NowRfc3339();
      for (const auto& m : missing) {
        Value q[] = {Value{org}, Value{id}, Value{m.id}, Value{m.seq}, Value{now}, Value{now_text}};
        if (auto queued = co_await Run(tx, kQueueMessage, q); !queued) co_return queued;
      }
      replayed += static_cast<int64_t>(missing.size());
      more = seen == kBatch;
      co_return Result<void>{};
    });
    if (!wrote) co_return Fail(wrote.error());
  }
  if (replayed && wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"replayed\":" + std::to_string(replayed) + "}";
}

namespace {

// A page of one endpoint's log: `select` reads columns whose first is the key.
// (Parameters by value: the callers return this task without awaiting it, so
// their temporaries are gone by the time it runs.)
Task<Result<LogJson>> LogOf(storage::Database& db, int64_t org, int64_t id, const http::QueryParams& params,
                            std::string_view kind, std::string select, std::string status_column,
                            std::vector<std::string> statuses,
                            std::function<void(const storage::Row&, JsonWriter&)> write) {
  auto page = LogPage::Parse(params, kind);
  if (!page) co_return Fail(page.error());
  std::vector<Value> args{Value{org}, Value{id}, Value{page->after}};
  std::string where;
  for (const auto& [key, value] : params) {
    if (key == "status") {
      if (std::find(statuses.begin(), statuses.end(), value) == statuses.end()) {
        std::string allowed;
        for (const auto& s : statuses) allowed += (allowed.empty() ? "" : ", ") + s;
        co_return Fail(ErrorCode::kBadRequest, "status must be one of: " + allowed);
      }
      args.push_back(Value{value});
      where += " AND " + status_column + " = $" + std::to_string(args.size());
    } else if (key != "after" && key != "per_page" && key != "limit") {
      co_return Fail(ErrorCode::kBadRequest, "Unknown parameter '" + key + "' (status, after, per_page)");
    }
  }
  JsonWriter w(8192);
  w.StartArray();
  int64_t rows = 0, last = 0;
  bool found = false;
  auto read = co_await db.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value e[] = {Value{org}, Value{id}};
    auto ran = co_await tx.Execute("SELECT 1 FROM webhook_endpoints WHERE org_id = $1 AND id = $2", e,
                                   [&found](const storage::Row&) { found = true; });
    if (!ran) co_return Fail(ran.error());
    if (!found) co_return Fail(NoEndpoint(id));
    ran = co_await tx.Execute(select + where + " ORDER BY 1 LIMIT " + std::to_string(page->per_page + 1), args,
                              [&](const storage::Row& row) {
                                if (++rows > page->per_page) return;
                                last = row.Int(0);
                                write(row, w);
                              });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return LogJson{w.Take(), page->Meta(rows, last, kind)};
}

void OptionalTime(JsonWriter& w, const storage::Row& row, int column) {
  if (row.IsNull(column) || row.Int(column) == 0) w.Null();
  else w.String(UnixToRfc3339(row.Int(column)));
}

}  // namespace

Task<Result<LogJson>> WebhookService::Attempts(int64_t org, int64_t id, const http::QueryParams& params) {
  return LogOf(db_, org, id, params, "attempts",
               "SELECT id, message_id, event_id, outcome, status_code, duration_ms, response, error, next_retry_at, "
               "created_at FROM webhook_attempts WHERE org_id = $1 AND endpoint_id = $2 AND id > $3",
               "outcome", {"succeeded", "failed"}, [](const storage::Row& row, JsonWriter& w) {
                 w.StartObject().Key("id").Int(row.Int(0)).Key("message_id").Int(row.Int(1));
                 w.Key("event_id").Int(row.Int(2)).Key("status").String(row.Text(3));
                 w.Key("status_code").OptionalInt(!row.IsNull(4), row.IsNull(4) ? 0 : row.Int(4));
                 w.Key("duration_ms").Int(row.Int(5)).Key("response").String(row.Text(6));
                 w.Key("error").String(row.Text(7)).Key("next_retry_at");
                 OptionalTime(w, row, 8);
                 w.Key("created_at").String(row.Text(9)).EndObject();
               });
}

Task<Result<LogJson>> WebhookService::Messages(int64_t org, int64_t id, const http::QueryParams& params) {
  return LogOf(db_, org, id, params, "messages",
               "SELECT m.id, m.event_id, ev.type, m.status, m.attempts, m.next_attempt_at, m.last_status_code, "
               "m.created_at FROM webhook_messages m JOIN events ev ON ev.id = m.event_id WHERE m.org_id = $1 AND "
               "m.endpoint_id = $2 AND m.id > $3",
               "m.status", {"pending", "delivering", "succeeded", "failed"}, [](const storage::Row& row, JsonWriter& w) {
                 w.StartObject().Key("id").Int(row.Int(0)).Key("event_id").Int(row.Int(1));
                 w.Key("event_type").String(row.Text(2)).Key("status").String(row.Text(3));
                 w.Key("attempts").Int(row.Int(4)).Key("next_attempt_at");
                 if (row.Text(3) == "pending") OptionalTime(w, row, 5);
                 else w.Null();
                 w.Key("last_status_code").OptionalInt(!row.IsNull(6), row.IsNull(6) ? 0 : row.Int(6));
                 w.Key("created_at").String(row.Text(7)).EndObject();
               });
}

}  // namespace supplyhub::features
