#include "support/http_client.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>

#include <cctype>
#include <stdexcept>

namespace supplyhub::testing {

std::string BasicAuth(const std::string& id, const std::string& secret) {
  std::string in = id + ":" + secret;
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return "Basic " + out;
}

int ConnectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

HttpClient::~HttpClient() {
  if (fd_ >= 0) ::close(fd_);
}

void HttpClient::Reconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  EnsureConnected();
}

void HttpClient::EnsureConnected() {
  if (fd_ >= 0) return;
  fd_ = ConnectLoopback(port_);
  if (fd_ < 0) throw std::runtime_error("cannot connect to port " + std::to_string(port_));
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void HttpClient::SendRaw(const std::string& bytes) {
  EnsureConnected();
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<size_t>(n);
  }
}

bool HttpClient::ReadMore(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

HttpResponse HttpClient::ReadResponse() {
  size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!ReadMore()) throw std::runtime_error("connection closed before a response");
  HttpResponse r;
  std::string head = buffer_.substr(0, header_end);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  r.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[name] = value;
    pos = end + 2;
  }
  size_t length = std::stoul(r.Header("content-length").empty() ? "0" : r.Header("content-length"));
  size_t body_start = header_end + 4;
  while (buffer_.size() < body_start + length)
    if (!ReadMore()) throw std::runtime_error("connection closed in the middle of a body");
  r.body = buffer_.substr(body_start, length);
  buffer_.erase(0, body_start + length);
  if (r.Header("connection") == "close") {
    ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }
  return r;
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                              const Headers& headers) {
  bool own_host = false;
  for (const auto& h : headers) own_host = own_host || strcasecmp(h.first.c_str(), "Host") == 0;
  std::string req = method + " " + target + " HTTP/1.1\r\n";
  if (!own_host) req += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  for (const auto& [k, v] : defaults_) {
    bool overridden = false;
    for (const auto& h : headers) overridden = overridden || strcasecmp(h.first.c_str(), k.c_str()) == 0;
    if (!overridden) req += k + ": " + v + "\r\n";
  }
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  try {
    SendRaw(req);
    return ReadResponse();
  } catch (const std::exception&) {
    Reconnect();  // the server may have closed an idle keep-alive connection
    SendRaw(req);
    return ReadResponse();
  }
}

static Headers WithJson(Headers h) {
  h.emplace_back("Content-Type", "application/json");
  return h;
}

HttpResponse HttpClient::Post(const std::string& t, const std::string& json, Headers h) {
  return Send("POST", t, json, WithJson(std::move(h)));
}
HttpResponse HttpClient::Put(const std::string& t, const std::string& json, Headers h) {
  return Send("PUT", t, json, WithJson(std::move(h)));
}
HttpResponse HttpClient::Patch(const std::string& t, const std::string& json, Headers h) {
  return Send("PATCH", t, json, WithJson(std::move(h)));
}

bool HttpClient::WaitClosed(int timeout_ms) {
  EnsureConnected();
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char c;
  bool closed = ::recv(fd_, &c, 1, MSG_PEEK) == 0;
  if (closed) {
    ::close(fd_);
    fd_ = -1;
  }
  return closed;
}

}  // namespace supplyhub::testing
