#pragma once
// Overflow-checked 64-bit arithmetic for money (integer minor units) and
// quantities (integer millionths): a result that does not fit is nullopt,
// never a wrapped or clamped number. Callers turn nullopt into a 422 naming
// the field the result was for.
#include <cstdint>
#include <optional>

namespace supplyhub {

inline std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

inline std::optional<int64_t> CheckedSub(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

inline std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a x b / divisor (divisor > 0), rounded half away from zero, in 128 bits:
// nullopt when the result does not fit in 64 bits.
std::optional<int64_t> MulDivRounded(int64_t a, int64_t b, int64_t divisor);

// A sum of terms that stays failed once a term is missing (a failed
// computation) or the sum no longer fits: `total += CheckedMul(q, p)`.
class CheckedSum {
 public:
  CheckedSum() = default;
  explicit CheckedSum(int64_t start) : value_(start) {}

  CheckedSum& operator+=(std::optional<int64_t> term) {
    if (!value_ || !term) value_.reset();
    else value_ = CheckedAdd(*value_, *term);
    return *this;
  }
  CheckedSum& operator-=(std::optional<int64_t> term) {
    if (!value_ || !term) value_.reset();
    else value_ = CheckedSub(*value_, *term);
    return *this;
  }

  bool ok() const { return value_.has_value(); }
  // The sum; nullopt once it overflowed.
  const std::optional<int64_t>& value() const { return value_; }

 private:
  std::optional<int64_t> value_ = int64_t{0};
};

}  // namespace supplyhub
