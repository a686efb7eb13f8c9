#pragma once
// Our own transport-neutral request and response types. The Beast session
// fills a Request (views into its buffers, valid while the request is
// handled) and serializes the Response.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace supplyhub::http {

// The client's address: `peer`, unless `peer` is one of `trusted_proxies`;
// then the right-most X-Forwarded-For entry that is not a trusted proxy
// (entries further left could be forged by the client).
std::string_view ClientAddress(std::string_view peer, std::string_view forwarded_for,
                               const std::vector<std::string>& trusted_proxies);

struct Request {
  std::string_view method;
  std::string_view target;  // path and query as received
  std::string_view path;
  std::string_view query;   // after '?', undecoded
  std::string_view body;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  bool tls = false;
  std::string_view peer;    // client address, for throttling and logs
  std::string request_id;

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  void AddHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace supplyhub::http
