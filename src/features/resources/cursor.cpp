#include "features/resources/cursor.h"

#include <charconv>
#include <cstdio>
#include <optional>

#include "core/crypto.h"
#include "core/hash.h"

namespace supplyhub::features {
namespace {

// Payload: fields as <length>:<bytes>, then 8 hex digits of Hash64 of them.
constexpr std::string_view kVersion = "1";
constexpr size_t kChecksumDigits = 8;

void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::optional<std::string_view> Take(std::string_view& in) {
  size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 5) return std::nullopt;
  size_t n = 0;
  auto [p, ec] = std::from_chars(in.data(), in.data() + colon, n);
  if (ec != std::errc() || p != in.data() + colon || n > in.size() - colon - 1) return std::nullopt;
  std::string_view field = in.substr(colon + 1, n);
  in.remove_prefix(colon + 1 + n);
  return field;
}

template <typename T>
bool Parse(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::string Checksum(std::string_view payload) { return Hex64(Hash64(payload)).substr(0, kChecksumDigits); }

Error Malformed() {
  return Error::Of(ErrorCode::kBadRequest,
                   "Query parameter 'after' is not a cursor this server made: pass meta.next_cursor of the "
                   "previous page unchanged (or an empty after= to start at the beginning)");
}

}  // namespace

std::string EncodeCursor(const Cursor& c) {
  std::string payload;
  Put(payload, kVersion);
  Put(payload, c.sort);
  Put(payload, Hex64(c.query));
  std::string value;
  if (const auto* i = std::get_if<int64_t>(&c.value)) {
    value = "i" + std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&c.value)) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", *d);  // round-trips exactly
    value = std::string("d") + text;
  } else if (const auto* s = std::get_if<std::string>(&c.value)) {
    value = "s" + *s;
  } else {
    value = "n";
  }
  Put(payload, value);
  Put(payload, std::to_string(c.id));
  payload += Checksum(payload);
  return Base64UrlEncode(payload);
}

Result<Cursor> DecodeCursor(std::string_view text) {
  if (text.size() > kMaxCursorLength) return Fail(Malformed());
  auto decoded = Base64UrlDecode(text);
  if (!decoded || decoded->size() <= kChecksumDigits) return Fail(Malformed());
  std::string_view all = *decoded;
  std::string_view payload = all.substr(0, all.size() - kChecksumDigits);
  if (all.substr(payload.size()) != Checksum(payload)) return Fail(Malformed());
  auto version = Take(payload), sort = Take(payload), query = Take(payload), value = Take(payload), id = Take(payload);
  if (!version || *version != kVersion || !sort || !query || !value || value->empty() || !id || !payload.empty())
    return Fail(Malformed());
  Cursor c;
  c.sort = std::string(*sort);
  auto [end, ec] = std::from_chars(query->data(), query->data() + query->size(), c.query, 16);
  if (query->size() != 16 || ec != std::errc() || end != query->data() + query->size()) return Fail(Malformed());
  std::string_view v = value->substr(1);
  switch (value->front()) {
    case 'n':
      if (!v.empty()) return Fail(Malformed());
      break;
    case 'i': {
      int64_t i = 0;
      if (!Parse(v, i)) return Fail(Malformed());
      c.value = i;
      break;
    }
    case 'd': {
      double d = 0;
      if (!Parse(v, d)) return Fail(Malformed());
      c.value = d;
      break;
    }
    case 's': c.value = std::string(v); break;
    default: return Fail(Malformed());
  }
  if (!Parse(*id, c.id) || c.id <= 0) return Fail(Malformed());
  return c;
}

}  // namespace supplyhub::features
