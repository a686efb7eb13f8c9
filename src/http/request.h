#pragma once
// Our own transport-neutral request and response types. The Beast session
// fills a Request (views into its buffers, valid while the request is
// handled) and serializes the Response.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace supplyhub::http {

// The client's address: `peer`, unless `peer` is one of `trusted_proxies`;
// then the right-most X-Forwarded-For entry that is not a trusted proxy
// (entries further left could be forged by the client).
std::string_view ClientAddress(std::string_view peer, std::string_view forwarded_for,
                               const std::vector<std::string>& trusted_proxies);

// How a request's length is framed must be unambiguous (RFC 9112 §6): a
// Transfer-Encoding other than exactly `chunked`, one next to a
// Content-Length, several Content-Lengths, or HTTP/1.1 without exactly one
// Host is kBadRequest, and the connection must close (a proxy in front may
// have framed it differently: request smuggling). `version` is 10 or 11.
Result<void> CheckFraming(unsigned version,
                          const std::vector<std::pair<std::string_view, std::string_view>>& headers);

struct Request {
  std::string_view method;
  std::string_view target;  // path and query as received
  std::string_view path;
  std::string_view query;   // after '?', undecoded
  std::string_view body;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  bool tls = false;
  std::string_view peer;    // client address, for throttling and logs
  std::string_view public_url;  // --public-url: our origin, whatever Host says
  std::string request_id;

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
  // The same, telling an absent header from an empty one.
  std::optional<std::string_view> FindHeader(std::string_view name) const;
  // "scheme://host[:port]" for absolute links and the OAuth issuer: the
  // configured public URL, else from Host; empty when neither is known.
  std::string Origin() const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  void AddHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace supplyhub::http
