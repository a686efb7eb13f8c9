#pragma once
// Slows down password guessing with token buckets: per account, `per_account`
// tries refilled over `window`; per client address, `per_address` failures.
// Admitting a try takes it from the account before the password is checked,
// so concurrent guesses cannot outrun the limit; a failure also takes one
// from the address; a success refills the account. The buckets live in the store the nodes share when there is one
// (PostgreSQL or Redis), so behind a load balancer the limit holds for the
// service, not per node; on one node, in memory.
//
// The account is the user the login resolved to, so username and email
// spend one bucket. A login that names no user has a bucket of its own
// lowercased text: guessing names is throttled alike, and both cases cost
// the caller the same store calls.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"
#include "core/task.h"
#include "http/memory_rate_store.h"
#include "http/rate_store.h"
#include "http/store_outage.h"

namespace supplyhub::features {

struct LoginAccount {
  int64_t user_id = 0;  // 0: the login names no user
  std::string login;    // as typed
};

class LoginThrottle {
 public:
  struct Limits {
    int per_account = 5;
    int per_address = 20;
    std::chrono::seconds window{300};
  };
  LoginThrottle() : LoginThrottle(Limits{}) {}
  explicit LoginThrottle(Limits limits);

  // Buckets in `store` (shared by every node) instead of in memory; while it
  // fails, logins are allowed (`fail_open`) or refused as unavailable.
  void ShareBuckets(http::RateStore* store, bool fail_open);

  // 0 when a try is admitted (and spent), else the seconds to wait; fails
  // (unavailable, with Retry-After) when the store is down and fail-closed.
  Task<Result<int>> Admit(LoginAccount account, std::string address);
  Task<void> RecordFailure(std::string address);
  Task<void> RecordSuccess(LoginAccount account);

  // The buckets' names: no login text or address reaches the store.
  static http::RateKey AccountKey(const LoginAccount& account);
  static http::RateKey AddressKey(const std::string& address);

 private:
  Result<int> WhenStoreFails(const Error& error, bool skipped);

  const http::RatePolicy per_account_;
  const http::RatePolicy per_address_;
  http::MemoryRateStore memory_;
  http::RateStore* store_ = &memory_;
  std::unique_ptr<http::StoreOutage> outage_;
};

}  // namespace supplyhub::features
