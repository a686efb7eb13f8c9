#include "schema/value_format.h"

#include <algorithm>

#include <cctype>
#include <strings.h>

namespace supplyhub::schema {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool ValidDay(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

bool IsDate(std::string_view s) {
  int y, m, d;
  return s.size() == 10 && Digits(s, 0, 4, y) && s[4] == '-' && Digits(s, 5, 2, m) && s[7] == '-' &&
         Digits(s, 8, 2, d) && ValidDay(y, m, d);
}

bool IsDateTime(std::string_view s) {
  int hh, mm, ss;
  if (s.size() < 20 || !IsDate(s.substr(0, 10)) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return false;
  if (!Digits(s, 11, 2, hh) || s[13] != ':' || !Digits(s, 14, 2, mm) || s[16] != ':' || !Digits(s, 17, 2, ss))
    return false;
  if (hh > 23 || mm > 59 || ss > 60) return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  int oh, om;
  return (s[i] == '+' || s[i] == '-') && s.size() == i + 6 && Digits(s, i + 1, 2, oh) && s[i + 3] == ':' &&
         Digits(s, i + 4, 2, om) && oh < 24 && om < 60;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string CanonicalEnumValue(const Field& field, std::string_view value) {
  for (const std::string& v : field.enum_values)
    if (v.size() == value.size() && strncasecmp(v.data(), value.data(), v.size()) == 0) return v;
  return {};
}

bool ParseDecimal(std::string_view s, int64_t& out) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > 6 || (dot != std::string_view::npos && frac.empty()))
    return false;
  int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  for (size_t i = 0; i < 6; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = negative ? -value : value;
  return true;
}

std::string FormatDecimal(int64_t v) {
  std::string sign = v < 0 ? "-" : "";
  uint64_t a = v < 0 ? uint64_t(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string text = sign + std::to_string(a / kDecimalScale);
  uint64_t frac = a % kDecimalScale;
  if (frac == 0) return text;
  std::string digits = std::to_string(frac);
  digits = std::string(6 - digits.size(), '0') + digits;
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

int CurrencyExponent(std::string_view currency) {
  static constexpr std::string_view kNone[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                               "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
  static constexpr std::string_view kThree[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  for (auto c : kNone)
    if (c == currency) return 0;
  for (auto c : kThree)
    if (c == currency) return 3;
  return 2;
}

bool ParseMoney(std::string_view s, int exponent, int64_t& minor) {
  int64_t millionths = 0;
  if (!ParseDecimal(s, millionths)) return false;
  int64_t unit = 1;
  for (int i = exponent; i < 6; ++i) unit *= 10;  // millionths per minor unit
  if (millionths % unit != 0) return false;
  minor = millionths / unit;
  return true;
}

std::string FormatMoney(int64_t minor, int exponent) {
  std::string sign = minor < 0 ? "-" : "";
  uint64_t a = minor < 0 ? uint64_t(0) - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  std::string text = sign + std::to_string(a / scale);
  if (exponent == 0) return text;
  std::string digits = std::to_string(a % scale);
  return text + "." + std::string(static_cast<size_t>(exponent) - digits.size(), '0') + digits;
}

}  // namespace supplyhub::schema
