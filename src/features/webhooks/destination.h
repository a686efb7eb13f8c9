#pragma once
// Where a webhook may go. A URL is http(s)://host[:port][/path][?query],
// without credentials or fragment, at most 2048 bytes; production
// organizations need https (seed 003). The SSRF guard refuses addresses on
// loopback, private, shared (CGNAT), link-local (cloud metadata
// 169.254.169.254 included), multicast and reserved ranges, IPv4-mapped IPv6
// included: at registration (every address the name resolves to) and again on
// every connection, on the address actually connected to (delivery.cpp), so
// a name that later resolves elsewhere gains nothing.
#include <string>
#include <string_view>

#include <sys/socket.h>

#include "core/error.h"

namespace supplyhub::features {

struct WebhookUrl {
  std::string scheme, host, port;  // port: explicit or the scheme's
};

Result<WebhookUrl> ParseWebhookUrl(std::string_view url, bool production);
bool IsPublicAddress(const sockaddr* address);
// Resolves `url`'s host (blocking: run it off the I/O threads); a 422 unless
// every address is public (or `allow_private`).
Result<void> CheckDestination(const WebhookUrl& url, bool allow_private);

}  // namespace supplyhub::features
