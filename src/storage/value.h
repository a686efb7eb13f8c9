#pragma once
// A bound parameter or a column value. Booleans travel as integers 0/1;
// arrays and objects as their JSON text.
#include <cstdint>
#include <string>
#include <variant>

namespace supplyhub::storage {

using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

}  // namespace supplyhub::storage
