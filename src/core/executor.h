#pragma once
// Where suspended work resumes. Each I/O thread installs its own executor so a
// storage backend can hand completions back to the thread that asked.
#include <functional>

namespace supplyhub {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual void Post(std::function<void()> fn) = 0;
};

// The executor of the calling thread, or nullptr on threads without one.
Executor* CurrentExecutor();
void SetCurrentExecutor(Executor* executor);

}  // namespace supplyhub
