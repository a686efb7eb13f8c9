#include "features/webhooks/message_store.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "features/events/event_json.h"
#include "features/events/outbox.h"
#include "features/webhooks/delivery_budget.h"
#include "features/webhooks/endpoint_headers.h"
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


double Jitter() { return static_cast<double>(RandomPositiveInt64() % 2001) / 1000.0 - 1.0; }

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The claim's conditions, over endpoints `e` and messages `d`, with $1 = now.
constexpr const char* kDeliverable = "e.enabled = 1 AND e.deleted_at IS NULL AND e.paused_until <= $1";
constexpr const char* kPendingDue = "d.status = 'pending' AND d.next_attempt_at <= $1";
constexpr const char* kLapsed = "d.status = 'delivering' AND d.claimed_until < $1";  // its node died
constexpr const char* kInFlight =
    "(SELECT count(*) FROM webhook_messages f WHERE f.endpoint_id = e.id AND f.status = 'delivering' AND "
    "f.claimed_until >= $1)";
// Endpoints whose due messages one statement takes (SQLite: at most 500 terms in a compound SELECT).
constexpr size_t kEndpointsPerStatement = 100;
// A delivery is signed by the current secret and, until its overlap ends, the one it replaced.
constexpr size_t kSigningSecrets = 2;

// How many messages an endpoint may take now: its free slots, its due
// messages, the tokens left in its rate limit; one for an ordered endpoint.
int64_t Capacity(int64_t due, int64_t free_slots, int64_t rate_limit, int64_t rate_full_at_us, bool ordered,
                 int64_t now_us) {
  int64_t cap = std::min(free_slots, due);
  if (rate_limit > 0) cap = std::min(cap, DeliveryRate(rate_limit).Available(rate_full_at_us, now_us));
  if (ordered) cap = std::min<int64_t>(cap, 1);
  return std::max<int64_t>(0, cap);
}

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
  auto behind = Finds("SELECT 1 FROM webhook_endpoints e WHERE e.enabled = 1 AND e.deleted_at IS NULL AND $1 > 0 AND "
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
                    "WHERE e.enabled = 1 AND e.deleted_at IS NULL AND (SELECT max(seq) FROM events WHERE "
                    "org_id = e.org_id) > e.event_cursor ORDER BY e.id LIMIT 100") + (pg ? " FOR UPDATE OF e SKIP LOCKED" : ""),
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

Result<std::vector<ClaimedMessage>> MessageStore::Claim(size_t room, int64_t lease_seconds) {
  std::vector<ClaimedMessage> claimed;
  if (room == 0) return claimed;
  auto due = Finds("SELECT 1 FROM webhook_messages WHERE (status = 'pending' AND next_attempt_at <= $1) OR "
                   "(status = 'delivering' AND claimed_until < $1) LIMIT 1");
  if (!due || !*due) return due ? Result<std::vector<ClaimedMessage>>{std::move(claimed)} : Fail(due.error());
  auto candidates = Candidates(room, NowUnixSeconds());
  if (!candidates) return Fail(candidates.error());
  if (candidates->empty()) return claimed;  // an idle turn (a stuck backlog waits): the writer is not asked
  auto wrote = storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    co_return co_await Lease(tx, *candidates, room, lease_seconds, claimed);
  }));
  if (!wrote) return Fail(wrote.error());
  return claimed;
}

