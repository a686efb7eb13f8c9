#pragma once
// SQLite backend: WAL, one read connection per thread (reads run inline, in
// parallel), one writer thread that groups queued writes into one durable
// commit (each write in its own savepoint, so one failure spoils no other),
// and a checkpointer thread that copies the WAL back into the database file
// off the commit path.
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "storage/database.h"
#include "storage/sqlite/sqlite_connection.h"

namespace supplyhub::storage {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the database file at `path`.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);
  ~SqliteDatabase() override;

  Task<Result<void>> Read(Work work) override;
  Task<Result<void>> Write(Work work) override;
  void Close() override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  // One process owns the file, so messages stay in it: delivered by the
  // writer thread right after the commit that published them.
  Task<Result<void>> Publish(Transaction& tx, std::string_view channel, std::string_view payload) override;
  void Subscribe(std::string channel, std::function<void(std::string_view)> on_message) override;
  Task<Result<void>> Broadcast(std::string_view channel, std::string_view payload) override;

  struct PendingWrite {
    Work work;
    Result<void> result;
    std::coroutine_handle<> waiter;
    Executor* executor = nullptr;
  };
  void Enqueue(PendingWrite* write);

 private:
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer,
                 std::unique_ptr<SqliteConnection> checkpointer);
  Result<SqliteConnection*> ReaderForThisThread();
  void WriterLoop();
  void CommitBatch(std::vector<PendingWrite*>& batch);
  void CheckpointLoop();
  void Deliver(std::string_view channel, std::string_view payload);
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int wal_pages);

  const std::string path_;
  const uint64_t instance_;
  std::unique_ptr<SqliteConnection> writer_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<PendingWrite*> queue_;
  bool closing_ = false;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;  // owned here, used by one thread each
  std::thread writer_thread_;

  std::unique_ptr<SqliteConnection> checkpointer_;
  std::condition_variable checkpoint_wake_;
  int wal_pages_ = 0;  // guarded by mutex_
  std::thread checkpoint_thread_;

  std::vector<std::pair<std::string, std::string>> unsent_;  // writer thread only
  std::mutex subscribers_mutex_;
  std::map<std::string, std::vector<std::function<void(std::string_view)>>, std::less<>> subscribers_;
};

}  // namespace supplyhub::storage
