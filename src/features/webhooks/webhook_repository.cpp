#include "features/webhooks/webhook_repository.h"

#include "core/clock.h"
#include "features/webhooks/endpoint_headers.h"

namespace supplyhub::features {
namespace {

using storage::Row;
using storage::Transaction;
using storage::Value;

constexpr const char* kEndpointColumns =
    "id, url, description, event_types, filter, headers, enabled, ordered, rate_limit, max_in_flight, "
    "disabled_reason, failing_since, created_at, updated_at";
// The organization's endpoint $2 (its organization $1), unless deleted.
constexpr const char* kTheEndpoint = " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";
// A deleted endpoint's rows; the endpoint is $1's endpoint $2.
constexpr const char* kOfDeleted =
    " WHERE org_id = $1 AND endpoint_id = $2 AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE org_id = $1 "
    "AND id = $2 AND deleted_at IS NOT NULL)";

void WriteEndpoint(const Row& row, JsonWriter& w) {
  w.StartObject().Key("id").Int(row.Int(0)).Key("url").String(row.Text(1)).Key("description").String(row.Text(2));
  w.Key("event_types").Raw(row.Text(3)).Key("filter");
  if (row.IsNull(4)) w.Null();
  else w.Raw(row.Text(4));
  WriteMaskedHeaders(row.Text(5), w.Key("headers"));
  w.Key("enabled").Bool(row.Int(6) != 0).Key("ordered").Bool(row.Int(7) != 0);
  w.Key("rate_limit").OptionalInt(row.Int(8) > 0, row.Int(8)).Key("max_in_flight").Int(row.Int(9));
  w.Key("disabled_reason");
  if (row.IsNull(10)) w.Null();
  else w.String(row.Text(10));
  w.Key("failing_since");
  if (row.IsNull(11)) w.Null();
  else w.String(UnixToRfc3339(row.Int(11)));
  w.Key("created_at").String(row.Text(12)).Key("updated_at").String(row.Text(13)).EndObject();
}

void OptionalTime(JsonWriter& w, const Row& row, int column) {
  if (row.IsNull(column) || row.Int(column) == 0) w.Null();
  else w.String(UnixToRfc3339(row.Int(column)));
}

Task<Result<int64_t>> Run(Transaction& tx, const std::string& sql, std::span<const Value> params) {
  auto ran = co_await tx.Execute(sql, params);
  if (!ran) co_return Fail(ran.error());
  co_return *ran;
}

// One integer from the first row, or nullopt without one.
Task<Result<std::optional<int64_t>>> Integer(Transaction& tx, const std::string& sql, std::span<const Value> params) {
  std::optional<int64_t> out;
  auto ran = co_await tx.Execute(sql, params, [&out](const Row& row) { out = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  co_return out;
}

void WriteAttempt(const Row& row, JsonWriter& w) {
  w.StartObject().Key("id").Int(row.Int(0)).Key("message_id").Int(row.Int(1));
  w.Key("event_id").Int(row.Int(2)).Key("status").String(row.Text(3));
  w.Key("status_code").OptionalInt(!row.IsNull(4), row.IsNull(4) ? 0 : row.Int(4));
  w.Key("duration_ms").Int(row.Int(5)).Key("response").String(row.Text(6));
  w.Key("error").String(row.Text(7)).Key("next_retry_at");
  OptionalTime(w, row, 8);
  w.Key("created_at").String(row.Text(9)).EndObject();
}

void WriteMessage(const Row& row, JsonWriter& w) {
  w.StartObject().Key("id").Int(row.Int(0)).Key("event_id").Int(row.Int(1));
  w.Key("event_type").String(row.Text(2)).Key("status").String(row.Text(3));
  w.Key("attempts").Int(row.Int(4)).Key("next_attempt_at");
  if (row.Text(3) == "pending") OptionalTime(w, row, 5);
  else w.Null();
  w.Key("last_status_code").OptionalInt(!row.IsNull(6), row.IsNull(6) ? 0 : row.Int(6));
  w.Key("created_at").String(row.Text(7)).EndObject();
}

// A log: its rows (the key first; $1 org, $2 endpoint, $3 after), the column
// a status filter narrows, and a row's JSON.
struct LogSql {
  const char* select;
  const char* status_column;
  void (*write)(const Row&, JsonWriter&);
};
constexpr LogSql kAttemptLog{
    "SELECT id, message_id, event_id, outcome, status_code, duration_ms, response, error, next_retry_at, created_at "
    "FROM webhook_attempts WHERE org_id = $1 AND endpoint_id = $2 AND id > $3",
    "outcome", WriteAttempt};
constexpr LogSql kMessageLog{
    "SELECT m.id, m.event_id, ev.type, m.status, m.attempts, m.next_attempt_at, m.last_status_code, m.created_at "
    "FROM webhook_messages m JOIN events ev ON ev.id = m.event_id WHERE m.org_id = $1 AND m.endpoint_id = $2 AND "
    "m.id > $3",
    "m.status", WriteMessage};

}  // namespace

Task<Result<int64_t>> WebhookRepository::CountEndpoints(Transaction& tx, int64_t org) const {
  Value p[] = {Value{org}};
  auto n = co_await Integer(tx, "SELECT count(*) FROM webhook_endpoints WHERE org_id = $1 AND deleted_at IS NULL", p);
  if (!n) co_return Fail(n.error());
  co_return n->value_or(0);
}

Task<Result<int64_t>> WebhookRepository::LastSequence(Transaction& tx, int64_t org) const {
  Value p[] = {Value{org}};
  auto seq = co_await Integer(tx, "SELECT coalesce(max(seq), 0) FROM events WHERE org_id = $1", p);
  if (!seq) co_return Fail(seq.error());
  co_return seq->value_or(0);
}

Task<Result<int64_t>> WebhookRepository::Insert(Transaction& tx, int64_t org, const EndpointSpec& spec, int64_t cursor,
                                                const std::string& sealed_secret, JsonWriter& out) const {
  std::string now = NowRfc3339();
  Value p[] = {Value{org}, Value{*spec.url}, Value{spec.description.value_or("")}, Value{spec.EventTypesJson()},
               spec.filter && !spec.filter->empty() ? Value{*spec.filter} : Value{},
               Value{spec.headers.value_or("{}")}, Value{int64_t{spec.enabled.value_or(true)}},
               Value{int64_t{spec.ordered.value_or(false)}}, Value{spec.rate_limit.value_or(0)},
               Value{spec.max_in_flight.value_or(10)}, Value{cursor}, Value{now}};
  int64_t id = 0;
  auto inserted = co_await tx.Execute(
      std::string("INSERT INTO webhook_endpoints (org_id, url, description, event_types, filter, headers, enabled, "
                  "ordered, rate_limit, max_in_flight, event_cursor, created_at, updated_at) VALUES ($1, $2, $3, $4, "
                  "$5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING ") + kEndpointColumns,
      p, [&](const Row& row) { id = row.Int(0), WriteEndpoint(row, out); });
  if (!inserted) co_return Fail(inserted.error());
  Value s[] = {Value{org}, Value{id}, Value{sealed_secret}, Value{now}};
  auto sealed = co_await Run(tx, std::string("INSERT INTO webhook_secrets (endpoint_id, sealed, created_at) SELECT id, "
                                             "$3, $4 FROM webhook_endpoints") + kTheEndpoint, s);
  if (!sealed) co_return Fail(sealed.error());
  co_return id;
}

Task<Result<void>> WebhookRepository::List(Transaction& tx, int64_t org, JsonWriter& out) const {
  Value p[] = {Value{org}};
  auto ran = co_await tx.Execute(std::string("SELECT ") + kEndpointColumns +
                                     " FROM webhook_endpoints WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id",
                                 p, [&out](const Row& row) { WriteEndpoint(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

Task<Result<bool>> WebhookRepository::Find(Transaction& tx, int64_t org, int64_t id, JsonWriter& out) const {
  bool found = false;
  Value p[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints" + kTheEndpoint, p,
                                 [&](const Row& row) { found = true, WriteEndpoint(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return found;
}

Task<Result<bool>> WebhookRepository::Exists(Transaction& tx, int64_t org, int64_t id) const {
  Value p[] = {Value{org}, Value{id}};
  auto found = co_await Integer(tx, std::string("SELECT 1 FROM webhook_endpoints") + kTheEndpoint, p);
  if (!found) co_return Fail(found.error());
  co_return found->has_value();
}

Task<Result<std::string>> WebhookRepository::StoredHeaders(Transaction& tx, int64_t org, int64_t id) const {
  Value p[] = {Value{org}, Value{id}};
  std::string headers = "{}";
  auto ran = co_await tx.Execute(std::string("SELECT headers FROM webhook_endpoints") + kTheEndpoint, p,
                                 [&headers](const Row& row) { headers = std::string(row.Text(0)); });
  if (!ran) co_return Fail(ran.error());
  co_return headers;
}

Task<Result<bool>> WebhookRepository::Hold(Transaction& tx, int64_t org, int64_t id) const {
  Value p[] = {Value{org}, Value{id}};
  auto found = co_await Integer(
      tx, std::string("SELECT 1 FROM webhook_endpoints") + kTheEndpoint + std::string(storage::ForKeyShare(dialect_)), p);
  if (!found) co_return Fail(found.error());
  co_return found->has_value();
}

Task<Result<bool>> WebhookRepository::Update(Transaction& tx, int64_t org, int64_t id, const EndpointSpec& spec,
                                             std::optional<int64_t> restart_at) const {
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
  if (spec.enabled) set("enabled", Value{int64_t{*spec.enabled}});
  if (spec.enabled && *spec.enabled && restart_at) {
    // Enabled again: the failing streak and pause end, deliveries start from now.
    p.emplace_back(*restart_at);
    sets += ", failing_since = NULL, paused_until = 0, disabled_reason = NULL, event_cursor = CASE WHEN enabled = 0 "
            "THEN $" + std::to_string(p.size()) + " ELSE event_cursor END";
  }
  auto changed = co_await Run(tx, "UPDATE webhook_endpoints SET " + sets + kTheEndpoint, p);
  if (!changed) co_return Fail(changed.error());
  co_return *changed > 0;
}

Task<Result<bool>> WebhookRepository::MarkDeleted(Transaction& tx, int64_t org, int64_t id, int64_t now,
                                                  JsonWriter& out) const {
  bool found = false;
  Value p[] = {Value{org}, Value{id}, Value{now}};
  auto ran = co_await tx.Execute(std::string("UPDATE webhook_endpoints SET deleted_at = $3") + kTheEndpoint +
                                     " RETURNING " + kEndpointColumns,
                                 p, [&](const Row& row) { found = true, WriteEndpoint(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return found;
}

Task<Result<std::optional<int64_t>>> WebhookRepository::RotationsFullAt(Transaction& tx, int64_t org, int64_t id) const {
  Value p[] = {Value{org}, Value{id}};
  // Concurrent rotations of one endpoint take turns (SQLite: one writer).
  co_return co_await Integer(tx,
                             std::string("SELECT rotations_full_at FROM webhook_endpoints") + kTheEndpoint +
                                 (dialect_ == storage::Dialect::kPostgres ? " FOR NO KEY UPDATE" : ""),
                             p);
}

Task<Result<void>> WebhookRepository::Rotate(Transaction& tx, int64_t org, int64_t id, const std::string& sealed_secret,
                                             int64_t overlap_until, int64_t rotations_full_at) const {
  const std::string of_endpoint = "endpoint_id IN (SELECT id FROM webhook_endpoints" + std::string(kTheEndpoint) + ")";
  Value bucket[] = {Value{org}, Value{id}, Value{rotations_full_at}};
  if (auto r = co_await Run(tx, std::string("UPDATE webhook_endpoints SET rotations_full_at = $3") + kTheEndpoint, bucket);
      !r)
    co_return Fail(r.error());
  // A new rotation ends the previous overlap: only the current secret and the one it replaces remain.
  Value e[] = {Value{org}, Value{id}};
  if (auto r = co_await Run(tx, "DELETE FROM webhook_secrets WHERE " + of_endpoint + " AND expires_at IS NOT NULL", e); !r)
    co_return Fail(r.error());
  Value old[] = {Value{org}, Value{id}, Value{overlap_until}};
  if (auto r = co_await Run(tx, "UPDATE webhook_secrets SET expires_at = $3 WHERE " + of_endpoint, old); !r)
    co_return Fail(r.error());
  Value s[] = {Value{org}, Value{id}, Value{sealed_secret}, Value{NowRfc3339()}};
  if (auto r = co_await Run(tx, std::string("INSERT INTO webhook_secrets (endpoint_id, sealed, created_at) SELECT id, $3, "
                                            "$4 FROM webhook_endpoints") + kTheEndpoint, s);
      !r)
    co_return Fail(r.error());
  co_return Result<void>{};
}

Task<Result<void>> WebhookRepository::QueueMessage(Transaction& tx, int64_t org, int64_t id, int64_t event_id,
                                                   int64_t seq, int64_t now) const {
  Value p[] = {Value{org}, Value{id}, Value{event_id}, Value{seq}, Value{now}, Value{NowRfc3339()}};
  auto queued = co_await Run(
      tx,
      "INSERT INTO webhook_messages (org_id, endpoint_id, event_id, seq, status, attempts, next_attempt_at, created_at) "
      "VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) ON CONFLICT (endpoint_id, event_id) DO UPDATE SET "
      "status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at, claimed_until = 0",
      p);
  if (!queued) co_return Fail(queued.error());
  co_return Result<void>{};
}

Task<Result<std::optional<int64_t>>> WebhookRepository::EventSequence(Transaction& tx, int64_t org, int64_t id,
                                                                      int64_t event_id) const {
  Value p[] = {Value{org}, Value{event_id}, Value{id}};
  co_return co_await Integer(
      tx, "SELECT seq FROM events WHERE org_id = $1 AND id = $2 AND (endpoint_id IS NULL OR endpoint_id = $3)", p);
}

Task<Result<int64_t>> WebhookRepository::RecoverFailed(Transaction& tx, int64_t org, int64_t id, int64_t since,
                                                       int64_t now) const {
  Value p[] = {Value{org}, Value{id}, Value{since}, Value{now}};
  co_return co_await Run(tx,
                         "UPDATE webhook_messages SET status = 'pending', attempts = 0, next_attempt_at = $4, "
                         "claimed_until = 0 WHERE org_id = $1 AND endpoint_id = $2 AND status = 'failed' AND "
                         "event_id IN (SELECT id FROM events WHERE org_id = $1 AND created_unix >= $3)",
                         p);
}

Task<Result<std::optional<Subscription>>> WebhookRepository::HoldSubscription(Transaction& tx, int64_t org,
                                                                             int64_t id) const {
  std::optional<Subscription> wants;
  Value p[] = {Value{org}, Value{id}};
  auto ran = co_await tx.Execute(std::string("SELECT event_types, filter FROM webhook_endpoints") + kTheEndpoint +
                                     std::string(storage::ForKeyShare(dialect_)),
                                 p, [&wants](const Row& row) {
                                   wants = Subscription::FromColumns(row.Text(0), row.IsNull(1) ? "" : row.Text(1));
                                 });
  if (!ran) co_return Fail(ran.error());
  co_return wants;
}

Task<Result<void>> WebhookRepository::EventsWithoutMessage(Transaction& tx, int64_t org, int64_t id, int64_t since,
                                                           int64_t after, int64_t limit, const OnEvent& on_event) const {
  Value p[] = {Value{org}, Value{since}, Value{after}, Value{id}};
  auto ran = co_await tx.Execute(
      "SELECT ev.id, ev.seq, ev.type, ev.object FROM events ev WHERE ev.org_id = $1 AND ev.endpoint_id IS NULL "
      "AND ev.created_unix >= $2 AND ev.seq > $3 AND NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE "
      "m.org_id = $1 AND m.endpoint_id = $4 AND m.event_id = ev.id) ORDER BY ev.seq LIMIT " + std::to_string(limit),
      p, [&](const Row& row) { on_event(row.Int(0), row.Int(1), row.Text(2), row.Text(3)); });
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

Task<Result<int64_t>> WebhookRepository::Log(Transaction& tx, WebhookLog log, int64_t org, int64_t id, int64_t after,
                                             int64_t per_page, const std::optional<std::string>& status,
                                             JsonWriter& out, int64_t& last) const {
  const LogSql& sql = log == WebhookLog::kAttempts ? kAttemptLog : kMessageLog;
  std::vector<Value> args{Value{org}, Value{id}, Value{after}};
  std::string select = sql.select;
  if (status) {
    args.emplace_back(*status);
    select += std::string(" AND ") + sql.status_column + " = $4";
  }
  int64_t rows = 0;
  auto ran = co_await tx.Execute(select + " ORDER BY 1 LIMIT " + std::to_string(per_page + 1), args, [&](const Row& row) {
    if (++rows > per_page) return;
    last = row.Int(0);
    sql.write(row, out);
  });
  if (!ran) co_return Fail(ran.error());
  co_return rows;
}

Task<Result<std::vector<std::pair<int64_t, int64_t>>>> WebhookRepository::Deleted(Transaction& tx,
                                                                                  int64_t limit) const {
  std::vector<std::pair<int64_t, int64_t>> out;
  Value p[] = {Value{limit}};
  auto ran = co_await tx.Execute("SELECT org_id, id FROM webhook_endpoints WHERE deleted_at IS NOT NULL ORDER BY id "
                                 "LIMIT $1",
                                 p, [&out](const Row& row) { out.emplace_back(row.Int(0), row.Int(1)); });
  if (!ran) co_return Fail(ran.error());
  co_return out;
}

Task<Result<bool>> WebhookRepository::PurgeSome(Transaction& tx, int64_t org, int64_t id, int64_t limit) const {
  Value p[] = {Value{org}, Value{id}, Value{limit}};
  // Attempts first: the messages' cascade then finds (almost) nothing left to delete.
  for (const char* table : {"webhook_attempts", "webhook_messages"}) {
    auto removed = co_await Run(tx, std::string("DELETE FROM ") + table + " WHERE id IN (SELECT id FROM " + table +
                                        kOfDeleted + " LIMIT $3)",
                                p);
    if (!removed) co_return Fail(removed.error());
    if (*removed > 0) co_return false;
  }
  // Nothing left but what a delivery recorded meanwhile: the endpoint goes, cascading over that.
  Value e[] = {Value{org}, Value{id}};
  auto gone = co_await Run(tx, "DELETE FROM webhook_endpoints WHERE org_id = $1 AND id = $2 AND deleted_at IS NOT NULL", e);
  if (!gone) co_return Fail(gone.error());
  co_return true;
}

}  // namespace supplyhub::features
