#include "http/store_outage.h"

#include <chrono>

#include "core/log.h"

namespace supplyhub::http {
namespace {

constexpr int64_t kProbeIntervalNs = int64_t{StoreOutage::kRetryAfterSeconds} * 1'000'000'000;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool StoreOutage::Skip() {
  if (!down_.load(std::memory_order_relaxed)) return false;
  int64_t now = NowNs();
  int64_t at = probe_at_.load();
  // The first caller past the interval probes; the others keep skipping.
  return !(now >= at && probe_at_.compare_exchange_strong(at, now + kProbeIntervalNs));
}

void StoreOutage::Failed(const Error& error) {
  probe_at_.store(NowNs() + kProbeIntervalNs);
  if (!down_.exchange(true))
    log::Error(fail_open_ ? "shared store unavailable; requests are allowed until it is back"
                          : "shared store unavailable; requests are refused with 503 until it is back",
               {{"component", component_}, {"error", error.message}});
}

void StoreOutage::Succeeded() {
  if (down_.load(std::memory_order_relaxed) && down_.exchange(false))
    log::Info("shared store available again", {{"component", component_}});
}

Error StoreOutage::Unavailable() const {
  Error e = Error::Of(ErrorCode::kUnavailable, "The " + component_ + " store is unavailable; try again shortly");
  e.retry_after_seconds = kRetryAfterSeconds;
  return e;
}

}  // namespace supplyhub::http
