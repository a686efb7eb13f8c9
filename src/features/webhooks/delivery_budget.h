#pragma once
// How much an endpoint may take now, as pure functions (unit-tested without a
// database): token buckets stored as one number — the time the bucket is full
// again — so they live in the endpoint's row and every node shares them; and
// the fair shares a claim gives the endpoints that have due messages.
#include <cstdint>
#include <vector>

namespace supplyhub::features {

// A bucket of `burst` tokens that refills completely in `period` (one token
// every period / burst), kept as `full_at`: the time it is full again (any
// unit, the same for `now` and `period`). A new bucket (full_at 0) is full.
struct TimeBucket {
  int64_t burst = 1, period = 1;

  // Tokens available at `now`.
  int64_t Available(int64_t full_at, int64_t now) const;
  // `full_at` after taking `n` tokens at `now` (n <= Available()).
  int64_t Take(int64_t full_at, int64_t now, int64_t n) const;
  // How long until one token is available (0: now).
  int64_t Wait(int64_t full_at, int64_t now) const;
};

// Delivery rate limits (deliveries per second, a burst of one second's worth)
// in microseconds; rotations of an endpoint's secret (kRotationsPerHour an
// hour, as a bucket of that many refilled over the hour) in seconds.
TimeBucket DeliveryRate(int64_t per_second);
inline constexpr int64_t kRotationsPerHour = 10;
inline constexpr TimeBucket kRotations{kRotationsPerHour, 3600};

// Splits `room` messages among endpoints that may take `capacity[i]` each,
// listed in the claim's (rotating) order: rounds of equal shares, so an
// endpoint gets min(its capacity, a fair share) and what one cannot use goes
// to the others; a remainder goes to those listed first.
std::vector<int64_t> FairShares(int64_t room, const std::vector<int64_t>& capacity);

}  // namespace supplyhub::features
