#pragma once
// An HTTP server of the test's own that webhook deliveries go to: it keeps
// every request it gets and answers as the test says (a status, headers, a
// delay), one thread per connection so slow answers block only themselves.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace supplyhub::testing {

struct ReceivedHook {
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json Json() const { return nlohmann::json::parse(body); }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HookAnswer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;
};

// A TCP listener on 127.0.0.1 and a free port (written to `port`); its descriptor.
int ListenOnLoopback(uint16_t& port);

// A receiver that accepts connections and never answers: every delivery to
// it runs into the delivery timeout.
class Tarpit {
 public:
  Tarpit();
  ~Tarpit();
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/tarpit"; }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<int> held_;  // the accept thread's only
  std::thread thread_;
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  uint16_t port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const;
  // Decides each answer (default: 200 at once). Called before the request is counted as received.
  void Answer(std::function<HookAnswer(const ReceivedHook&)> answer);
  std::vector<ReceivedHook> Received() const;
  // Waits until at least `n` requests arrived (on `path`, when given); true if they did.
  bool WaitFor(size_t n, int timeout_ms = 15000, const std::string& path = "") const;

 private:
  void Accept();
  void Serve(int fd);
  size_t CountOn(const std::string& path) const;

  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<ReceivedHook> received_;
  std::function<HookAnswer(const ReceivedHook&)> answer_;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
  std::vector<int> fds_;
};

}  // namespace supplyhub::testing
