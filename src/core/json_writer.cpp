#include "core/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace supplyhub {
namespace {

constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

// The length of the well-formed UTF-8 sequence at p (Unicode 15, table
// 3-7), or 0 when the bytes there are not one.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  auto in = [&](size_t i, unsigned char lo, unsigned char hi) { return p + i < end && p[i] >= lo && p[i] <= hi; };
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace

// True when any of the 8 bytes is '"', '\\', a control character or not
// ASCII (SWAR).
inline bool BlockNeedsEscape(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  uint64_t control = (v - 0x2020202020202020ULL) & ~v & kHigh;  // bytes below 0x20
  return (control | (v & kHigh) | has_zero(v ^ (kOnes * '"')) | has_zero(v ^ (kOnes * '\\'))) != 0;
}

void JsonWriter::AppendString(std::string_view s) {
  out_.reserve(out_.size() + s.size() + 2);
  out_ += '"';
  const char* p = s.data();
  const char* end = p + s.size();
  const char* clean = p;  // start of the run not yet copied
  while (p < end) {
    if (end - p >= 8 && !BlockNeedsEscape(p)) {
      p += 8;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      // Text echoed from a request may not be UTF-8: what is not becomes
      // U+FFFD, so the document stays valid JSON.
      size_t n = Utf8SequenceLength(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end));
      if (n) {
        p += n;
        continue;
      }
      out_.append(clean, static_cast<size_t>(p - clean));
      out_ += "\\ufffd";
      clean = ++p;
      continue;
    }
    if (!kNeedsEscape[c]) {
      ++p;
      continue;
    }
    out_.append(clean, static_cast<size_t>(p - clean));
    clean = ++p;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default: {
        static const char* kHex = "0123456789abcdef";
        char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out_.append(esc, sizeof esc);
      }
    }
  }
  out_.append(clean, static_cast<size_t>(end - clean));
  out_ += '"';
}

JsonWriter& JsonWriter::Int(int64_t v) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, static_cast<size_t>(end - buf));
  return *this;
}

JsonWriter& JsonWriter::Double(double v) {
  Separate();
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity
    out_ += "null";
    return *this;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out_ += text;
  if (text.find_first_of(".eE") == std::string_view::npos) out_ += ".0";  // keep it a number with a fraction
  return *this;
}

}  // namespace supplyhub
