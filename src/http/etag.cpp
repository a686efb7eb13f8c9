#include "http/etag.h"

#include <algorithm>

#include "core/hash.h"

namespace supplyhub::http {

std::string ETagOf(std::string_view json) {
  std::string tag;
  tag.reserve(18);
  tag += '"';
  tag += Hex64(Hash64(json));
  tag += '"';
  return tag;
}

bool EntityTags::MatchesStrongly(std::string_view etag) const {
  return any || std::find(strong.begin(), strong.end(), etag) != strong.end();
}

bool EntityTags::MatchesWeakly(std::string_view etag) const {
  return MatchesStrongly(etag) || std::find(weak.begin(), weak.end(), etag) != weak.end();
}

// #entity-tag (RFC 9110): [W/] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text;
// elements separated by commas with optional spaces, or exactly "*".
Result<EntityTags> ParseEntityTags(std::string_view v, std::string_view name) {
  auto bad = [&] {
    return Fail(ErrorCode::kBadRequest, std::string(name) +
                                            " must be \"*\" or a comma-separated list of entity tags such as "
                                            "\"a1b2c3\" (with the quotes), as the ETag header gave them");
  };
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  EntityTags tags;
  v = trim(v);
  if (v == "*") {
    tags.any = true;
    return tags;
  }
  if (v.empty() || v.size() > 4096) return bad();
  size_t count = 0;
  while (!v.empty()) {
    bool weak = v.substr(0, 2) == "W/";
    if (weak) v.remove_prefix(2);
    if (v.empty() || v.front() != '"') return bad();
    size_t close = 1;
    while (close < v.size() && v[close] != '"') {
      auto c = static_cast<unsigned char>(v[close]);
      if (c < 0x21 || c == 0x7F) return bad();
      ++close;
    }
    if (close == v.size()) return bad();
    std::string tag(v.substr(0, close + 1));
    (weak ? tags.weak : tags.strong).push_back(std::move(tag));
    if (++count > 64) return bad();
    v = trim(v.substr(close + 1));
    if (v.empty()) break;
    if (v.front() != ',') return bad();
    v = trim(v.substr(1));
    if (v.empty()) return bad();
  }
  return tags;
}

}  // namespace supplyhub::http
