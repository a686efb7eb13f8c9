#include "features/webhooks/delivery.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>
#include <vector>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "features/events/event_json.h"
#include "features/events/outbox.h"
#include "features/webhooks/destination.h"
#include "features/webhooks/retry_schedule.h"
#include "features/webhooks/signature.h"
#include "features/webhooks/subscription.h"
#include "storage/block_on.h"

namespace supplyhub::features {
namespace {

using storage::Row;
using storage::Transaction;
using storage::Value;

constexpr size_t kResponseExcerpt = 1024;
constexpr int64_t kFanOutBatch = 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string Placeholders(size_t first, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

// A response excerpt safe to store and show: printable ASCII, the rest as '?'.
std::string Printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 ? c != '\n' && c != '\t' : static_cast<unsigned char>(c) > 0x7e) c = '?';
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

struct WebhookDelivery::Transfer {
  int64_t message_id = 0, endpoint_id = 0, org_id = 0, event_id = 0, attempts = 0;
  std::string url, body, response;
  curl_slist* headers = nullptr;
  std::optional<int64_t> retry_after;
  bool allow_private = false, refused = false;
  int64_t started_ms = 0;
  char error[CURL_ERROR_SIZE] = {};
  ~Transfer() { curl_slist_free_all(headers); }
};

struct WebhookDelivery::Outcome {
  int64_t message_id = 0, endpoint_id = 0, org_id = 0, event_id = 0, attempts = 0;
  long status = 0;  // 0: no HTTP answer
  int64_t duration_ms = 0;
  std::string response, error;
  std::optional<int64_t> retry_after;
};

namespace {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* response = static_cast<std::string*>(user);
  size_t bytes = size * n;
  if (response->size() < kResponseExcerpt) response->append(data, std::min(bytes, kResponseExcerpt - response->size()));
  return bytes;  // the rest is read and dropped
}

}  // namespace

// The SSRF guard on the address curl is about to connect to (after DNS, per connection).
static curl_socket_t OpenCheckedSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<WebhookDelivery::Transfer*>(user);
  if (!t->allow_private && !IsPublicAddress(&address->addr)) {
    t->refused = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<WebhookDelivery::Transfer*>(user);
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0)
    t->retry_after = ParseRetryAfter(line.substr(kName.size()), NowUnixSeconds());
  return size * n;
}

WebhookDelivery::WebhookDelivery(storage::Database& db, const SecretBox& box, DeliverySettings settings)
    : db_(db), box_(box), settings_(std::move(settings)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi_ = curl_multi_init();
}

WebhookDelivery::~WebhookDelivery() {
  Stop();
  for (auto& [easy, t] : running_) {
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), static_cast<CURL*>(easy));
    curl_easy_cleanup(static_cast<CURL*>(easy));
  }
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void WebhookDelivery::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void WebhookDelivery::Stop() {
  stopping_ = true;
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  if (thread_.joinable()) thread_.join();
}

