#pragma once
// A few threads for CPU-heavy work (password hashing) so it never stalls
// an I/O thread. RunOnPool resumes the caller on the executor it came from.
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "core/task.h"

namespace supplyhub {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  void Submit(std::function<void()> job);

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

template <typename T>
Task<T> RunOnPool(WorkerPool& pool, std::function<T()> fn) {
  struct Awaiter {
    WorkerPool& pool;
    std::function<T()>& fn;
    std::optional<T>& result;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      Executor* executor = CurrentExecutor();
      pool.Submit([this, h, executor] {
        result.emplace(fn());
        if (executor) executor->Post([h] { h.resume(); });
        else h.resume();
      });
    }
    void await_resume() const noexcept {}
  };
  std::optional<T> result;
  co_await Awaiter{pool, fn, result};
  co_return std::move(*result);
}

}  // namespace supplyhub
