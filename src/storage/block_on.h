#pragma once
// Waits on a plain thread (CLI, start-up, tests) for a task that may resume
// on another thread. Never call it from an I/O thread.
#include <future>

#include "core/task.h"

namespace supplyhub::storage {

template <typename T>
T BlockOn(Task<T> task) {
  std::promise<void> finished;
  auto done = finished.get_future();
  task.OnDone([&finished] { finished.set_value(); });  // set before Start: no race
  task.Start();
  done.wait();
  if constexpr (!std::is_void_v<T>) return task.TakeResult();
}

}  // namespace supplyhub::storage
