#include "storage/postgres/pg_database.h"

#include <poll.h>

#include <set>
#include <unordered_map>

#include "core/log.h"
#include "storage/block_on.h"
#include "storage/postgres/pg_pool.h"

namespace supplyhub::storage {
namespace {

std::atomic<uint64_t> next_pg_database{1};

// Pools live with their thread: an I/O thread's connections watch sockets on
// that thread's event loop and are closed when the thread ends.
struct ThreadPools {
  std::unordered_map<uint64_t, std::unique_ptr<PgPool>> by_database;
};
thread_local ThreadPools thread_pools;

std::string QuoteIdentifier(PGconn* conn, const std::string& name) {
  char* quoted = PQescapeIdentifier(conn, name.c_str(), name.size());
  std::string out = quoted ? quoted : "\"\"";
  PQfreemem(quoted);
  return out;
}

}  // namespace

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& url, size_t per_thread) {
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, std::max<size_t>(1, per_thread)));
  // Fail at start-up, with the server's reason, rather than on the first request.
  auto checked = BlockOn(db->Read([](Transaction& tx) -> Task<Result<void>> {
    auto ran = co_await tx.Execute("SELECT 1", {});
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  }));
  if (!checked) return Fail(checked.error());
  return db;
}

PgDatabase::PgDatabase(std::string url, size_t per_thread)
    : url_(std::move(url)), per_thread_(per_thread), instance_(next_pg_database++) {}

PgDatabase::~PgDatabase() { Close(); }

void PgDatabase::Close() {
  if (closed_.exchange(true)) return;
  thread_pools.by_database.erase(instance_);
  if (listener_.joinable()) listener_.join();
}

PgPool* PgDatabase::PoolForThisThread() {
  auto& pool = thread_pools.by_database[instance_];
  if (!pool) pool = std::make_unique<PgPool>(url_, per_thread_);
  return pool.get();
}

Task<Result<void>> PgDatabase::Run(Work& work, const char* begin, bool writing) {
  if (closed_) co_return Fail(ErrorCode::kUnavailable, "database is closed");
  PgPool* pool = PoolForThisThread();
  auto acquired = co_await pool->Acquire();
  if (!acquired) co_return Fail(acquired.error());
  PgConnection& c = **acquired;
  c.BeginLazily(begin, writing);
  Result<void> result = co_await work(c);
  const bool ok = result.has_value();
  auto ended = co_await c.End(ok, ok && writing);
  if (ok && !ended) result = Fail(ended.error());
  pool->Release(&c);
  co_return result;
}

Task<Result<void>> PgDatabase::Read(Work work) {
  co_return co_await Run(work, nullptr, false);
}

// A write is acknowledged only after its COMMIT returned, i.e. is durable.
Task<Result<void>> PgDatabase::Write(Work work) { co_return co_await Run(work, "BEGIN", true); }

Task<Result<void>> PgDatabase::Publish(Transaction& tx, std::string_view channel, std::string_view payload) {
  Value params[] = {Value{std::string(channel)}, Value{std::string(payload)}};
  auto sent = co_await tx.Execute("SELECT pg_notify($1, $2)", params);
  if (!sent) co_return Fail(sent.error());
  co_return Result<void>{};
}

void PgDatabase::Subscribe(std::string channel, std::function<void(std::string_view)> on_message) {
  std::lock_guard lock(mutex_);
  subscribers_[std::move(channel)].push_back(std::move(on_message));
  if (!listener_.joinable()) listener_ = std::thread([this] { ListenLoop(); });
}

// One blocking connection on its own thread: LISTEN for every subscribed
// channel, deliver each NOTIFY. After a reconnect, notifications may have
// been missed, so subscribers get "*" (forget everything cached).
void PgDatabase::ListenLoop() {
  PGconn* conn = nullptr;
  std::set<std::string> listening;
  auto deliver = [this](const std::string& channel, std::string_view payload) {
    std::vector<std::function<void(std::string_view)>> targets;
    {
      std::lock_guard lock(mutex_);
      auto it = subscribers_.find(channel);
      if (it != subscribers_.end()) targets = it->second;
    }
    for (auto& f : targets) f(payload);
  };
  while (!closed_) {
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
      if (conn) PQfinish(conn);
      conn = PQconnectdb(url_.c_str());
      listening.clear();
      if (PQstatus(conn) != CONNECTION_OK) {
        log::Error("notification listener cannot connect", {{"error", PQerrorMessage(conn)}});
        for (int i = 0; i < 10 && !closed_; ++i) poll(nullptr, 0, 100);
        continue;
      }
    }
    std::vector<std::string> channels;
    {
      std::lock_guard lock(mutex_);
      for (auto& [name, _] : subscribers_) channels.push_back(name);
    }
    bool reconnected = listening.empty();
    for (const std::string& name : channels) {
      if (listening.count(name)) continue;
      PGresult* r = PQexec(conn, ("LISTEN " + QuoteIdentifier(conn, name)).c_str());
      if (PQresultStatus(r) == PGRES_COMMAND_OK) listening.insert(name);
      PQclear(r);
    }
    if (reconnected)
      for (const std::string& name : listening) deliver(name, "*");
    pollfd p{PQsocket(conn), POLLIN, 0};
    poll(&p, 1, 100);  // short, so Close() and new channels are noticed
    if (!PQconsumeInput(conn)) continue;
    while (PGnotify* n = PQnotifies(conn)) {
      deliver(n->relname, n->extra ? n->extra : "");
      PQfreemem(n);
    }
  }
  if (conn) PQfinish(conn);
}

}  // namespace supplyhub::storage
