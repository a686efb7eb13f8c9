#pragma once
// Shared token buckets in Redis (--redis redis://host:port): a Lua script
// refills and takes from a hash per bucket atomically, timed by Redis'
// clock. Each thread has its own asynchronous connection (RedisConnection):
// a call waits on the event loop, never blocking the thread, and fails after
// `timeout`. Leases (see RateLimiter) keep calls to about one per 50 requests
// of a busy bucket.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "features/cluster/redis_connection.h"
#include "http/rate_store.h"

namespace supplyhub::features {

class RedisRateStore final : public http::RateStore {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{200};
  // Resolves the host and connects once to check the URL (this thread
  // blocks: call it at start-up); fails with the reason.
  static Result<std::unique_ptr<RedisRateStore>> Open(const std::string& url,
                                                      std::chrono::milliseconds timeout = kDefaultTimeout);
  Task<Result<http::RateGrant>> Take(http::RateKey key, http::RatePolicy policy, int64_t want) override;
  Task<Result<void>> Refill(http::RateKey key) override;

 private:
  RedisRateStore(std::string host, int port, std::chrono::milliseconds timeout)
      : host_(std::move(host)), port_(port), timeout_(timeout) {}
  RedisConnection& ThisThreadsConnection();

  const std::string host_;  // an address: resolved once, so a reconnect never waits for DNS
  const int port_;
  const std::chrono::milliseconds timeout_;
  const uint64_t id_ = next_id_++;  // names this store in each thread's connections
  static inline std::atomic<uint64_t> next_id_{1};
};

}  // namespace supplyhub::features
