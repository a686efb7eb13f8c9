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

}  // namespace supplyhub::schema
