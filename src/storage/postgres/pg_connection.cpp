#include "storage/postgres/pg_connection.h"

#include <poll.h>

#include <array>
#include <charconv>
#include <coroutine>
#include <cstdlib>
#include <vector>

namespace supplyhub::storage {
namespace {

constexpr unsigned kInt8Oid = 20;
constexpr unsigned kFloat8Oid = 701;

struct ReadyAwaiter {
  FdWatch* watch;
  bool writable;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    auto resume = [h] { h.resume(); };
    if (writable) watch->AwaitWritable(resume);
    else watch->AwaitReadable(resume);
  }
  void await_resume() const noexcept {}
};

// Frees a PGresult when it goes out of scope.
struct ResultPtr {
  PGresult* r = nullptr;
  ~ResultPtr() { PQclear(r); }
};

// Text-format values of one row of a result.
class PgRow final : public Row {
 public:
  PgRow(const PGresult* r, int row) : r_(r), row_(row) {}
  int ColumnCount() const override { return PQnfields(r_); }
  std::string_view ColumnName(int c) const override { return PQfname(r_, c); }
  bool IsNull(int c) const override { return PQgetisnull(r_, row_, c); }
  int64_t Int(int c) const override {
    std::string_view t = Text(c);
    if (t == "t") return 1;  // booleans of expressions like EXISTS(...)
    int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  }
  double Double(int c) const override { return std::strtod(PQgetvalue(r_, row_, c), nullptr); }
  std::string_view Text(int c) const override {
    return {PQgetvalue(r_, row_, c), static_cast<size_t>(PQgetlength(r_, row_, c))};
  }

 private:
  const PGresult* r_;
  int row_;
};

// "Key (org_id, identification)=(1, x) already exists." -> "identification",
// the same column SQLite names, so callers see one form.
std::string UniqueColumn(const PGresult* r) {
  const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
  std::string_view d = detail ? detail : "";
  auto open = d.find("Key (");
  auto close = d.find(")=");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    return constraint ? constraint : "?";
  }
  std::string_view columns = d.substr(open + 5, close - open - 5);
  auto comma = columns.rfind(", ");
  return std::string(comma == std::string_view::npos ? columns : columns.substr(comma + 2));
}

bool IsModifying(std::string_view sql) {
  size_t i = sql.find_first_not_of(" \t\n(");
  if (i == std::string_view::npos) return false;
  auto starts = [&](std::string_view word) {
    if (sql.size() - i < word.size()) return false;
    for (size_t k = 0; k < word.size(); ++k)
      if ((sql[i + k] | 0x20) != word[k]) return false;
    return true;
  };
  return starts("insert") || starts("update") || starts("delete") || starts("with");
}

std::string_view SqlState(const PGresult* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return state ? state : "";
}

}  // namespace

Error PgErrorFrom(const PGresult* r, PGconn* conn) {
  std::string code(SqlState(r));
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : PQerrorMessage(conn);
  if (code == "23505") return Error::Of(ErrorCode::kConflict, "unique:" + UniqueColumn(r));
  if (code.starts_with("23")) return Error::Of(ErrorCode::kConflict, "constraint: " + message);
  // Lost connections, shutdown, resource limits and serialization failures
  // are the server's condition, not the request's fault: try again later.
  if (code.empty() || code.starts_with("08") || code.starts_with("53") || code.starts_with("57") ||
      code == "40001" || code == "40P01")
    return Error::Of(ErrorCode::kUnavailable, "postgres: " + message);
  return Error::Of(ErrorCode::kInternal, "postgres " + code + ": " + message);
}

PgConnection::PgConnection(PGconn* conn) : conn_(conn) { WatchSocket(); }

void PgConnection::WatchSocket() {
  Executor* e = CurrentExecutor();
  int fd = PQsocket(conn_);
  if (!e || fd == watched_fd_) return;
  watch_.reset();  // one registration per descriptor
  watch_ = e->Watch(fd);
  watched_fd_ = fd;
}

PgConnection::~PgConnection() {
  watch_.reset();  // before the socket closes
  PQfinish(conn_);
}

