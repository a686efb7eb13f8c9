#include "features/oauth/redirect_uri.h"

#include <cctype>

namespace supplyhub::features {
namespace {

constexpr size_t kMaxLength = 2048;

bool IsLoopback(std::string_view host) { return host == "127.0.0.1" || host == "[::1]" || host == "localhost"; }

// The host of an authority "host[:port]" ("[v6]" kept bracketed); empty
// when the port is not digits.
std::string_view HostOf(std::string_view authority) {
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || authority.find(']', colon) != std::string_view::npos) return authority;
  std::string_view port = authority.substr(colon + 1);
  for (char c : port)
    if (!std::isdigit(static_cast<unsigned char>(c))) return {};
  if (port.size() > 5) return {};
  return authority.substr(0, colon);
}

}  // namespace

std::string RedirectUriProblem(std::string_view uri) {
  if (uri.size() > kMaxLength) return "is longer than " + std::to_string(kMaxLength) + " characters";
  for (unsigned char c : uri)
    if (c <= 0x20 || c == 0x7f) return "must not contain spaces or control characters";
  if (uri.find('#') != std::string_view::npos) return "must not have a fragment (#)";
  const bool https = uri.starts_with("https://");
  if (!https && !uri.starts_with("http://")) return "must be https (or http to 127.0.0.1, [::1] or localhost)";
  std::string_view rest = uri.substr(https ? 8 : 7);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) return "must not carry a user name or password (@)";
  std::string_view host = HostOf(authority);
  if (host.empty()) return "must name a host (and a numeric port, if any)";
  if (!https && !IsLoopback(host)) return "may use http only to 127.0.0.1, [::1] or localhost; use https";
  return {};
}

}  // namespace supplyhub::features
