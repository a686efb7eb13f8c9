#include "http/request.h"

#include <strings.h>

#include <cctype>
#include <string>

namespace supplyhub::http {

std::optional<std::string_view> Request::FindHeader(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return std::nullopt;
}

std::string_view Request::Header(std::string_view name) const { return FindHeader(name).value_or(std::string_view()); }

std::string Request::Origin() const {
  if (!public_url.empty()) return std::string(public_url);
  std::string_view host = Header("Host");
  if (host.empty()) return {};
  return std::string(tls ? "https://" : "http://") + std::string(host);
}

namespace {

bool Is(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<void> CheckFraming(unsigned version,
                          const std::vector<std::pair<std::string_view, std::string_view>>& headers) {
  int transfer_encodings = 0, content_lengths = 0, hosts = 0;
  for (const auto& [name, value] : headers) {
    if (Is(name, "Transfer-Encoding")) {
      ++transfer_encodings;
      if (!Is(Trim(value), "chunked"))
        return Fail(ErrorCode::kBadRequest, "Transfer-Encoding must be exactly \"chunked\"");
    } else if (Is(name, "Content-Length")) {
      ++content_lengths;
    } else if (Is(name, "Host")) {
      ++hosts;
      // It becomes part of absolute links: a host name or address, a port.
      for (char c : value)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']' && c != '_')
          return Fail(ErrorCode::kBadRequest, "The Host header is not a host name");
    }
  }
  if (transfer_encodings > 1) return Fail(ErrorCode::kBadRequest, "Transfer-Encoding is given more than once");
  if (transfer_encodings && version < 11) return Fail(ErrorCode::kBadRequest, "HTTP/1.0 has no Transfer-Encoding");
  if (transfer_encodings && content_lengths)
    return Fail(ErrorCode::kBadRequest, "Transfer-Encoding and Content-Length together are ambiguous");
  if (content_lengths > 1) return Fail(ErrorCode::kBadRequest, "Content-Length is given more than once");
  if (version >= 11 && hosts != 1) return Fail(ErrorCode::kBadRequest, "An HTTP/1.1 request needs exactly one Host header");
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
