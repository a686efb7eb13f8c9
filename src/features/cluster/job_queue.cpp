#include "features/cluster/job_queue.h"

#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "storage/block_on.h"

namespace supplyhub::features {

using storage::Row;
using storage::Transaction;
using storage::Value;

Task<Result<void>> JobQueue::Enqueue(std::string kind, std::string payload, int64_t run_at, std::string unique_key) {
  co_return co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{kind}, Value{payload}, Value{run_at},
                 unique_key.empty() ? Value{} : Value{unique_key}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute(
        "INSERT INTO jobs (kind, payload, run_at, unique_key, created_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (unique_key) DO NOTHING",
        p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
}

Task<Result<void>> JobQueue::PruneFinished(int64_t before) {
  co_return co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{before}};
    auto r = co_await tx.Execute(
        "DELETE FROM jobs WHERE (state = 'done' AND finished_at < $1) OR (state = 'failed' AND run_at < $1)", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
}

Task<Result<int>> JobQueue::RunDue(int batch) {
  const std::string claim =
      "UPDATE jobs SET state = 'running', claimed_by = $1, lease_until = $2, attempts = attempts + 1 "
      "WHERE id IN (SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= $3) OR "
      "(state = 'running' AND lease_until < $3) ORDER BY run_at, id LIMIT $4" +
      std::string(storage::ForUpdateSkipLocked(db_.dialect())) + ") RETURNING id, kind, payload, attempts";
  int ran = 0;
  for (;;) {
    std::vector<Claimed> jobs;
    int64_t now = NowUnixSeconds();
    auto claimed = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
      Value p[] = {Value{node_id_}, Value{now + kLeaseSeconds}, Value{now}, Value{int64_t{batch}}};
      auto r = co_await tx.Execute(claim, p, [&](const Row& row) {
        jobs.push_back({row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)), row.Int(3)});
      });
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    });
    if (!claimed) co_return Fail(claimed.error());
    if (jobs.empty()) co_return ran;
    for (const Claimed& job : jobs) {
      auto handler = handlers_.find(job.kind);
      Result<void> outcome = handler == handlers_.end()
                                 ? Result<void>(Fail(ErrorCode::kInternal, "no handler for job kind " + job.kind))
                                 : Result<void>{};
      if (handler != handlers_.end()) outcome = co_await handler->second(job.payload);
      if (auto finished = co_await Finish(job, outcome); !finished) co_return Fail(finished.error());
      ++ran;
    }
  }
}

Task<Result<void>> JobQueue::Finish(const Claimed& job, const Result<void>& outcome) {
  int64_t now = NowUnixSeconds();
  co_return co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Result<int64_t> r;
    if (outcome) {
      Value p[] = {Value{now}, Value{job.id}, Value{node_id_}};
      r = co_await tx.Execute(
          "UPDATE jobs SET state = 'done', finished_at = $1 WHERE id = $2 AND claimed_by = $3", p);
    } else {
      bool last = job.attempts >= kMaxAttempts;
      int64_t backoff = int64_t{1} << std::min<int64_t>(job.attempts * 2, 12);  // 4 s, 16 s, ... ~1 h
      Value p[] = {Value{std::string(last ? "failed" : "queued")}, Value{now + backoff}, Value{outcome.error().message},
                   Value{job.id}, Value{node_id_}};
      r = co_await tx.Execute(
          "UPDATE jobs SET state = $1, run_at = $2, last_error = $3 WHERE id = $4 AND claimed_by = $5", p);
      log::Error("job failed", {{"id", std::to_string(job.id)}, {"kind", job.kind}, {"error", outcome.error().message}});
    }
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
}

void JobQueue::Start(int poll_ms, std::function<void()> every_minute) {
  thread_ = std::thread([this, poll_ms, every_minute = std::move(every_minute)] {
    auto next_minute = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (every_minute && std::chrono::steady_clock::now() >= next_minute) {
        every_minute();
        next_minute = std::chrono::steady_clock::now() + std::chrono::minutes(1);
      }
      if (auto ran = storage::BlockOn(RunDue()); !ran)
        log::Error("background jobs: claim failed", {{"error", ran.error().message}});
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(poll_ms), [&] { return stopping_; });
    }
  });
}

void JobQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace supplyhub::features
