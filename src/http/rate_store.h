#pragma once
// Where token buckets live when several nodes share them (PostgreSQL or
// Redis). One call refills a bucket for the time elapsed and takes tokens
// from it, atomically, so the nodes together never exceed the policy.
#include <cstdint>

#include "core/error.h"
#include "core/task.h"

namespace supplyhub::http {

struct RatePolicy {
  int64_t capacity = 600;
  double refill_per_second = 100;
};

struct RateGrant {
  int64_t granted = 0;  // whole tokens taken: 0 when less than one was there
  double level = 0;     // tokens left in the shared bucket afterwards
};

class RateStore {
 public:
  virtual ~RateStore() = default;
  // Takes up to `want` tokens from the bucket of (org, client); a new bucket starts full.
  virtual Task<Result<RateGrant>> Take(int64_t org, int64_t client, RatePolicy policy, int64_t want) = 0;
};

}  // namespace supplyhub::http
