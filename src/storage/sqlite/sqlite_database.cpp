#include "storage/sqlite/sqlite_database.h"

#include <atomic>
#include <unordered_map>

namespace supplyhub::storage {
namespace {

std::atomic<uint64_t> next_sqlite_database{1};
constexpr size_t kMaxBatch = 1024;
constexpr int kCheckpointPages = 1000;      // SQLite's own default threshold
constexpr int kHardCheckpointPages = 20000;

struct WriteAwaiter {
  SqliteDatabase* db;
  SqliteDatabase::PendingWrite* write;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    write->waiter = h;
    write->executor = CurrentExecutor();
    db->Enqueue(write);
  }
  void await_resume() const noexcept {}
};

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path) {
  // Memory statistics take a global mutex on every allocation; we never read them.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  auto writer = SqliteConnection::Open(path, /*writer=*/true);
  if (!writer) return Fail(writer.error());
  auto checkpointer = SqliteConnection::Open(path, /*writer=*/true);
  if (!checkpointer) return Fail(checkpointer.error());
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(path, std::move(*writer), std::move(*checkpointer)));
}

SqliteDatabase::SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer,
                               std::unique_ptr<SqliteConnection> checkpointer)
    : path_(std::move(path)),
      instance_(next_sqlite_database++),
      writer_(std::move(writer)),
      checkpointer_(std::move(checkpointer)) {
  // Replaces SQLite's auto-checkpoint, which would run inside our commits.
  sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::OnWalCommit, this);
  writer_thread_ = std::thread([this] { WriterLoop(); });
  checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
}

int SqliteDatabase::OnWalCommit(void* self, sqlite3* db, const char*, int wal_pages) {
  auto* d = static_cast<SqliteDatabase*>(self);
  if (wal_pages >= kHardCheckpointPages) {
    // The checkpointer fell far behind: bound the WAL here, at a commit's cost.
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (wal_pages >= kCheckpointPages) {
    std::lock_guard lock(d->mutex_);
    d->wal_pages_ = wal_pages;
    d->checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteDatabase::CheckpointLoop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      checkpoint_wake_.wait(lock, [&] { return closing_ || wal_pages_ > 0; });
      if (closing_) break;
      wal_pages_ = 0;
    }
    sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
}

SqliteDatabase::~SqliteDatabase() { Close(); }

void SqliteDatabase::Close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closing_ = true;
  }
  wake_.notify_all();
  checkpoint_wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

Result<SqliteConnection*> SqliteDatabase::ReaderForThisThread() {
  thread_local std::unordered_map<uint64_t, SqliteConnection*> readers;
  auto it = readers.find(instance_);
  if (it != readers.end()) return it->second;
  auto conn = SqliteConnection::Open(path_, /*writer=*/false);
  if (!conn) return Fail(conn.error());
  SqliteConnection* raw = conn->get();
  std::lock_guard lock(mutex_);
  readers_.push_back(std::move(*conn));
  readers.emplace(instance_, raw);
  return raw;
}

Task<Result<void>> SqliteDatabase::Read(Work work) {
  auto reader = ReaderForThisThread();
  if (!reader) co_return Fail(reader.error());
  SqliteConnection& c = **reader;
  if (auto begun = c.Run("BEGIN"); !begun) co_return Fail(begun.error());
  Result<void> result = co_await work(c);
  (void)c.Run("COMMIT");  // read-only: ending the snapshot cannot lose anything
  co_return result;
}

Task<Result<void>> SqliteDatabase::Write(Work work) {
  PendingWrite write{std::move(work), {}, {}, nullptr};
  co_await WriteAwaiter{this, &write};
  co_return std::move(write.result);
}

void SqliteDatabase::Enqueue(PendingWrite* write) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(write);
      wake_.notify_one();
      return;
    }
  }
  write->result = Fail(ErrorCode::kUnavailable, "database is closed");
  if (write->executor) write->executor->Post([h = write->waiter] { h.resume(); });
  else write->waiter.resume();
}

void SqliteDatabase::WriterLoop() {
  std::vector<PendingWrite*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing and drained
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    for (PendingWrite* w : batch) {
      // Resume the waiter on the thread that asked (its I/O loop), or here.
      if (w->executor) w->executor->Post([h = w->waiter] { h.resume(); });
      else w->waiter.resume();
    }
    batch.clear();
  }
}

void SqliteDatabase::CommitBatch(std::vector<PendingWrite*>& batch) {
  SqliteConnection& c = *writer_;
  if (auto begun = c.Run("BEGIN IMMEDIATE"); !begun) {
    for (PendingWrite* w : batch) w->result = Fail(begun.error());
    return;
  }
  unsent_.clear();
  for (PendingWrite* w : batch) {
    (void)c.Run("SAVEPOINT w");
    size_t messages = unsent_.size();
    w->result = RunSynchronously(w->work(c));
    if (!w->result) {
      (void)c.Run("ROLLBACK TO w");
      unsent_.resize(messages);  // its messages go with it
    }
    (void)c.Run("RELEASE w");
  }
  if (auto committed = c.Run("COMMIT"); !committed) {
    (void)c.Run("ROLLBACK");
    for (PendingWrite* w : batch)
      if (w->result) w->result = Fail(ErrorCode::kUnavailable, "commit failed: " + committed.error().message);
    unsent_.clear();
  }
  for (auto& [channel, payload] : unsent_) Deliver(channel, payload);
  unsent_.clear();
}

Task<Result<void>> SqliteDatabase::Publish(Transaction& tx, std::string_view channel, std::string_view payload) {
  if (&tx == writer_.get()) {
    unsent_.emplace_back(channel, payload);  // delivered by CommitBatch once committed
  } else {
    Deliver(channel, payload);
  }
  co_return Result<void>{};
}

Task<Result<void>> SqliteDatabase::Broadcast(std::string_view channel, std::string_view payload) {
  Deliver(channel, payload);
  co_return Result<void>{};
}

void SqliteDatabase::Deliver(std::string_view channel, std::string_view payload) {
  std::vector<std::function<void(std::string_view)>> targets;
  {
    std::lock_guard lock(subscribers_mutex_);
    auto it = subscribers_.find(channel);
    if (it != subscribers_.end()) targets = it->second;
  }
  for (auto& f : targets) f(payload);
}

void SqliteDatabase::Subscribe(std::string channel, std::function<void(std::string_view)> on_message) {
  std::lock_guard lock(subscribers_mutex_);
  subscribers_[std::move(channel)].push_back(std::move(on_message));
}

}  // namespace supplyhub::storage
