#pragma once
// Where suspended work resumes. Each I/O thread installs its own executor so a
// storage backend can hand completions back to the thread that asked, and can
// wait for its sockets on that thread's event loop instead of blocking it.
#include <functional>
#include <memory>

namespace supplyhub {

// Readiness of one file descriptor, reported by the executor's event loop.
// Destroying it stops watching; the descriptor itself stays open.
class FdWatch {
 public:
  virtual ~FdWatch() = default;
  // Calls `ready` once, on the executor's thread, when the descriptor is
  // readable (or writable). One wait of each kind at a time.
  virtual void AwaitReadable(std::function<void()> ready) = 0;
  virtual void AwaitWritable(std::function<void()> ready) = 0;
};

class Executor {
 public:
  virtual ~Executor() = default;
  virtual void Post(std::function<void()> fn) = 0;
  // nullptr when this executor has no event loop to watch descriptors with.
  virtual std::unique_ptr<FdWatch> Watch(int /*fd*/) { return nullptr; }
};

// The executor of the calling thread, or nullptr on threads without one.
Executor* CurrentExecutor();
void SetCurrentExecutor(Executor* executor);

}  // namespace supplyhub
