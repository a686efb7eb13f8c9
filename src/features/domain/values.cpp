#include "features/domain/operations.h"

namespace supplyhub::features {

int64_t IntField(const schema::Resource& r, const schema::Record& rec, std::string_view name, int64_t fallback) {
  const auto* i = std::get_if<int64_t>(&FieldValue(r, rec, name));
  return i ? *i : fallback;
}

std::string TextField(const schema::Resource& r, const schema::Record& rec, std::string_view name) {
  const auto* s = std::get_if<std::string>(&FieldValue(r, rec, name));
  return s ? *s : std::string();
}

int64_t LineAmount(int64_t quantity, int64_t unit_price, int exponent) {
  WideInt product = static_cast<WideInt>(quantity) * unit_price;  // 10^-12 units
  WideInt divisor = 1;
  for (int i = exponent; i < 12; ++i) divisor *= 10;
  WideInt half = divisor / 2;
  return static_cast<int64_t>(product >= 0 ? (product + half) / divisor : (product - half) / divisor);
}

}  // namespace supplyhub::features
