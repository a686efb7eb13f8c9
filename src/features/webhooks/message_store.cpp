#include "features/webhooks/message_store.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "features/events/event_json.h"
#include "features/events/outbox.h"
#include "features/webhooks/signature.h"
#include "features/webhooks/subscription.h"
#include "storage/block_on.h"

namespace supplyhub::features {
namespace {

using storage::Row;
using storage::Transaction;
using storage::Value;

constexpr int64_t kFanOutBatch = 1000;

std::string Placeholders(size_t first, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

// The endpoint's custom headers ({"name": "value"}) as header lines.
std::vector<std::string> HeaderLines(std::string_view json) {
  std::vector<std::string> out;
  auto headers = nlohmann::json::parse(json, nullptr, false);
  if (headers.is_object())
    for (const auto& [name, value] : headers.items())
      if (value.is_string()) out.push_back(name + ": " + value.get<std::string>());
  return out;
}

double Jitter() { return static_cast<double>(RandomPositiveInt64() % 2001) / 1000.0 - 1.0; }

}  // namespace

Result<bool> MessageStore::Finds(const std::string& sql) {
  bool found = false;
  Value now[] = {Value{NowUnixSeconds()}};
  auto read = storage::BlockOn(db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto ran = co_await tx.Execute(sql, now, [&found](const Row&) { found = true; });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  return found;
}

Result<void> MessageStore::FanOut() {
  const bool pg = db_.dialect() == storage::Dialect::kPostgres;
  auto behind = Finds("SELECT 1 FROM webhook_endpoints e WHERE e.enabled = 1 AND $1 > 0 AND "
                      "(SELECT max(seq) FROM events WHERE org_id = e.org_id) > e.event_cursor LIMIT 1");
  if (!behind || !*behind) return behind ? Result<void>{} : Fail(behind.error());
  return storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    struct Endpoint {
      int64_t id, org, cursor, org_seq;
      Subscription wants;
    };
    std::vector<Endpoint> endpoints;
    auto ran = co_await tx.Execute(
        // Every event up to an organization's largest committed number is committed (outbox.h).
        std::string("SELECT e.id, e.org_id, e.event_cursor, e.event_types, e.filter, "
                    "(SELECT max(seq) FROM events WHERE org_id = e.org_id) FROM webhook_endpoints e "
                    "WHERE e.enabled = 1 AND (SELECT max(seq) FROM events WHERE org_id = e.org_id) > e.event_cursor "
                    "ORDER BY e.id LIMIT 100") + (pg ? " FOR UPDATE OF e SKIP LOCKED" : ""),
        {}, [&](const Row& row) {
          endpoints.push_back({row.Int(0), row.Int(1), row.Int(2), row.Int(5),
                               Subscription::FromColumns(row.Text(3), row.IsNull(4) ? "" : row.Text(4))});
        });
    if (!ran) co_return Fail(ran.error());
    const int64_t now = NowUnixSeconds();
    const std::string now_text = NowRfc3339();
    for (Endpoint& e : endpoints) {
      struct Wanted { int64_t id, seq; };
      std::vector<Wanted> wanted;
      int64_t rows = 0, last = e.cursor;
      const bool filtered = !e.wants.filter.empty();
      Value p[] = {Value{e.org}, Value{e.cursor}};
      ran = co_await tx.Execute(
          std::string("SELECT id, seq, type") + (filtered ? ", object" : "") +
              " FROM events WHERE org_id = $1 AND seq > $2 AND endpoint_id IS NULL ORDER BY seq LIMIT " +
              std::to_string(kFanOutBatch),
          p, [&](const Row& row) {
            ++rows;
            last = row.Int(1);
            if (e.wants.Wants(row.Text(2), filtered ? row.Text(3) : "{}")) wanted.push_back({row.Int(0), row.Int(1)});
          });
      if (!ran) co_return Fail(ran.error());
      constexpr size_t kChunk = 200, kWidth = 5;
      for (size_t start = 0; start < wanted.size(); start += kChunk) {
        size_t n = std::min(kChunk, wanted.size() - start);
        std::string sql = "INSERT INTO webhook_messages (org_id, endpoint_id, event_id, seq, next_attempt_at, status, "
                          "created_at) VALUES ";
        std::vector<Value> params;
        params.reserve(n * kWidth + 1);
        params.emplace_back(now_text);
        for (size_t k = 0; k < n; ++k) {
          sql += (k ? ", (" : "(") + Placeholders(2 + k * kWidth, kWidth) + ", 'pending', $1)";
          params.insert(params.end(), {Value{e.org}, Value{e.id}, Value{wanted[start + k].id},
                                       Value{wanted[start + k].seq}, Value{now}});
        }
        sql += " ON CONFLICT (endpoint_id, event_id) DO NOTHING";
        if (auto queued = co_await tx.Execute(sql, params); !queued) co_return Fail(queued.error());
      }
      // Fewer than a batch: every event up to the organization's number was seen.
      int64_t cursor = rows < kFanOutBatch ? std::max(last, e.org_seq) : last;
      Value c[] = {Value{e.id}, Value{cursor}};
      if (auto moved = co_await tx.Execute("UPDATE webhook_endpoints SET event_cursor = $2 WHERE id = $1", c); !moved)
        co_return Fail(moved.error());
    }
    co_return Result<void>{};
  }));
}

