#pragma once
// Shared rate-limit buckets in Redis (--redis redis://host:port): a Lua
// script refills and takes from a hash per bucket atomically, timed by
// Redis' clock. Each thread keeps one connection. Calls are synchronous with
// a short timeout; leases (see RateLimiter) keep them to about one per 50
// requests of a busy bucket.
#include <memory>
#include <string>

#include "http/rate_store.h"

namespace supplyhub::features {

class RedisRateStore final : public http::RateStore {
 public:
  // Connects once to check the URL; fails with the reason.
  static Result<std::unique_ptr<RedisRateStore>> Open(const std::string& url);
  Task<Result<http::RateGrant>> Take(int64_t org, int64_t client, http::RatePolicy policy, int64_t want) override;

 private:
  RedisRateStore(std::string host, int port) : host_(std::move(host)), port_(port) {}
  Result<http::RateGrant> TakeNow(int64_t org, int64_t client, http::RatePolicy policy, int64_t want);
  const std::string host_;
  const int port_;
};

}  // namespace supplyhub::features
