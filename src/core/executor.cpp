#include "core/executor.h"

namespace supplyhub {
namespace {
thread_local Executor* current_executor = nullptr;
}
Executor* CurrentExecutor() { return current_executor; }
void SetCurrentExecutor(Executor* executor) { current_executor = executor; }
}  // namespace supplyhub
