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

std::optional<int64_t> LineAmount(int64_t quantity, int64_t unit_price, int exponent) {
  int64_t divisor = 1;  // millionths x millionths are 10^-12 units
  for (int i = exponent; i < 12; ++i) divisor *= 10;
  return MulDivRounded(quantity, unit_price, divisor);
}

Error OutOfRange(const std::string& field, const std::string& from) {
  return FieldsInvalid({{field, {"is out of range: " + from + " does not fit in a stored value"}}});
}

}  // namespace supplyhub::features