void WebhookDelivery::Wake() {
  woken_ = true;
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void WebhookDelivery::Loop() {
  // Database work is batched: a fan-out, a claim or a record is one write
  // transaction (on SQLite's one writer, shared with every request), so each
  // runs for many deliveries at once and at most every kTurnMs.
  constexpr int64_t kTurnMs = 5;
  constexpr size_t kRecordBatch = 256;
  int64_t last_look = 0, last_turn = 0, first_done = 0;
  bool backlog = true;  // due messages may be waiting (after a fan-out, a full claim, freed capacity)
  std::vector<Outcome> done;
  while (!stopping_) {
    int64_t now = NowMs();
    if (now - last_turn >= kTurnMs) {
      last_turn = now;
      if (woken_.exchange(false) || now - last_look >= settings_.poll_ms) {
        last_look = now;
        backlog = true;  // retries fall due with time
        if (auto fanned = FanOut(); !fanned) log::Error("webhook fan-out failed", {{"error", fanned.error().message}});
      }
      if (backlog) {
        auto claimed = Claim();
        if (!claimed) log::Error("webhook claim failed", {{"error", claimed.error().message}});
        backlog = claimed && *claimed > 0;
      }
    }
    int still_running = 0;
    curl_multi_perform(static_cast<CURLM*>(multi_), &still_running);
    Collect(done);
    if (!done.empty() && first_done == 0) first_done = now;
    if (done.size() >= kRecordBatch || (!done.empty() && (running_.empty() || now - first_done >= kTurnMs))) {
      if (auto recorded = Record(done); !recorded)
        log::Error("webhook outcomes not recorded (their leases lapse and they are sent again)",
                   {{"error", recorded.error().message}});
      done.clear();
      first_done = 0;
      backlog = true;  // capacity freed
      continue;
    }
    int wait_ms = backlog || !done.empty() ? static_cast<int>(kTurnMs) : settings_.poll_ms / 2;
    curl_multi_poll(static_cast<CURLM*>(multi_), nullptr, 0, wait_ms, nullptr);
  }
}

// Whether `sql` (with $1 = now) finds a row: a read, so an idle turn costs the
// one writer nothing.
Result<bool> WebhookDelivery::Finds(const std::string& sql) {
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

Result<void> WebhookDelivery::FanOut() {
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

bool WebhookDelivery::TakeRateToken(int64_t endpoint, int64_t per_second) {
  if (per_second <= 0) return true;
  Bucket& b = buckets_[endpoint];
  int64_t now = NowMs();
  if (b.last_ms == 0) b.tokens = static_cast<double>(per_second);
  b.tokens = std::min(static_cast<double>(per_second), b.tokens + static_cast<double>(now - b.last_ms) * per_second / 1000.0);
  b.last_ms = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

Result<size_t> WebhookDelivery::Claim() {
  size_t room = settings_.max_in_flight > running_.size() ? settings_.max_in_flight - running_.size() : 0;
  if (room == 0) return size_t{0};
  auto due = Finds("SELECT 1 FROM webhook_messages WHERE (status = 'pending' AND next_attempt_at <= $1) OR "
                   "(status = 'delivering' AND claimed_until < $1) LIMIT 1");
  if (!due || !*due) return due ? Result<size_t>{size_t{0}} : Fail(due.error());
  const bool pg = db_.dialect() == storage::Dialect::kPostgres;
  std::vector<std::unique_ptr<Transfer>> claimed;
  auto wrote = storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const int64_t now = NowUnixSeconds();
    std::vector<int64_t> ids;
    std::map<int64_t, size_t> taking;  // per endpoint, this turn
    Value p[] = {Value{now}, Value{static_cast<int64_t>(room * 2)}};
    auto take = [&](const Row& row) {
      int64_t endpoint = row.Int(1);
      if (ids.size() >= room) return;
      if (in_flight_[endpoint] + taking[endpoint] >= static_cast<size_t>(row.Int(2))) return;
      if (!TakeRateToken(endpoint, row.Int(3))) return;
      ++taking[endpoint];
      ids.push_back(row.Int(0));
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
    std::vector<Value> q{Value{now + settings_.timeout_seconds + 5}};
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
          auto t = std::make_unique<Transfer>();
          t->message_id = row.Int(0), t->endpoint_id = row.Int(1), t->org_id = row.Int(2), t->attempts = row.Int(3);
          t->url = std::string(row.Text(4));
          t->event_id = row.Int(6);
          JsonWriter body;
          WriteWebhookBody(row, body, 6);
          t->body = body.Take();
          std::string id = "evt_" + std::to_string(t->event_id);
          std::string signatures;
          for (const auto& secret : secrets[t->endpoint_id])
            if (auto sig = SignWebhook(secret, id, timestamp, t->body)) signatures += (signatures.empty() ? "" : " ") + *sig;
          auto add = [&t](const std::string& h) { t->headers = curl_slist_append(t->headers, h.c_str()); };
          add("Content-Type: application/json");
          add("webhook-id: " + id);
          add("webhook-timestamp: " + std::to_string(timestamp));
          add("webhook-signature: " + signatures);
          add("Expect:");  // no 100-continue round trip
          for (const auto& h : HeaderLines(row.Text(5))) add(h);
          t->allow_private = settings_.allow_private;
          claimed.push_back(std::move(t));
        });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  }));
  if (!wrote) return Fail(wrote.error());
  size_t n = claimed.size();
  for (auto& t : claimed) Send(std::move(t));
  return n;
}

void WebhookDelivery::Send(std::unique_ptr<Transfer> t) {
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, t->url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PROXY, "");  // never via a proxy: the guard checks the real destination
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, t->body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "Supplyhub-Webhooks/1");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout_seconds));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<int64_t>(10, settings_.timeout_seconds)));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t->response);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
  if (!settings_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_file.c_str());
  t->started_ms = NowMs();
  ++in_flight_[t->endpoint_id];
  curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
  running_[easy] = std::move(t);
}

void WebhookDelivery::Collect(std::vector<Outcome>& done) {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(static_cast<CURLM*>(multi_), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    auto it = running_.find(easy);
    if (it == running_.end()) continue;
    Transfer& t = *it->second;
    Outcome o{t.message_id, t.endpoint_id, t.org_id, t.event_id, t.attempts, 0, NowMs() - t.started_ms,
              Printable(t.response), {}, t.retry_after};
    if (msg->data.result == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &o.status);
    else if (t.refused) o.error = "refused: the destination resolved to a private or internal address";
    else o.error = std::string(curl_easy_strerror(msg->data.result)) + (t.error[0] ? std::string(": ") + t.error : "");
    if (--in_flight_[t.endpoint_id] == 0) in_flight_.erase(t.endpoint_id);
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), easy);
    curl_easy_cleanup(easy);
    running_.erase(it);
    done.push_back(std::move(o));
  }
}

