#pragma once
// A throwaway redis-server on a free port, which tests can hang (SIGSTOP),
// resume or kill to play an outage.
#include <cstdint>
#include <memory>
#include <string>

#include "support/test_server.h"

namespace supplyhub::testing {

class RedisProcess {
 public:
  // Starts it (on `port`, 0: a free one) and waits until it answers PING;
  // check ok() afterwards.
  explicit RedisProcess(const std::string& dir, uint16_t port = 0);
  bool ok() const { return ok_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  uint16_t port() const { return port_; }
  void Hang();    // SIGSTOP: connections open, nothing answers
  void Resume();  // SIGCONT
  void Kill();    // SIGKILL: connections refused
  // redis-cli against it; its output without the trailing newline.
  std::string Cli(const std::string& args) const;

 private:
  std::string dir_;
  uint16_t port_ = 0;
  std::unique_ptr<ServerProcess> process_;
  bool ok_ = false;
};

// A TCP port nobody listens on right now.
uint16_t FreePort();

}  // namespace supplyhub::testing
