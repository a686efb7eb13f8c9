#include "features/resources/idempotency.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/hash.h"
#include "core/log.h"

namespace supplyhub::features {

using storage::Transaction;
using storage::Value;

void MarkReplayed(http::Response& response) { response.AddHeader("Idempotent-Replayed", "true"); }

Result<std::string> IdempotencyStore::ParseKey(std::string_view v) {
  auto bad = [](const std::string& why) {
    return Fail(ErrorCode::kBadRequest, "Idempotency-Key " + why + ": send 1 to " +
                                            std::to_string(kMaxIdempotencyKeyLength) +
                                            " visible ASCII characters (a UUID is a good key), bare or in quotes");
  };
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::string key;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {  // an sf-string: \" and \\ escaped
    for (size_t i = 1; i + 1 < v.size(); ++i) {
      char c = v[i];
      if (c == '\\') {
        if (i + 2 >= v.size() || (v[i + 1] != '"' && v[i + 1] != '\\')) return bad("has a bad escape");
        c = v[++i];
      } else if (c == '"') {
        return bad("has an unescaped quote");
      }
      key += c;
    }
  } else {
    key = std::string(v);
  }
  if (key.empty()) return bad("is empty");
  if (key.size() > kMaxIdempotencyKeyLength)
    return bad("is " + std::to_string(key.size()) + " characters long");
  for (char c : key)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      return bad("has a character that is not visible ASCII");
  return key;
}

std::string IdempotencyStore::Fingerprint(const http::Request& r) {
  // One route under each of its prefixes: /api/v1/x and seed 003's root alias /x are /v1/x.
  std::string_view path = r.path;
  if (path.substr(0, 4) == "/api") path.remove_prefix(4);
  const bool root_alias = path.substr(0, 4) != "/v1/";
  std::string text;
  text.reserve(r.method.size() + path.size() + r.query.size() + r.body.size() + 6);
  text.append(r.method).append(" ").append(root_alias ? "/v1" : "").append(path).append("?").append(r.query).append("\n").append(r.body);
  return Sha256Hex(text);
}

std::string IdempotencyStore::Slot(const KeyScope& s, const std::string& key) {
  return std::to_string(s.org) + ":" + std::to_string(s.user) + ":" + std::to_string(s.family) + ":" + key;
}

int64_t IdempotencyStore::Now() const { return NowUnixSeconds() + clock_offset_.load(); }

IdempotencyStore::Claim::~Claim() {
  if (!store_) return;
  std::lock_guard lock(store_->mutex_);
  store_->running_.erase(slot_);
}

Result<IdempotencyStore::Claim> IdempotencyStore::Begin(const KeyScope& scope, const std::string& key,
                                                        const std::string& fingerprint) {
  std::string slot = Slot(scope, key);
  std::lock_guard lock(mutex_);
  auto [it, fresh] = running_.emplace(slot, fingerprint);
  if (!fresh) {
    if (it->second != fingerprint)
      return Fail(ErrorCode::kIdempotencyKeyReused,
                  "Idempotency-Key is in use by a different request (method, path or body); use a new key");
    return Fail(ErrorCode::kIdempotencyKeyInFlight,
                "A request with this Idempotency-Key is still being processed; retry once it has been answered");
  }
  return Claim(this, std::move(slot));
}

size_t IdempotencyStore::InFlight() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

namespace {

std::string PackHeaders(const http::Response& r) {
  std::string out;
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\n";
  return out;
}

void UnpackHeaders(std::string_view text, http::Response& r) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    size_t colon = line.find(": ");
    if (colon != std::string_view::npos) r.AddHeader(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

Task<Result<std::optional<http::Response>>> IdempotencyStore::Replay(const KeyScope& scope, const std::string& key,
                                                                     const std::string& fingerprint) {
  std::optional<http::Response> stored;
  std::string request_hash;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{scope.org}, Value{scope.user}, Value{scope.family}, Value{key}, Value{Now()}};
    auto ran = co_await tx.Execute(
        "SELECT request_hash, status, headers, body FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 "
        "AND token_family = $3 AND idempotency_key = $4 AND expires_at > $5",
        p, [&](const storage::Row& row) {
          request_hash = std::string(row.Text(0));
          stored.emplace();
          stored->status = static_cast<int>(row.Int(1));
          UnpackHeaders(row.Text(2), *stored);
          stored->body = std::string(row.Text(3));
        });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!stored) co_return std::optional<http::Response>{};
  if (request_hash != fingerprint)
    co_return Fail(ErrorCode::kIdempotencyKeyReused,
                   "This Idempotency-Key was used in the last 24 h for a different request (method, path or body); "
                   "use a new key for a new request");
  MarkReplayed(*stored);
  co_return stored;
}

Task<Result<void>> IdempotencyStore::Recorder::Before(Transaction& tx) {
  if (store_.db_.dialect() != storage::Dialect::kPostgres) co_return Result<void>{};  // one writer: nothing concurrent
  // Held until this transaction ends: another node's transaction with the same key is told so at once.
  Value p[] = {Value{static_cast<int64_t>(Hash64("idempotency:" + Slot(scope_, key_)))}};
  bool locked = false;
  auto ran = co_await tx.Execute("SELECT CASE WHEN pg_try_advisory_xact_lock($1) THEN 1 ELSE 0 END", p,
                                 [&](const storage::Row& row) { locked = row.Int(0) == 1; });
  if (!ran) co_return Fail(ran.error());
  if (!locked)
    co_return Fail(ErrorCode::kIdempotencyKeyInFlight,
                   "A request with this Idempotency-Key is still being processed; retry once it has been answered");
  co_return Result<void>{};
}

Task<Result<void>> IdempotencyStore::Recorder::After(Transaction& tx, std::string_view data) {
  if (!answer) co_return Fail(ErrorCode::kInternal, "idempotency: the handler did not say how it answers");
  http::Response response = answer(data);
  int64_t now = store_.Now();
  Value p[] = {Value{scope_.org},         Value{scope_.user},          Value{scope_.family},
               Value{key_},               Value{fingerprint_},         Value{int64_t{response.status}},
               Value{PackHeaders(response)}, Value{std::move(response.body)}, Value{now + kIdempotencyKeySeconds},
               Value{now}};
  // An expired key not yet purged is taken over; a live one means another
  // request with the key committed first: this write rolls back and replays it.
  auto ran = co_await tx.Execute(
      "INSERT INTO idempotency_keys (org_id, user_id, token_family, idempotency_key, request_hash, status, headers, "
      "body, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "ON CONFLICT (org_id, user_id, token_family, idempotency_key) DO UPDATE SET request_hash = excluded.request_hash, "
      "status = excluded.status, headers = excluded.headers, body = excluded.body, expires_at = excluded.expires_at "
      "WHERE idempotency_keys.expires_at <= $10",
      p);
  if (!ran) co_return Fail(ran.error());
  if (*ran == 0) {
    raced_ = true;
    co_return Fail(ErrorCode::kIdempotencyKeyReused, "This Idempotency-Key was used by a request answered meanwhile");
  }
  co_return Result<void>{};
}

Task<Result<int64_t>> IdempotencyStore::PurgeExpired() {
  int64_t removed = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{Now()}};
    auto ran = co_await tx.Execute("DELETE FROM idempotency_keys WHERE expires_at <= $1", p);
    if (!ran) co_return Fail(ran.error());
    removed = *ran;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  if (removed) log::Info("expired idempotency keys purged", {{"rows", std::to_string(removed)}});
  co_return removed;
}

}  // namespace supplyhub::features
