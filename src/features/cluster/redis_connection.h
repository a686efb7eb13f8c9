#pragma once
// One connection to Redis, used by one thread, on hiredis' asynchronous API:
// its socket is awaited on the thread's event loop (Executor::Watch), so a
// slow Redis never blocks an I/O thread; threads without an event loop
// (start-up, the CLI) wait with poll(). Every call has a deadline: past it the
// call fails, and so does the connection (Redis answers in order, so the
// calls queued behind would wait as long); the next call connects again.
#include <chrono>
#include <coroutine>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/executor.h"
#include "core/task.h"

struct redisAsyncContext;

namespace supplyhub::features {

// A reply, copied out of hiredis (which frees its own after the callback).
struct RedisValue {
  enum class Type { kNil, kInteger, kString, kStatus, kError, kArray };
  Type type = Type::kNil;
  long long integer = 0;
  std::string text;  // string, status or error
  std::vector<RedisValue> elements;
};

class RedisConnection {
 public:
  // Connects lazily, from the thread that will use it.
  RedisConnection(std::string host, int port, std::chrono::milliseconds timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command (its arguments, binary-safe) and awaits the reply.
  // An error reply from Redis is a value of Type::kError, not a failure.
  Task<Result<RedisValue>> Call(std::vector<std::string> args);

 private:
  struct Pending {
    std::chrono::steady_clock::time_point deadline;
    std::optional<Result<RedisValue>> result;
    std::coroutine_handle<> waiter;  // set once the caller suspended
    bool lost = false;               // the connection broke (not our timeout)
  };
  struct Await;

  Task<Result<RedisValue>> Send(const std::vector<std::string>& args, bool& lost);
  Result<void> Open();
  void Close(const std::string& reason);  // fails every pending call
  void Detach();                          // the context is being freed
  void ArmRead();
  void ArmWrite();
  void ArmTimer();
  void OnTimer();
  void PollUntilDone(Pending& p);
  std::string TimedOut() const;

  static void OnReply(redisAsyncContext* ac, void* reply, void* privdata);
  static void AddRead(void* self);
  static void DelRead(void* self);
  static void AddWrite(void* self);
  static void DelWrite(void* self);
  static void Cleanup(void* self);

  const std::string host_;
  const int port_;
  const std::chrono::milliseconds timeout_;
  Executor* const executor_;  // of the thread that uses it; nullptr: poll()

  redisAsyncContext* ac_ = nullptr;
  uint64_t generation_ = 0;  // one per context: events of a freed one are ignored
  std::unique_ptr<FdWatch> watch_;  // nullptr: poll()
  bool want_read_ = false, want_write_ = false;
  bool read_armed_ = false, write_armed_ = false;
  std::deque<Pending*> pending_;  // oldest first, as Redis answers
  std::string close_reason_;      // while Close fails the pending calls
  bool destroying_ = false;

  int timer_fd_ = -1;  // a timerfd at the oldest pending deadline
  std::unique_ptr<FdWatch> timer_watch_;
  bool timer_armed_ = false;
};

}  // namespace supplyhub::features
