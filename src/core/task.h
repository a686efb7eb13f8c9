#pragma once
// A minimal lazy coroutine task, independent of any I/O library, so services
// and storage can be asynchronous without pulling Asio into every file.
//
//   Task<int> Answer() { co_return 42; }
//   Task<void> Caller() { int v = co_await Answer(); }
//
// A task starts when awaited (or by Start()). If it finishes before its first
// suspension, the awaiter simply carries on (await_suspend returns false), so
// a loop of synchronously completing awaits keeps the stack flat whatever the
// optimisation level; once it has suspended, completion resumes the awaiter
// by symmetric transfer. Whoever resumes a suspended task decides the thread:
// storage backends resume on the executor the task was waiting from.
#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace supplyhub {

template <typename T>
class Task;

namespace detail {

// Where an awaited task is, as its awaiter and its final suspension see it.
enum class AwaitState : uint8_t {
  kStarting,        // the awaiter's await_suspend is still running it
  kSuspended,       // it suspended: its completion resumes the awaiter
  kFinishedInline,  // it finished while starting: the awaiter goes on by itself
};

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
    auto& p = h.promise();
    if (p.continuation) {
      // Resuming the awaiter from here would nest one frame per await when
      // the compiler does not make symmetric transfer a tail call (GCC at
      // -O0/-O1, or with sanitizers): a long loop overflowed the stack.
      AwaitState starting = AwaitState::kStarting;
      if (p.state.compare_exchange_strong(starting, AwaitState::kFinishedInline, std::memory_order_acq_rel))
        return std::noop_coroutine();
      return p.continuation;
    }
    if (p.on_done) {
      auto done = std::move(p.on_done);
      done();  // may destroy the task: touch nothing after
    }
    return std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::function<void()> on_done;
  std::atomic<AwaitState> state{AwaitState::kStarting};
  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() const noexcept { std::terminate(); }  // no exceptions on the request path
};

// Runs `child` for its awaiter; true when the awaiter must stay suspended
// (the child suspended and will resume it), false when the child is done.
template <typename Promise>
bool StartAwaited(std::coroutine_handle<Promise> child, std::coroutine_handle<> awaiting) noexcept {
  auto& p = child.promise();
  p.continuation = awaiting;
  p.state.store(AwaitState::kStarting, std::memory_order_relaxed);
  child.resume();
  // Still starting: it suspended (or finishes on another thread right now,
  // which then sees kSuspended and resumes us there).
  AwaitState starting = AwaitState::kStarting;
  return p.state.compare_exchange_strong(starting, AwaitState::kSuspended, std::memory_order_acq_rel);
}

}  // namespace detail

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    template <typename U>
    void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) { Reset(); h_ = std::exchange(o.h_, {}); }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { Reset(); }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) noexcept { return detail::StartAwaited(h_, awaiting); }
  T await_resume() { return std::move(*h_.promise().value); }

  // Runs the task until it finishes or first suspends. Returns true when done.
  bool Start() { h_.resume(); return h_.done(); }
  bool Done() const { return h_ && h_.done(); }
  // Called once on completion if the task suspended after Start().
  void OnDone(std::function<void()> f) { h_.promise().on_done = std::move(f); }
  T TakeResult() { return std::move(*h_.promise().value); }

 private:
  void Reset() { if (h_) h_.destroy(); h_ = {}; }
  Handle h_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : detail::PromiseBase {
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    void return_void() const noexcept {}
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task(const Task&) = delete;
  ~Task() { if (h_) h_.destroy(); }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) noexcept { return detail::StartAwaited(h_, awaiting); }
  void await_resume() const noexcept {}
  bool Start() { h_.resume(); return h_.done(); }
  bool Done() const { return h_ && h_.done(); }
  void OnDone(std::function<void()> f) { h_.promise().on_done = std::move(f); }

 private:
  Handle h_;
};

// Runs a task that must not suspend (e.g. storage work on the SQLite writer
// thread, where every statement completes synchronously) and returns its value.
template <typename T>
T RunSynchronously(Task<T> task) {
  bool done = task.Start();
  if (!done) std::terminate();  // a synchronous context met an asynchronous step
  if constexpr (!std::is_void_v<T>) return task.TakeResult();
}

}  // namespace supplyhub
