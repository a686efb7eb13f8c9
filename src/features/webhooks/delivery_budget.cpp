#include "features/webhooks/delivery_budget.h"

#include <algorithm>

namespace supplyhub::features {

int64_t TimeBucket::Available(int64_t full_at, int64_t now) const {
  const int64_t missing = std::max<int64_t>(0, full_at - now);  // time still needed to be full
  if (missing >= period) return 0;
  return (period - missing) * burst / period;
}

int64_t TimeBucket::Take(int64_t full_at, int64_t now, int64_t n) const {
  return std::max(full_at, now) + (n * period + burst - 1) / burst;  // n tokens' refill time, rounded up
}

int64_t TimeBucket::Wait(int64_t full_at, int64_t now) const {
  const int64_t one = (period + burst - 1) / burst;
  return std::max<int64_t>(0, std::max<int64_t>(0, full_at - now) + one - period);
}

TimeBucket DeliveryRate(int64_t per_second) { return TimeBucket{std::max<int64_t>(1, per_second), 1'000'000}; }

std::vector<int64_t> FairShares(int64_t room, const std::vector<int64_t>& capacity) {
  std::vector<int64_t> share(capacity.size(), 0);
  for (bool more = true; room > 0 && more;) {
    int64_t hungry = 0;
    for (size_t i = 0; i < capacity.size(); ++i) hungry += share[i] < capacity[i];
    if (hungry == 0) break;
    const int64_t each = std::max<int64_t>(1, room / hungry);
    more = false;
    for (size_t i = 0; i < capacity.size() && room > 0; ++i) {
      const int64_t give = std::min({each, capacity[i] - share[i], room});
      if (give <= 0) continue;
      share[i] += give;
      room -= give;
      more = true;
    }
  }
  return share;
}

}  // namespace supplyhub::features
