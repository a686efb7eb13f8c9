#pragma once
// Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header). The
// first answer to a keyed request is stored for 24 h and replayed, with
// Idempotent-Replayed: true, to the same request with the same key; the same
// key on a different request (method, path, query, body) is a 422; while the
// first is still running, a 409. Keys are scoped by organization and caller
// (user and token family: a refreshed token keeps its family, another token or
// user has its own keys).
//
// The answer is recorded by a WriteHook inside the write's own transaction,
// so a change is never committed without its key or a key without its change,
// and every node sharing the database sees it. Only answers of committed
// writes are stored: a 4xx or 5xx changed nothing, and a retry runs afresh.
// Running requests are known per node (Claim); on PostgreSQL a transaction-
// scoped advisory lock per key also turns a concurrent transaction with the
// same key on another node into a 409, and the primary key decides the rest.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "features/resources/resource_service.h"
#include "http/request.h"
#include "storage/database.h"

namespace supplyhub::features {

inline constexpr size_t kMaxIdempotencyKeyLength = 255;
inline constexpr int64_t kIdempotencyKeySeconds = 24 * 3600;

// Marks an answer as a replay of an earlier one (also stock operations'
// idempotency_key field).
void MarkReplayed(http::Response& response);

// Whose key it is.
struct KeyScope {
  int64_t org = 0;
  int64_t user = 0;
  int64_t family = 0;  // the token's family (tokens issued together, refreshes)
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(storage::Database& db) : db_(db) {}

  // The key an Idempotency-Key header names: a token, or a quoted string
  // (RFC 8941), of 1 to 255 visible ASCII characters; else a 400.
  static Result<std::string> ParseKey(std::string_view header);
  // What makes a request the same request: SHA-256 of its method, path
  // (without the /api alias), query and body.
  static std::string Fingerprint(const http::Request& request);

  // A key in use by a running request on this node, released when destroyed.
  class Claim {
   public:
    Claim(IdempotencyStore* store, std::string slot) : store_(store), slot_(std::move(slot)) {}
    Claim(Claim&& other) noexcept : store_(std::exchange(other.store_, nullptr)), slot_(std::move(other.slot_)) {}
    Claim& operator=(Claim&&) = delete;
    ~Claim();

   private:
    IdempotencyStore* store_;
    std::string slot_;
  };
  // Claims the key for a request: 409 while another request with it runs on
  // this node (422 when that request is a different one).
  Result<Claim> Begin(const KeyScope& scope, const std::string& key, const std::string& fingerprint);
  size_t InFlight() const;

  // The stored answer to a key, if any: replayed when `fingerprint` is the
  // same request, else a 422.
  Task<Result<std::optional<http::Response>>> Replay(const KeyScope& scope, const std::string& key,
                                                     const std::string& fingerprint);

  // Records a keyed write's answer in the write's transaction.
  class Recorder : public WriteHook {
   public:
    Recorder(IdempotencyStore& store, KeyScope scope, std::string key, std::string fingerprint)
        : store_(store), scope_(scope), key_(std::move(key)), fingerprint_(std::move(fingerprint)) {}
    // How the handler answers the write's JSON (the very answer it sends).
    std::function<http::Response(std::string_view data)> answer;
    Task<Result<void>> Before(storage::Transaction& tx) override;
    Task<Result<void>> After(storage::Transaction& tx, std::string_view data) override;
    // Another request with the key committed between Replay and this write.
    bool raced() const { return raced_; }

   private:
    IdempotencyStore& store_;
    KeyScope scope_;
    std::string key_, fingerprint_;
    bool raced_ = false;
  };

  // Deletes expired keys (the idempotency.purge job); returns how many.
  Task<Result<int64_t>> PurgeExpired();

  int64_t Now() const;
  // Tests move the store's clock (expiry) without waiting a day.
  void AdvanceClockForTests(int64_t seconds) { clock_offset_ += seconds; }

 private:
  static std::string Slot(const KeyScope& scope, const std::string& key);

  storage::Database& db_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> running_;  // slot -> fingerprint
  std::atomic<int64_t> clock_offset_{0};
};

}  // namespace supplyhub::features
