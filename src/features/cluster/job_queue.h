#pragma once
// Background work shared by every node: rows of `jobs`, claimed in one
// statement with FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite's single writer
// makes the same claim atomic), so each job runs on exactly one node. A
// claim is a lease: if its node dies, the job is claimed again after it.
// Failures retry with backoff, up to kMaxAttempts.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.h"

namespace supplyhub::features {

class JobQueue {
 public:
  using Handler = std::function<Task<Result<void>>(std::string_view payload)>;
  static constexpr int kMaxAttempts = 5;
  static constexpr int64_t kLeaseSeconds = 300;

  JobQueue(storage::Database& db, std::string node_id) : db_(db), node_id_(std::move(node_id)) {}
  ~JobQueue() { Stop(); }

  void Handle(std::string kind, Handler handler) { handlers_[std::move(kind)] = std::move(handler); }
  // Queues a job; with a `unique_key`, only if no job has that key yet.
  Task<Result<void>> Enqueue(std::string kind, std::string payload, int64_t run_at, std::string unique_key = {});
  // Deletes jobs that finished (done or failed) before `before` (unix seconds).
  Task<Result<void>> PruneFinished(int64_t before);
  // Claims and runs due jobs, `batch` at a time, until none is due. Returns how many ran.
  Task<Result<int>> RunDue(int batch = 10);
  // Runs RunDue on a thread of its own every `poll_ms` (and `every_minute` once a minute).
  void Start(int poll_ms, std::function<void()> every_minute = {});
  void Stop();
  const std::string& node_id() const { return node_id_; }

 private:
  struct Claimed {
    int64_t id = 0;
    std::string kind, payload;
    int64_t attempts = 0;
  };
  Task<Result<void>> Finish(const Claimed& job, const Result<void>& outcome);

  storage::Database& db_;
  const std::string node_id_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace supplyhub::features