Error PgConnection::Failed(std::string what) {
  broken_ = true;  // the pipeline's state is unknown now: the pool replaces the connection
  std::string detail = PQerrorMessage(conn_);
  while (!detail.empty() && detail.back() == '\n') detail.pop_back();
  return Error::Of(ErrorCode::kUnavailable, "postgres: " + what + (detail.empty() ? "" : ": " + detail));
}

Task<Result<std::unique_ptr<PgConnection>>> PgConnection::Connect(std::string conninfo) {
  PGconn* raw = PQconnectStart(conninfo.c_str());
  if (!raw) co_return Fail(ErrorCode::kUnavailable, "postgres: out of memory");
  std::unique_ptr<PgConnection> c(new PgConnection(raw));
  // The handshake, polled on this thread's event loop like any statement.
  for (;;) {
    PostgresPollingStatusType st = PQconnectPoll(raw);
    if (st == PGRES_POLLING_OK) break;
    if (st == PGRES_POLLING_FAILED) co_return Fail(c->Failed("cannot connect"));
    c->WatchSocket();  // the socket may change from one attempt to the next
    auto waited = co_await c->WaitFor(st == PGRES_POLLING_WRITING);
    if (!waited) co_return Fail(waited.error());
  }
  // Notices ("relation already exists, skipping") are not errors: keep stderr for those.
  PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);
  if (PQsetnonblocking(raw, 1) != 0 || PQenterPipelineMode(raw) != 1)
    co_return Fail(c->Failed("cannot enter pipeline mode"));
  co_return std::move(c);
}

Task<Result<void>> PgConnection::WaitFor(bool writable) {
  if (watch_) {
    co_await ReadyAwaiter{watch_.get(), writable};
    co_return Result<void>{};
  }
  pollfd p{PQsocket(conn_), static_cast<short>(writable ? POLLOUT : POLLIN), 0};
  if (poll(&p, 1, -1) < 0) co_return Fail(Failed("poll"));
  co_return Result<void>{};
}

Task<Result<void>> PgConnection::Flush() {
  for (;;) {
    int left = PQflush(conn_);
    if (left == 0) co_return Result<void>{};
    if (left < 0) co_return Fail(Failed("send failed"));
    auto waited = co_await WaitFor(true);
    if (!waited) co_return waited;
    // The server may be blocked sending us results: read them meanwhile.
    if (!PQconsumeInput(conn_)) co_return Fail(Failed("receive failed"));
  }
}

Task<Result<PGresult*>> PgConnection::NextResult() {
  while (PQisBusy(conn_)) {
    auto waited = co_await WaitFor(false);
    if (!waited) co_return Fail(waited.error());
    if (!PQconsumeInput(conn_)) co_return Fail(Failed("receive failed"));
  }
  co_return PQgetResult(conn_);
}

Task<Result<void>> PgConnection::SkipCommands(int commands) {
  for (int command = 0; command < commands; ++command)
    for (;;) {  // a command's results end with nullptr
      auto next = co_await NextResult();
      if (!next) co_return Fail(next.error());
      if (!*next) break;
      PQclear(*next);
    }
  co_return Result<void>{};
}

Task<Result<void>> PgConnection::DrainDeferred() {
  while (deferred_syncs_ > 0) {
    // One COMMIT or ROLLBACK, then its sync.
    if (auto skipped = co_await SkipCommands(1); !skipped) co_return skipped;
    if (auto synced = co_await ReadSync(); !synced) co_return synced;
    --deferred_syncs_;
  }
  co_return Result<void>{};
}