Result<void> WebhookDelivery::Record(std::vector<Outcome>& done) {
  return storage::BlockOn(db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const int64_t now = NowUnixSeconds();
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string now_text = NowRfc3339();
    // PostgreSQL: take the endpoints first, in id order, as a delete does before
    // it cascades to their messages; touching messages first (their attempts'
    // foreign keys then wait for the endpoint) deadlocks with a concurrent delete.
    if (db_.dialect() == storage::Dialect::kPostgres) {
      std::set<int64_t> endpoints;
      for (const Outcome& o : done) endpoints.insert(o.endpoint_id);
      std::vector<Value> ids;
      for (int64_t id : endpoints) ids.emplace_back(id);
      if (auto locked = co_await tx.Execute("SELECT id FROM webhook_endpoints WHERE id IN (" +
                                                Placeholders(1, ids.size()) + ") ORDER BY id FOR NO KEY UPDATE",
                                            ids);
          !locked)
        co_return Fail(locked.error());
    }
    for (const Outcome& o : done) {
      const bool ok = o.status >= 200 && o.status < 300;
      const bool gone = o.status == 410;
      std::optional<int64_t> delay_ms = ok || gone ? std::nullopt : RetryDelay(o.attempts, o.retry_after, Jitter());
      // Due at the first whole second at least the delay away (claims compare whole seconds).
      std::optional<int64_t> retry;
      if (delay_ms) retry = (now_ms + *delay_ms + 999) / 1000 - now;
      std::string status = ok ? "succeeded" : retry ? "pending" : "failed";
      Value m[] = {Value{o.message_id}, Value{status}, Value{retry ? now + *retry : now},
                   o.status ? Value{int64_t{o.status}} : Value{}};
      auto updated = co_await tx.Execute("UPDATE webhook_messages SET status = $2, next_attempt_at = $3, "
                                         "last_status_code = $4, claimed_until = 0 WHERE id = $1 AND status = 'delivering'",
                                         m);
      if (!updated) co_return Fail(updated.error());
      if (*updated == 0) continue;  // resent or deleted meanwhile: that newer state stands
      Value a[] = {Value{o.org_id}, Value{o.endpoint_id}, Value{o.message_id}, Value{o.event_id},
                   Value{std::string(ok ? "succeeded" : "failed")}, o.status ? Value{int64_t{o.status}} : Value{},
                   Value{o.duration_ms}, Value{o.response}, Value{o.error}, retry ? Value{now + *retry} : Value{},
                   Value{now_text}};
      if (auto logged = co_await tx.Execute(
              "INSERT INTO webhook_attempts (org_id, endpoint_id, message_id, event_id, outcome, status_code, "
              "duration_ms, response, error, next_retry_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
              "$10, $11)", a);
          !logged)
        co_return Fail(logged.error());
      if (ok) {
        Value e[] = {Value{o.endpoint_id}};
        if (auto r = co_await tx.Execute("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND "
                                         "failing_since IS NOT NULL", e); !r)
          co_return Fail(r.error());
        continue;
      }
      if (SlowsDown(static_cast<int>(o.status))) {
        Value e[] = {Value{o.endpoint_id}, Value{now + std::clamp<int64_t>(o.retry_after.value_or(5), 1, kMaxRetryAfter)}};
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
      if (!failing_since || (!gone && now - *failing_since < kDisableAfterFailingSeconds)) continue;
      std::string reason = gone ? "the endpoint answered 410 Gone" : "no successful delivery for 5 days";
      Value d[] = {Value{o.endpoint_id}, Value{reason}, Value{now_text}};
      if (auto r = co_await tx.Execute("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $2, updated_at = $3 "
                                       "WHERE id = $1", d); !r)
        co_return Fail(r.error());
      JsonWriter object;
      object.StartObject().Key("id").Int(o.endpoint_id).Key("url").String(url).Key("enabled").Bool(false);
      object.Key("disabled_reason").String(reason).EndObject();
      auto event = co_await AppendEvent(tx, db_.dialect(), o.org_id, "webhook_endpoint.disabled", "webhook_endpoints", o.endpoint_id,
                                        object.View());
      if (!event) co_return Fail(event.error());
      log::Warn("webhook endpoint disabled", {{"endpoint", std::to_string(o.endpoint_id)}, {"reason", reason}});
    }
    co_return Result<void>{};
  }));
}

}  // namespace supplyhub::features
