#pragma once
// A small blocking HTTP/1.1 client for tests: real sockets, keep-alive, and
// raw access for pipelining and malformed-request cases.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace supplyhub::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json Json() const { return nlohmann::json::parse(body); }
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// "Basic <base64(id:secret)>" (RFC 7617), as OAuth clients authenticate.
std::string BasicAuth(const std::string& id, const std::string& secret);
// A TCP connection to 127.0.0.1:port, or -1.
int ConnectLoopback(uint16_t port);

class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : port_(port) {}
  ~HttpClient();

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const Headers& headers = {});
  HttpResponse Get(const std::string& target, const Headers& headers = {}) { return Send("GET", target, "", headers); }
  HttpResponse Delete(const std::string& target, const Headers& headers = {}) {
    return Send("DELETE", target, "", headers);
  }
  // JSON bodies with Content-Type: application/json.
  HttpResponse Post(const std::string& target, const std::string& json, Headers headers = {});
  HttpResponse Put(const std::string& target, const std::string& json, Headers headers = {});
  HttpResponse Patch(const std::string& target, const std::string& json, Headers headers = {});

  // Sent with every request unless the call names the same header.
  void SetDefaultHeaders(Headers headers) { defaults_ = std::move(headers); }

  // Raw bytes on the connection, and reading one response off it.
  void SendRaw(const std::string& bytes);
  HttpResponse ReadResponse();
  // True when the server closed the connection within `timeout_ms`.
  bool WaitClosed(int timeout_ms);
  void Reconnect();

 private:
  void EnsureConnected();
  bool ReadMore(int timeout_ms = 10000);

  uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
  Headers defaults_;
};

}  // namespace supplyhub::testing
