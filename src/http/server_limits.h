#pragma once
// The server's budgets that need no Asio: how many connections it takes and
// how many request-body bytes it buffers at once.
#include <atomic>
#include <cstddef>

namespace supplyhub::http {

// Connections for `open_files` descriptors, less a reserve (a quarter,
// 32–256) for the database, log files and the 503s that turn surplus
// connections away.
size_t MaxConnectionsFor(size_t open_files);

// Raises the soft open-files limit to the hard one; returns the limit in force.
size_t RaiseOpenFilesLimit();

// A share of the request-body budget (--max-buffered-body-bytes), held while
// a body is read and answered, so many slow uploads cannot take the memory.
class BodyReservation {
 public:
  BodyReservation(std::atomic<size_t>& in_use, size_t budget, size_t bytes) : in_use_(in_use) {
    size_t now = in_use_.load(std::memory_order_relaxed);
    do {
      if (bytes > budget || now > budget - bytes) return;
    } while (!in_use_.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
    bytes_ = bytes;
    granted_ = true;
  }
  ~BodyReservation() {
    if (granted_) in_use_.fetch_sub(bytes_, std::memory_order_relaxed);
  }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;
  bool granted() const { return granted_; }

 private:
  std::atomic<size_t>& in_use_;
  size_t bytes_ = 0;
  bool granted_ = false;
};

}  // namespace supplyhub::http
