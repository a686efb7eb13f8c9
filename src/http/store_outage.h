#pragma once
// What a component does while its shared store (Redis, PostgreSQL) fails:
// fail open (allow, as if there were no limit) or closed (503 unavailable
// with Retry-After), per --shared-store-fail-open. An outage is logged when
// it starts and when it ends, not per request; while it lasts the store is
// probed by one request a second, so requests do not each wait for its
// timeout.
#include <atomic>
#include <cstdint>
#include <string>

#include "core/error.h"

namespace supplyhub::http {

class StoreOutage {
 public:
  static constexpr int kRetryAfterSeconds = 1;  // = the probe interval

  StoreOutage(std::string component, bool fail_open) : component_(std::move(component)), fail_open_(fail_open) {}
  bool fail_open() const { return fail_open_; }
  // True when the caller should not ask the store now (it failed recently
  // and another request is probing it): act as if it had failed.
  bool Skip();
  void Failed(const Error& error);
  void Succeeded();
  // What fail-closed answers.
  Error Unavailable() const;

 private:
  const std::string component_;
  const bool fail_open_;
  std::atomic<bool> down_{false};
  std::atomic<int64_t> probe_at_{0};  // steady-clock ns
};

}  // namespace supplyhub::http