Result<std::vector<ClaimedMessage>> MessageStore::Claim(size_t room, int64_t lease_seconds, const Admit& admit) {
  std::vector<ClaimedMessage> claimed;
  if (room == 0) return claimed;
  auto due = Finds("SELECT 1 FROM webhook_messages WHERE (status = 'pending' AND next_attempt_at <= $1) OR "
                   "(status = 'delivering' AND claimed_until < $1) LIMIT 1");
  if (!due || !*due) return due ? Result<std::vector<ClaimedMessage>>{std::move(claimed)} : Fail(due.error());
  const bool pg = db_.dialect() == storage::Dialect::kPostgres;
  auto wrote = storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const int64_t now = NowUnixSeconds();
    std::vector<int64_t> ids;
    Value p[] = {Value{now}, Value{static_cast<int64_t>(room * 2)}};
    auto take = [&](const Row& row) {
      if (ids.size() < room && admit(row.Int(1), row.Int(2), row.Int(3))) ids.push_back(row.Int(0));
    };
    // Lapsed claims of a node that died first, then due messages: each one index range.
    const std::string common =
        " AND e.enabled = 1 AND e.paused_until <= $1 AND (e.ordered = 0 OR NOT EXISTS (SELECT 1 FROM "
        "webhook_messages o WHERE o.endpoint_id = m.endpoint_id AND o.status IN ('pending', 'delivering') AND "
        "o.seq < m.seq))";
    const std::string head = "SELECT m.id, m.endpoint_id, e.max_in_flight, e.rate_limit FROM webhook_messages m "
                             "JOIN webhook_endpoints e ON e.id = m.endpoint_id WHERE ";
    const std::string lock = pg ? " FOR UPDATE OF m SKIP LOCKED" : "";
    auto ran = co_await tx.Execute(head + "m.status = 'delivering' AND m.claimed_until < $1" + common +
                                       " ORDER BY m.claimed_until LIMIT $2" + lock,
                                   p, take);
    if (!ran) co_return Fail(ran.error());
    ran = co_await tx.Execute(head + "m.status = 'pending' AND m.next_attempt_at <= $1" + common +
                                  " ORDER BY m.next_attempt_at, m.id LIMIT $2" + lock,
                              p, take);
    if (!ran) co_return Fail(ran.error());
    if (ids.empty()) co_return Result<void>{};
    std::vector<Value> q{Value{now + lease_seconds}};
    for (int64_t id : ids) q.emplace_back(id);
    std::string in = Placeholders(2, ids.size());
    ran = co_await tx.Execute("UPDATE webhook_messages SET status = 'delivering', claimed_until = $1, attempts = "
                              "attempts + 1 WHERE id IN (" + in + ")", q);
    if (!ran) co_return Fail(ran.error());
    std::vector<Value> r(q.begin() + 1, q.end());
    std::map<int64_t, std::vector<std::string>> secrets;  // newest first; a rotated-out one until its overlap ends
    std::vector<Value> with_now = r;
    with_now.emplace_back(now);
    ran = co_await tx.Execute(
        "SELECT s.endpoint_id, s.sealed FROM webhook_secrets s WHERE s.endpoint_id IN (SELECT endpoint_id FROM "
        "webhook_messages WHERE id IN (" + Placeholders(1, ids.size()) + ")) AND (s.expires_at IS NULL OR "
        "s.expires_at > $" + std::to_string(ids.size() + 1) + ") ORDER BY s.id DESC",
        with_now, [&](const Row& row) {
          if (auto open = box_.Open(row.Text(1))) secrets[row.Int(0)].push_back(std::move(*open));
        });
    if (!ran) co_return Fail(ran.error());
    const int64_t timestamp = NowUnixSeconds();
    ran = co_await tx.Execute(
        "SELECT m.id, m.endpoint_id, m.org_id, m.attempts, e.url, e.headers, " +
            [] {
              std::string cols;
              for (std::string_view c : {"id", "seq", "type", "resource", "resource_id", "actor", "object", "changed",
                                         "created_at", "org_id"})
                cols += (cols.empty() ? "ev." : ", ev.") + std::string(c);
              return cols;
            }() +
            " FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id JOIN events ev ON ev.id = "
            "m.event_id WHERE m.id IN (" + Placeholders(1, ids.size()) + ")",
        r, [&](const Row& row) {
          ClaimedMessage& m = claimed.emplace_back();
          m.message_id = row.Int(0), m.endpoint_id = row.Int(1), m.org_id = row.Int(2), m.attempts = row.Int(3);
          m.url = std::string(row.Text(4));
          m.event_id = row.Int(6);
          JsonWriter body;
          WriteWebhookBody(row, body, 6);
          m.body = body.Take();
          std::string id = "evt_" + std::to_string(m.event_id);
          std::string signatures;
          for (const auto& secret : secrets[m.endpoint_id])
            if (auto sig = SignWebhook(secret, id, timestamp, m.body)) signatures += (signatures.empty() ? "" : " ") + *sig;
          m.headers = {"Content-Type: application/json", "webhook-id: " + id,
                       "webhook-timestamp: " + std::to_string(timestamp), "webhook-signature: " + signatures};
          for (auto& h : HeaderLines(row.Text(5))) m.headers.push_back(std::move(h));
        });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  }));
  if (!wrote) return Fail(wrote.error());
  return claimed;
}

