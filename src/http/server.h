#pragma once
// The HTTP(S) listener: one io_context and one SO_REUSEPORT acceptor per
// thread, one coroutine per connection. All of Beast and Asio stays in
// server.cpp, the one translation unit that pays for their templates.
#include <cstdint>
#include <memory>

#include "core/config.h"
#include "core/error.h"
#include "http/dispatcher.h"

namespace supplyhub::http {

class Server {
 public:
  Server(const Config& config, Dispatcher& dispatcher);
  ~Server();

  // Binds and starts the I/O threads. Returns the bound port.
  Result<uint16_t> Start();
  // Graceful stop: stop accepting, let in-flight requests finish, close idle
  // connections; after the grace period, force. Safe from any thread.
  void Stop();
  // Blocks until every I/O thread has finished.
  void Wait();
  // A stop signal arrived (or Stop was called): not ready for new traffic.
  bool Draining() const;
  // Blocks until SIGINT or SIGTERM, then Stop() and Wait().
  // Blocks SIGINT/SIGTERM in the calling thread (and threads it starts
  // later) until RunUntilSignal is ready for them. Call before Start().
  static void HoldStopSignals();
  void RunUntilSignal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supplyhub::http
