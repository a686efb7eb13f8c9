#include "core/checked_int.h"

#include <limits>

namespace supplyhub {

std::optional<int64_t> MulDivRounded(int64_t a, int64_t b, int64_t divisor) {
  __extension__ typedef __int128 Wide;  // |a x b| < 2^126: the product itself always fits
  if (divisor <= 0) return std::nullopt;
  Wide product = static_cast<Wide>(a) * b;
  Wide half = divisor / 2;
  Wide q = product >= 0 ? (product + half) / divisor : (product - half) / divisor;
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) return std::nullopt;
  return static_cast<int64_t>(q);
}

}  // namespace supplyhub
