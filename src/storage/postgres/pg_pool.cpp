#include "storage/postgres/pg_pool.h"

#include <algorithm>

namespace supplyhub::storage {
namespace {

struct WaitAwaiter {
  std::deque<PgPool::Waiter*>& queue;
  PgPool::Waiter* waiter;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    waiter->handle = h;
    queue.push_back(waiter);
  }
  void await_resume() const noexcept {}
};

}  // namespace

Task<Result<PgConnection*>> PgPool::Acquire() {
  for (;;) {
    if (!idle_.empty()) {
      PgConnection* c = idle_.back();
      idle_.pop_back();
      co_return c;
    }
    if (all_.size() + connecting_ < max_) {
      ++connecting_;
      auto connected = co_await PgConnection::Connect(url_);
      --connecting_;
      if (!connected) co_return Fail(connected.error());
      all_.push_back(std::move(*connected));
      co_return all_.back().get();
    }
    Waiter waiter;
    co_await WaitAwaiter{waiters_, &waiter};
    if (waiter.given) co_return waiter.given;
  }
}

void PgPool::Release(PgConnection* c) {
  if (c->Broken()) {
    auto it = std::find_if(all_.begin(), all_.end(), [c](const auto& p) { return p.get() == c; });
    if (it != all_.end()) all_.erase(it);
    c = nullptr;
  }
  if (waiters_.empty()) {
    if (c) idle_.push_back(c);
    return;
  }
  Waiter* w = waiters_.front();
  waiters_.pop_front();
  w->given = c;
  Wake(w);
}

void PgPool::Wake(Waiter* w) {
  // Resume from the event loop, not from inside the releasing coroutine.
  if (Executor* e = CurrentExecutor()) e->Post([h = w->handle] { h.resume(); });
  else w->handle.resume();
}

}  // namespace supplyhub::storage