Result<void> MessageStore::Record(const std::vector<DeliveryOutcome>& done) {
  return storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    const int64_t now = now_ms / 1000;
    const std::string now_text = NowRfc3339();
    // PostgreSQL: take the endpoints first, in id order, as a delete does before
    // it cascades to their messages; touching messages first (their attempts'
    // foreign keys then wait for the endpoint) deadlocks with a concurrent delete.
    if (db_.dialect() == storage::Dialect::kPostgres) {
      std::set<int64_t> endpoints;
      for (const DeliveryOutcome& o : done) endpoints.insert(o.endpoint_id);
      std::vector<Value> ids;
      for (int64_t id : endpoints) ids.emplace_back(id);
      if (auto locked = co_await tx.Execute("SELECT id FROM webhook_endpoints WHERE id IN (" +
                                                Placeholders(1, ids.size()) + ") ORDER BY id FOR NO KEY UPDATE",
                                            ids);
          !locked)
        co_return Fail(locked.error());
    }
    for (const DeliveryOutcome& o : done) {
      const DeliveryVerdict v = JudgeDelivery(o, now_ms, Jitter());
      const Value status_code = o.status ? Value{int64_t{o.status}} : Value{};
      Value m[] = {Value{o.message_id}, Value{v.status}, Value{v.next_attempt_at}, status_code};
      auto updated = co_await tx.Execute("UPDATE webhook_messages SET status = $2, next_attempt_at = $3, "
                                         "last_status_code = $4, claimed_until = 0 WHERE id = $1 AND status = 'delivering'",
                                         m);
      if (!updated) co_return Fail(updated.error());
      if (*updated == 0) continue;  // resent or deleted meanwhile: that newer state stands
      Value a[] = {Value{o.org_id}, Value{o.endpoint_id}, Value{o.message_id}, Value{o.event_id},
                   Value{std::string(v.succeeded ? "succeeded" : "failed")}, status_code, Value{o.duration_ms},
                   Value{o.response}, Value{o.error}, v.retries ? Value{v.next_attempt_at} : Value{}, Value{now_text}};
      if (auto logged = co_await tx.Execute(
              "INSERT INTO webhook_attempts (org_id, endpoint_id, message_id, event_id, outcome, status_code, "
              "duration_ms, response, error, next_retry_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
              "$10, $11)", a);
          !logged)
        co_return Fail(logged.error());
      if (v.succeeded) {
        Value e[] = {Value{o.endpoint_id}};
        if (auto r = co_await tx.Execute("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND "
                                         "failing_since IS NOT NULL", e); !r)
          co_return Fail(r.error());
        continue;
      }
      if (v.pause_until) {
        Value e[] = {Value{o.endpoint_id}, Value{*v.pause_until}};
        if (auto r = co_await tx.Execute("UPDATE webhook_endpoints SET paused_until = $2 WHERE id = $1 AND "
                                         "paused_until < $2", e); !r)
          co_return Fail(r.error());
      }
      // Failing since when? Five days without a success (or a 410) disables the endpoint.
      std::optional<int64_t> failing_since;
      std::string url;
      Value e[] = {Value{o.endpoint_id}, Value{now}};
      auto seen = co_await tx.Execute(
          "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 AND enabled = 1 "
          "RETURNING failing_since, url", e, [&](const Row& row) { failing_since = row.Int(0), url = row.Text(1); });
      if (!seen) co_return Fail(seen.error());
      if (!failing_since) continue;
      std::string reason = DisableReason(v, now, *failing_since);
      if (reason.empty()) continue;
      Value d[] = {Value{o.endpoint_id}, Value{reason}, Value{now_text}};
      if (auto r = co_await tx.Execute("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $2, updated_at = $3 "
                                       "WHERE id = $1", d); !r)
        co_return Fail(r.error());
      JsonWriter object;
      object.StartObject().Key("id").Int(o.endpoint_id).Key("url").String(url).Key("enabled").Bool(false);
      object.Key("disabled_reason").String(reason).EndObject();
      auto event = co_await AppendEvent(tx, db_.dialect(), o.org_id, "webhook_endpoint.disabled", "webhook_endpoints",
                                        o.endpoint_id, object.View());
      if (!event) co_return Fail(event.error());
      log::Warn("webhook endpoint disabled", {{"endpoint", std::to_string(o.endpoint_id)}, {"reason", reason}});
    }
    co_return Result<void>{};
  }));
}

}  // namespace supplyhub::features
