#include "features/webhooks/destination.h"

#include <algorithm>
#include <cstring>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

namespace supplyhub::features {
namespace {

Error Invalid(std::string message) {
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields["url"].push_back(std::move(message));
  return e;
}

bool PublicV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  return !(in(0x00000000, 8) ||    // 0.0.0.0/8
           in(0x0A000000, 8) ||    // 10/8
           in(0x64400000, 10) ||   // 100.64/10 shared (CGNAT)
           in(0x7F000000, 8) ||    // loopback
           in(0xA9FE0000, 16) ||   // link-local, cloud metadata
           in(0xAC100000, 12) ||   // 172.16/12
           in(0xC0000000, 24) ||   // 192.0.0/24 protocol assignments
           in(0xC0000200, 24) ||   // TEST-NET-1
           in(0xC0A80000, 16) ||   // 192.168/16
           in(0xC6120000, 15) ||   // 198.18/15 benchmarking
           in(0xC6336400, 24) ||   // TEST-NET-2
           in(0xCB007100, 24) ||   // TEST-NET-3
           in(0xE0000000, 4) ||    // multicast
           in(0xF0000000, 4));     // reserved, broadcast
}

}  // namespace

Result<WebhookUrl> ParseWebhookUrl(std::string_view url, bool production) {
  if (url.size() > 2048) return Fail(Invalid("must be at most 2048 characters"));
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
    return Fail(Invalid("must not contain spaces or control characters"));
  WebhookUrl out;
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return Fail(Invalid("must be an absolute http or https URL"));
  out.scheme = std::string(url.substr(0, colon));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(), ::tolower);
  if (out.scheme != "https" && out.scheme != "http") return Fail(Invalid("must use https (or http in a sandbox)"));
  if (out.scheme == "http" && production)
    return Fail(Invalid("must use https: production organizations only deliver over TLS"));
  std::string_view rest = url.substr(colon + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos && rest.find('#') != std::string_view::npos)
    return Fail(Invalid("must not have a fragment"));
  if (authority.find('@') != std::string_view::npos)
    return Fail(Invalid("must not carry credentials (use the endpoint's headers)"));
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Fail(Invalid("has a malformed IPv6 address"));
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Fail(Invalid("has a malformed host"));
      port = authority.substr(close + 2);
    }
  } else if (size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty() || host.size() > 253) return Fail(Invalid("must name a host"));
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
      return Fail(Invalid("has an invalid port"));
  }
  out.host = std::string(host);
  out.port = port.empty() ? (out.scheme == "https" ? "443" : "80") : std::string(port);
  return out;
}

bool IsPublicAddress(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return PublicV4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family != AF_INET6) return false;
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
  const uint8_t* b = v6->sin6_addr.s6_addr;
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0)  // ::ffff:a.b.c.d is a.b.c.d
    return PublicV4((uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15]);
  if (std::all_of(b, b + 12, [](uint8_t x) { return x == 0; })) return false;  // ::/96: ::, ::1, v4-compatible
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if ((b[0] & 0xfe) == 0xfc) return false;                  // fc00::/7 unique local
  if (b[0] == 0xff) return false;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // documentation
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false;  // NAT64 of anything
  return true;
}

Result<void> CheckDestination(const WebhookUrl& url, bool allow_private) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); rc != 0)
    return Fail(Invalid("host '" + url.host + "' does not resolve (" + gai_strerror(rc) + ")"));
  bool all_public = true;
  for (addrinfo* a = found; a; a = a->ai_next) all_public = all_public && IsPublicAddress(a->ai_addr);
  ::freeaddrinfo(found);
  if (!all_public && !allow_private)
    return Fail(Invalid("resolves to a loopback, private, link-local or otherwise internal address; webhooks only "
                        "go to public addresses"));
  return {};
}

}  // namespace supplyhub::features
