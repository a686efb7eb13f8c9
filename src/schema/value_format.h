#pragma once
// Format checks shared by validation and query-parameter parsing.
#include <string>
#include <string_view>

#include "schema/field.h"

namespace supplyhub::schema {

bool IsDate(std::string_view s);      // YYYY-MM-DD, a real calendar day
bool IsDateTime(std::string_view s);  // RFC 3339: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
size_t Utf8Length(std::string_view s);
// The declared spelling of an enum value, matched case-insensitively; empty if none.
std::string CanonicalEnumValue(const Field& field, std::string_view value);
// An exact decimal ("-12.5", "3", "0.000001") as millionths; false when it is
// not one, has more than 6 decimals or is out of range.
bool ParseDecimal(std::string_view s, int64_t& millionths);
// The shortest text of a decimal in millionths: "12.5", "3", "-0.25".
std::string FormatDecimal(int64_t millionths);

}  // namespace supplyhub::schema
