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

// Money: integer minor units of an ISO 4217 currency. The exponent is the
// currency's number of decimals (JPY 0, USD 2, KWD 3).
bool IsCurrencyCode(std::string_view s);  // three letters A-Z
int CurrencyExponent(std::string_view currency);
// "130.5" in USD -> 13050; false when it is no decimal or has more decimals
// than the currency has.
bool ParseMoney(std::string_view s, int exponent, int64_t& minor);
// 13050 in USD -> "130.50".
std::string FormatMoney(int64_t minor, int exponent);

}  // namespace supplyhub::schema
