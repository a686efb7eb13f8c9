#include "http/server_limits.h"

#include <sys/resource.h>

#include <algorithm>

namespace supplyhub::http {

size_t MaxConnectionsFor(size_t open_files) {
  size_t reserve = std::clamp<size_t>(open_files / 4, 32, 256);
  return open_files > reserve + 16 ? open_files - reserve : 16;
}

size_t RaiseOpenFilesLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = std::min<rlim_t>(limit.rlim_max, rlim_t{1} << 20);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(limit.rlim_cur);
}

}  // namespace supplyhub::http
