#pragma once
// One non-blocking libpq connection in pipeline mode. Statements are prepared
// once per connection (named by their text and parameter types; at most
// kStatementCacheCapacity, the least recently used deallocated) and sent with
// whatever must precede them (BEGIN, DEALLOCATE, PREPARE) in one round trip.
// While the calling thread has an event loop, the socket is awaited on it;
// elsewhere (CLI, start-up) a wait is a plain poll().
#include <libpq-fe.h>

#include <array>
#include <memory>
#include <vector>
#include <string>

#include "core/executor.h"
#include "storage/database.h"
#include "storage/statement_cache.h"

namespace supplyhub::storage {

class PgConnection final : public Transaction {
 public:
  static Task<Result<std::unique_ptr<PgConnection>>> Connect(std::string conninfo);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Task<Result<int64_t>> Execute(std::string_view sql, std::span<const Value> params,
                                const RowVisitor& on_row = {}) override;

  // Opens a transaction with `begin_sql`, sent together with the first
  // statement; a transaction that runs no statement costs nothing.
  // With `guard_statements`, each modifying statement runs in a savepoint
  // (pipelined with it) so that its failure leaves the transaction usable.
  void BeginLazily(const char* begin_sql, bool guard_statements) {
    pending_begin_ = begin_sql;
    guard_statements_ = guard_statements;
  }
  // Ends the transaction, if one was opened. With `wait` false the COMMIT or
  // ROLLBACK is sent without waiting: its result is read (and dropped) before
  // the next statement's, so a read costs one round trip.
  Task<Result<void>> End(bool commit, bool wait);
  bool Broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }
  PGconn* handle() const { return conn_; }
  size_t CachedStatements() const { return prepared_.size(); }

 private:
  explicit PgConnection(PGconn* conn);
  void WatchSocket();
  Task<Result<void>> WaitFor(bool writable);
  Task<Result<void>> Flush();
  Task<Result<PGresult*>> NextResult();  // next result of the pipeline, nullptr between commands
  Task<Result<void>> SkipCommands(int commands);  // reads and drops their results
  Task<Result<void>> DrainDeferred();
  Task<Result<void>> ReadSync();
  Error Failed(std::string what);

  PGconn* conn_;
  std::unique_ptr<FdWatch> watch_;  // nullptr: wait with poll()
  int watched_fd_ = -1;
  StatementCache<std::string> prepared_;  // text + types -> statement name
  // "DEALLOCATE sN" of evicted statements the server still has. It goes out
  // with the next statement; a failed transaction refuses it, so it waits.
  std::vector<std::string> deallocations_;
  const char* pending_begin_ = nullptr;
  bool guard_statements_ = false;
  bool in_transaction_ = false;
  uint64_t statements_named_ = 0;
  int deferred_syncs_ = 0;
  std::string key_;  // scratch for Execute (one statement at a time per connection)
  std::vector<unsigned> types_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<std::array<char, 32>> numbers_;
  bool broken_ = false;
};

// Maps a failed result to our error kinds (unique violation -> kConflict
// "unique:<column>", lost connection -> kUnavailable, ...).
Error PgErrorFrom(const PGresult* result, PGconn* conn);

}  // namespace supplyhub::storage