Task<Result<int64_t>> PgConnection::Execute(std::string_view sql, std::span<const Value> params,
                                            const RowVisitor& on_row) {
  if (Broken()) co_return Fail(ErrorCode::kUnavailable, "postgres: connection lost");
  if (deferred_syncs_ > 0)
    if (auto drained = co_await DrainDeferred(); !drained) co_return Fail(drained.error());

  const size_t n = params.size();
  // Scratch space reused by every statement of this connection: no allocation per call.
  types_.assign(n, 0);  // 0: the server infers the type from the context
  values_.assign(n, nullptr);
  lengths_.assign(n, 0);
  numbers_.resize(n);
  auto& types = types_;
  auto& values = values_;
  auto& lengths = lengths_;
  auto& numbers = numbers_;
  std::string& key = key_;
  key.assign(sql);
  key += '\x01';
  for (size_t i = 0; i < n; ++i) {
    const Value& v = params[i];
    if (const auto* integer = std::get_if<int64_t>(&v)) {
      types[i] = kInt8Oid;
      auto end = std::to_chars(numbers[i].data(), numbers[i].data() + 31, *integer).ptr;
      *end = 0;
      values[i] = numbers[i].data();
      key += 'i';
    } else if (const auto* d = std::get_if<double>(&v)) {
      types[i] = kFloat8Oid;
      auto end = std::to_chars(numbers[i].data(), numbers[i].data() + 31, *d).ptr;
      *end = 0;
      values[i] = numbers[i].data();
      key += 'd';
    } else if (const auto* t = std::get_if<std::string>(&v)) {
      // Text parameters end at the first NUL, silently: refuse instead.
      if (t->find('\0') != std::string::npos)
        co_return Fail(ErrorCode::kBadRequest, "Text values cannot contain NUL characters");
      values[i] = t->c_str();
      lengths[i] = static_cast<int>(t->size());
      key += 's';
    } else {
      key += 'n';
    }
  }

  // One round trip: [BEGIN] [SAVEPOINT] [DEALLOCATE] [PREPARE] EXECUTE [RELEASE] SYNC.
  enum class Step { kBegin, kSavepoint, kDeallocate, kPrepare, kExecute, kRelease };
  std::array<Step, 6> sent;  // fixed: no allocation on the request path
  size_t sent_count = 0;
  auto record = [&](Step step) { sent[sent_count++] = step; };
  auto send_simple = [this](const char* command) {
    return PQsendQueryParams(conn_, command, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  };
  const bool begin = pending_begin_ && !in_transaction_;
  if (begin) {
    if (!send_simple(pending_begin_)) co_return Fail(Failed("send failed"));
    record(Step::kBegin);
  }
  // A failed statement must spoil only itself, as in SQLite, so callers can
  // go on in the same transaction (e.g. to find which bulk row clashed).
  const bool guarded = guard_statements_ && IsModifying(sql);
  if (guarded) {
    if (!send_simple("SAVEPOINT statement")) co_return Fail(Failed("send failed"));
    record(Step::kSavepoint);
  }
  const std::string* name = prepared_.Find(key);
  const bool preparing = !name;
  if (preparing && prepared_.Full()) {
    // The least recently used is never this statement, and the pipeline holds
    // no other: nothing queued can refer to it. Not transactional, so a
    // rollback does not bring it back.
    if (auto evicted = prepared_.EvictOldest([](const std::string&) { return true; }))
      deallocations_.push_back("DEALLOCATE " + *evicted);
  }
  if (!deallocations_.empty()) {
    if (!send_simple(deallocations_.back().c_str())) co_return Fail(Failed("send failed"));
    record(Step::kDeallocate);
  }
  if (preparing) {
    name = &prepared_.Insert(key, "s" + std::to_string(++statements_named_));
    if (!PQsendPrepare(conn_, name->c_str(), std::string(sql).c_str(), static_cast<int>(n), types.data()))
      co_return Fail(Failed("send failed"));
    record(Step::kPrepare);
  }
  if (!PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(n), values.data(), lengths.data(), nullptr, 0))
    co_return Fail(Failed("send failed"));
  record(Step::kExecute);
  if (guarded) {
    if (!send_simple("RELEASE SAVEPOINT statement")) co_return Fail(Failed("send failed"));
    record(Step::kRelease);
  }
  if (!PQpipelineSync(conn_)) co_return Fail(Failed("send failed"));
  if (auto flushed = co_await Flush(); !flushed) co_return Fail(flushed.error());

  std::optional<Error> error;
  bool prepared_ok = false;
  bool deallocated = false;
  int64_t count = 0;
  for (size_t i = 0; i < sent_count; ++i) {
    const Step step = sent[i];
    for (;;) {
      auto next = co_await NextResult();
      if (!next) co_return Fail(next.error());
      if (!*next) break;  // end of this command's results
      ResultPtr result{*next};
      ExecStatusType st = PQresultStatus(result.r);
      if (step == Step::kPrepare && st == PGRES_COMMAND_OK) prepared_ok = true;
      // Done, or already gone. Refused (failed transaction): try again with the next statement.
      if (step == Step::kDeallocate && (st == PGRES_COMMAND_OK || SqlState(result.r) == "26000")) deallocated = true;
      if (step == Step::kExecute && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)) {
        int rows = PQntuples(result.r);
        if (on_row)
          for (int i = 0; i < rows; ++i) on_row(PgRow(result.r, i));
        const char* affected = PQcmdTuples(result.r);
        count = *affected ? std::atoll(affected) : rows;
      } else if (st == PGRES_FATAL_ERROR && !error) {
        error = PgErrorFrom(result.r, conn_);
      }
    }
  }
  if (begin) in_transaction_ = true;  // even if BEGIN failed, End() must clean up
  if (preparing && !prepared_ok) prepared_.Erase(key);  // the server does not have it
  if (deallocated) deallocations_.pop_back();
  if (auto synced = co_await ReadSync(); !synced) co_return Fail(synced.error());
  if (error && guarded && in_transaction_) {
    // Back to before the statement; the transaction stays usable.
    if (!send_simple("ROLLBACK TO SAVEPOINT statement") || !send_simple("RELEASE SAVEPOINT statement") ||
        !PQpipelineSync(conn_))
      co_return Fail(Failed("send failed"));
    if (auto flushed = co_await Flush(); !flushed) co_return Fail(flushed.error());
    if (auto skipped = co_await SkipCommands(2); !skipped) co_return Fail(skipped.error());
    if (auto synced = co_await ReadSync(); !synced) co_return Fail(synced.error());
  }
  if (error) co_return Fail(std::move(*error));
  co_return count;
}

