#include "http/request.h"

#include <strings.h>

namespace supplyhub::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

std::string_view ClientAddress(std::string_view peer, std::string_view forwarded_for,
                               const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view a) {
    for (const auto& t : trusted)
      if (t == a) return true;
    return false;
  };
  if (forwarded_for.empty() || !is_trusted(peer)) return peer;
  std::string_view chosen = peer;
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (entry.empty()) break;
    chosen = entry;
    if (!is_trusted(entry)) break;
  }
  return chosen;
}

}  // namespace supplyhub::http