Result<std::vector<MessageStore::Candidate>> MessageStore::Candidates(size_t room, int64_t now) {
  // $1 now, endpoints with $2 < id <= $3, at most $4 of them; due messages counted up to $5.
  auto count = [](const char* which) {
    return std::string("(SELECT count(*) FROM (SELECT 1 FROM webhook_messages d WHERE d.endpoint_id = e.id AND ") +
           which + " LIMIT $5) AS x)";
  };
  const std::string sql =
      "SELECT e.id, " + count(kPendingDue) + ", " + count(kLapsed) + ", " + kInFlight +
      ", e.max_in_flight, e.rate_limit, e.rate_full_at_us, e.ordered FROM webhook_endpoints e WHERE " + kDeliverable +
      " AND e.id > $2 AND e.id <= $3 AND " + kInFlight + " < e.max_in_flight AND (EXISTS (SELECT 1 FROM "
      "webhook_messages d WHERE d.endpoint_id = e.id AND " + kPendingDue + ") OR EXISTS (SELECT 1 FROM "
      "webhook_messages d WHERE d.endpoint_id = e.id AND " + kLapsed + ")) ORDER BY e.id LIMIT $4";
  const int64_t now_us = NowMicros();
  std::vector<Candidate> out;
  size_t visited = 0;
  auto read = storage::BlockOn(db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    // From the rotating start to the last endpoint, then from the first up to the start.
    const std::pair<int64_t, int64_t> ranges[] = {{start_after_, std::numeric_limits<int64_t>::max()},
                                                  {0, start_after_}};
    for (const auto& [after, upto] : ranges) {
      if (visited >= room) break;
      Value p[] = {Value{now}, Value{after}, Value{upto}, Value{static_cast<int64_t>(room - visited)},
                   Value{static_cast<int64_t>(room)}};
      auto ran = co_await tx.Execute(sql, p, [&](const Row& row) {
        ++visited;
        Candidate c{row.Int(0), row.Int(1), row.Int(2)};
        const int64_t free_slots = row.Int(4) - row.Int(3);
        if (Capacity(c.pending + c.lapsed, free_slots, row.Int(5), row.Int(6), row.Int(7) != 0, now_us) > 0)
          out.push_back(c);
        // The next claim starts after the first endpoint seen (so the order
        // rotates by one), or after the last one when the room cut the list.
        if (visited == 1 || visited == room) start_after_ = row.Int(0);
      });
      if (!ran) co_return Fail(ran.error());
    }
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  return out;
}

Task<Result<void>> MessageStore::Lease(Transaction& tx, const std::vector<Candidate>& candidates, size_t room,
                                       int64_t lease_seconds, std::vector<ClaimedMessage>& claimed) {
  const bool pg = db_.dialect() == storage::Dialect::kPostgres;
  const int64_t now = NowUnixSeconds(), now_us = NowMicros();
  // The candidates as they are now, held: another node's claim skips them.
  struct Endpoint {
    int64_t max_in_flight = 0, rate_limit = 0, rate_full_at_us = 0, in_flight = 0;
    bool ordered = false;
  };
  std::map<int64_t, Endpoint> endpoints;
  std::vector<Value> p{Value{now}};
  for (const Candidate& c : candidates) p.emplace_back(c.id);
  const std::string in = " IN (" + Placeholders(2, candidates.size()) + ")";
  auto ran = co_await tx.Execute(
      "SELECT e.id, e.max_in_flight, e.rate_limit, e.rate_full_at_us, e.ordered FROM webhook_endpoints e WHERE e.id" +
          in + " AND " + kDeliverable + " ORDER BY e.id" + (pg ? " FOR NO KEY UPDATE SKIP LOCKED" : ""),
      p, [&](const Row& row) { endpoints[row.Int(0)] = {row.Int(1), row.Int(2), row.Int(3), 0, row.Int(4) != 0}; });
  if (!ran) co_return Fail(ran.error());
  // In flight, counted once they are held: every node's leases, not only ours.
  ran = co_await tx.Execute("SELECT endpoint_id, count(*) FROM webhook_messages WHERE endpoint_id" + in +
                                " AND status = 'delivering' AND claimed_until >= $1 GROUP BY endpoint_id",
                            p, [&](const Row& row) {
                              auto it = endpoints.find(row.Int(0));
                              if (it != endpoints.end()) it->second.in_flight = row.Int(1);
                            });
  if (!ran) co_return Fail(ran.error());
  std::vector<const Candidate*> held;
  std::vector<int64_t> capacity;
  for (const Candidate& c : candidates) {
    auto it = endpoints.find(c.id);
    if (it == endpoints.end()) continue;
    const Endpoint& e = it->second;
    held.push_back(&c);
    capacity.push_back(
        Capacity(c.pending + c.lapsed, e.max_in_flight - e.in_flight, e.rate_limit, e.rate_full_at_us, e.ordered, now_us));
  }
  const std::vector<int64_t> share = FairShares(static_cast<int64_t>(room), capacity);

  std::vector<int64_t> ids;
  std::map<int64_t, int64_t> taken;  // per endpoint
  const std::string lock = pg ? " FOR UPDATE SKIP LOCKED" : "";
  auto take = [&](const Row& row) {
    ids.push_back(row.Int(0));
    ++taken[row.Int(1)];
  };
  std::vector<std::pair<int64_t, int64_t>> pending;  // endpoint, how many of its due messages
  for (size_t i = 0; i < held.size(); ++i) {
    if (share[i] == 0) continue;
    const int64_t id = held[i]->id;
    Value q[] = {Value{id}, Value{now}, Value{share[i]}};
    if (endpoints[id].ordered) {
      // Only its first unfinished message (by seq) may go: if it is due, or a lapsed lease.
      ran = co_await tx.Execute(
          "SELECT id, endpoint_id FROM (SELECT * FROM (SELECT id, endpoint_id, seq, status, next_attempt_at, "
          "claimed_until FROM webhook_messages WHERE endpoint_id = $1 AND status = 'delivering' ORDER BY seq LIMIT 1) "
          "AS d UNION ALL SELECT * FROM (SELECT id, endpoint_id, seq, status, next_attempt_at, claimed_until FROM "
          "webhook_messages WHERE endpoint_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1) AS p ORDER BY seq "
          "LIMIT 1) AS first WHERE (status = 'pending' AND next_attempt_at <= $2) OR (status = 'delivering' AND "
          "claimed_until < $2)",
          std::span<const Value>(q, 2), take);
      if (!ran) co_return Fail(ran.error());
      continue;
    }
    int64_t left = share[i];
    if (held[i]->lapsed > 0) {  // leases of a node that died go first
      ran = co_await tx.Execute("SELECT id, endpoint_id FROM webhook_messages WHERE endpoint_id = $1 AND status = "
                                "'delivering' AND claimed_until < $2 ORDER BY claimed_until, id LIMIT $3" + lock,
                                q, take);
      if (!ran) co_return Fail(ran.error());
      left -= taken[id];
    }
    if (left > 0) pending.emplace_back(id, left);
  }
  // Due messages of many endpoints in one statement: per endpoint, its oldest, as many as its share.
  for (size_t start = 0; start < pending.size(); start += kEndpointsPerStatement) {
    const size_t n = std::min(kEndpointsPerStatement, pending.size() - start);
    std::vector<Value> r{Value{now}};
    std::string sql;
    for (size_t k = 0; k < n; ++k) {
      r.emplace_back(pending[start + k].first);
      r.emplace_back(pending[start + k].second);
      sql += std::string(k ? " UNION ALL " : "") + "SELECT * FROM (SELECT id, endpoint_id FROM webhook_messages WHERE "
             "endpoint_id = $" + std::to_string(r.size() - 1) + " AND status = 'pending' AND next_attempt_at <= $1 "
             "ORDER BY next_attempt_at, id LIMIT $" + std::to_string(r.size()) + lock + ") AS t" + std::to_string(k);
    }
    ran = co_await tx.Execute(sql, r, take);
    if (!ran) co_return Fail(ran.error());
  }
  if (ids.empty()) co_return Result<void>{};

  std::vector<Value> u{Value{now + lease_seconds}};
  for (int64_t id : ids) u.emplace_back(id);
  ran = co_await tx.Execute("UPDATE webhook_messages SET status = 'delivering', claimed_until = $1, attempts = "
                            "attempts + 1 WHERE id IN (" + Placeholders(2, ids.size()) + ")", u);
  if (!ran) co_return Fail(ran.error());
  for (const auto& [id, n] : taken) {  // rate limits spend their tokens
    const Endpoint& e = endpoints[id];
    if (e.rate_limit <= 0) continue;
    Value b[] = {Value{id}, Value{DeliveryRate(e.rate_limit).Take(e.rate_full_at_us, now_us, n)}};
    ran = co_await tx.Execute("UPDATE webhook_endpoints SET rate_full_at_us = $2 WHERE id = $1", b);
    if (!ran) co_return Fail(ran.error());
  }
  co_return co_await Load(tx, ids, now, claimed);
}

Task<Result<void>> MessageStore::Load(Transaction& tx, const std::vector<int64_t>& ids, int64_t now,
                                      std::vector<ClaimedMessage>& claimed) {
  std::vector<Value> r;
  for (int64_t id : ids) r.emplace_back(id);
  // Newest first: the current secret and the one it replaced, until its overlap ends.
  std::map<int64_t, std::vector<std::string>> secrets;
  std::vector<Value> with_now = r;
  with_now.emplace_back(now);
  auto ran = co_await tx.Execute(
      "SELECT s.endpoint_id, s.sealed FROM webhook_secrets s WHERE s.endpoint_id IN (SELECT endpoint_id FROM "
      "webhook_messages WHERE id IN (" + Placeholders(1, ids.size()) + ")) AND (s.expires_at IS NULL OR "
      "s.expires_at > $" + std::to_string(ids.size() + 1) + ") ORDER BY s.id DESC",
      with_now, [&](const Row& row) {
        auto& of = secrets[row.Int(0)];
        if (of.size() < kSigningSecrets)
          if (auto open = box_.Open(row.Text(1))) of.push_back(std::move(*open));
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
          if (auto sig = SignWebhook(secret, id, timestamp, m.body))
            signatures += (signatures.empty() ? "" : " ") + *sig;
        m.headers = {"Content-Type: application/json", "webhook-id: " + id,
                     "webhook-timestamp: " + std::to_string(timestamp), "webhook-signature: " + signatures};
        for (auto& h : OpenHeaderLines(row.Text(5), box_)) m.headers.push_back(std::move(h));
      });
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
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
          "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 AND enabled = 1 AND "
          "deleted_at IS NULL "
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