Task<Result<void>> PgConnection::ReadSync() {
  auto sync = co_await NextResult();
  if (!sync) co_return Fail(sync.error());
  ResultPtr result{*sync};
  if (!*sync || PQresultStatus(*sync) != PGRES_PIPELINE_SYNC) {
    broken_ = true;  // we no longer know where the stream is: drop the connection
    co_return Fail(ErrorCode::kInternal, "postgres: pipeline out of step");
  }
  co_return Result<void>{};
}

Task<Result<void>> PgConnection::End(bool commit, bool wait) {
  pending_begin_ = nullptr;
  if (!in_transaction_) co_return Result<void>{};
  in_transaction_ = false;
  if (Broken()) co_return Fail(ErrorCode::kUnavailable, "postgres: connection lost");
  if (!PQsendQueryParams(conn_, commit ? "COMMIT" : "ROLLBACK", 0, nullptr, nullptr, nullptr, nullptr, 0) ||
      !PQpipelineSync(conn_))
    co_return Fail(Failed("send failed"));
  if (!wait) ++deferred_syncs_;
  if (auto flushed = co_await Flush(); !flushed) co_return flushed;
  if (!wait) co_return Result<void>{};
  std::optional<Error> error;
  for (int step = 0; step < 3; ++step) {  // result, end of results, sync
    auto next = co_await NextResult();
    if (!next) co_return Fail(next.error());
    if (!*next) continue;
    ResultPtr result{*next};
    ExecStatusType st = PQresultStatus(result.r);
    if (st == PGRES_FATAL_ERROR) error = PgErrorFrom(result.r, conn_);
    // COMMIT of a transaction that had failed answers "ROLLBACK".
    else if (st == PGRES_COMMAND_OK && commit && std::string_view(PQcmdStatus(result.r)) == "ROLLBACK")
      error = Error::Of(ErrorCode::kInternal, "postgres: transaction was rolled back");
  }
  if (error) co_return Fail(std::move(*error));
  co_return Result<void>{};
}

}  // namespace supplyhub::storage
