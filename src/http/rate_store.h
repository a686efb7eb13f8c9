#pragma once
// Where token buckets live when several nodes share them (PostgreSQL or
// Redis), or in memory on a single node. One call refills a bucket for the
// time elapsed and takes tokens from it, atomically, so the nodes together
// never exceed the policy.
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

// Names a bucket. Rate limits use (organization, client); other kinds of
// buckets (the login throttle's) use a negative scope, which no organization
// id has, and their own ids.
struct RateKey {
  int64_t scope = 0;
  int64_t id = 0;
  bool operator==(const RateKey&) const = default;
};

class RateStore {
 public:
  virtual ~RateStore() = default;
  // Takes up to `want` tokens from the bucket; a new bucket starts full.
  // want == 0 only looks: the level it reports, nothing taken or written.
  virtual Task<Result<RateGrant>> Take(RateKey key, RatePolicy policy, int64_t want) = 0;
  // Forgets the bucket: it is full again.
  virtual Task<Result<void>> Refill(RateKey key) = 0;
};

}  // namespace supplyhub::http
