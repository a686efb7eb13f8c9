#include "support/redis_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace supplyhub::testing {

uint16_t FreePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

RedisProcess::RedisProcess(const std::string& dir, uint16_t port) : dir_(dir), port_(port ? port : FreePort()) {
  const std::string bin = "/usr/bin/redis-server";
  if (!std::filesystem::exists(bin)) {
    ADD_FAILURE() << "redis-server is missing: run scripts/install-deps.sh";
    return;
  }
  process_ = std::make_unique<ServerProcess>(
      std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no", "--dir", dir_},
      std::vector<std::string>{}, bin);
  for (int i = 0; i < 200 && !ok_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ok_ = Cli("ping") == "PONG";
  }
}

void RedisProcess::Hang() { process_->Signal(SIGSTOP); }
void RedisProcess::Resume() { process_->Signal(SIGCONT); }
void RedisProcess::Kill() { process_.reset(); }

std::string RedisProcess::Cli(const std::string& args) const {
  std::string out = Shell("redis-cli -p " + std::to_string(port_) + " " + args, true);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace supplyhub::testing
