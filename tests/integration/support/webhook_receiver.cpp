#include "support/webhook_receiver.h"

#include <algorithm>
#include <chrono>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace supplyhub::testing {

int ListenOnLoopback(uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(fd, 128);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

Tarpit::Tarpit() {
  listener_ = ListenOnLoopback(port_);
  thread_ = std::thread([this] {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      if (int fd = ::accept(listener_, nullptr, nullptr); fd >= 0) held_.push_back(fd);
    }
  });
}

Tarpit::~Tarpit() {
  stopping_ = true;
  thread_.join();
  for (int fd : held_) ::close(fd);
  ::close(listener_);
}

WebhookReceiver::WebhookReceiver() {
  listener_ = ListenOnLoopback(port_);
  acceptor_ = std::thread([this] { Accept(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : connections_) t.join();
  for (int fd : fds_) ::close(fd);
  ::close(listener_);
}

std::string WebhookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::Answer(std::function<HookAnswer(const ReceivedHook&)> answer) {
  std::lock_guard lock(mutex_);
  answer_ = std::move(answer);
}

std::vector<ReceivedHook> WebhookReceiver::Received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

size_t WebhookReceiver::CountOn(const std::string& path) const {
  if (path.empty()) return received_.size();
  return static_cast<size_t>(
      std::count_if(received_.begin(), received_.end(), [&](const ReceivedHook& h) { return h.path == path; }));
}

bool WebhookReceiver::WaitFor(size_t n, int timeout_ms, const std::string& path) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return CountOn(path) >= n; });
}

void WebhookReceiver::Accept() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    fds_.push_back(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void WebhookReceiver::Serve(int fd) {
  std::string buffer;
  char chunk[16384];
  auto read_more = [&] {
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      int ready = ::poll(&p, 1, 50);
      if (ready == 0) continue;
      ssize_t n = ready > 0 ? ::recv(fd, chunk, sizeof chunk, 0) : -1;
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
      return true;
    }
    return false;
  };
  while (!stopping_) {
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos)
      if (!read_more()) return;
    ReceivedHook hook;
    std::string head = buffer.substr(0, end);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    hook.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t length = 0;
    for (size_t at = line_end + 2; at < head.size() && line_end != std::string::npos;) {
      size_t next = head.find("\r\n", at);
      if (next == std::string::npos) next = head.size();
      std::string line = head.substr(at, next - at);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon), value = line.substr(colon + 1);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        value.erase(0, value.find_first_not_of(' '));
        hook.headers[name] = value;
        if (name == "content-length") length = std::stoul(value);
      }
      at = next + 2;
    }
    while (buffer.size() < end + 4 + length)
      if (!read_more()) return;
    hook.body = buffer.substr(end + 4, length);
    buffer.erase(0, end + 4 + length);
    std::function<HookAnswer(const ReceivedHook&)> decide;
    {
      std::lock_guard lock(mutex_);
      decide = answer_;
    }
    HookAnswer answer = decide ? decide(hook) : HookAnswer{};
    if (answer.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(answer.delay_ms));
    {
      std::lock_guard lock(mutex_);
      received_.push_back(hook);
    }
    arrived_.notify_all();
    std::string response = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\nContent-Length: 2\r\n";
    for (const auto& [name, value] : answer.headers) response += name + ": " + value + "\r\n";
    response += "\r\nok";
    if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) < 0) return;
  }
}

}  // namespace supplyhub::testing
