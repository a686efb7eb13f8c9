// Issue 8, resource exhaustion and draining, against the real binary: out of
// file descriptors, too many connections, too many buffered bodies, slow
// bodies, and /readyz while a node drains after SIGTERM.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_server.h"
#include "support/build_paths.h"

namespace supplyhub::testing {
namespace {

void SendAll(int fd, const std::string& bytes) {
  for (size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

// What arrives on `fd` within `timeout_ms`; `closed` tells whether the server closed it.
std::string Receive(int fd, int timeout_ms, bool* closed = nullptr) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  if (closed) *closed = false;
  for (;;) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, left) <= 0) return out;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (closed) *closed = true;
      return out;
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

// CPU seconds (user + system) the process has used.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  unsigned long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoul(f);
    if (i == 15) stime = std::stoul(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

size_t RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  return 0;
}

class ServerLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override {
    for (int fd : fds_) ::close(fd);
    std::filesystem::remove_all(dir_);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // The server under `ulimit -n files` (0: as inherited), with `flags`.
  std::unique_ptr<ServerProcess> Start(int files, const std::string& flags) {
    std::string command = (files ? "ulimit -n " + std::to_string(files) + " && " : std::string()) + "exec " +
                          SupplyhubBin() + " serve --threads 1 --port 0 --port-file " + Path("port") + " --data-dir " +
                          Path("data") + " " + flags;
    auto server = std::make_unique<ServerProcess>(std::vector<std::string>{"-c", command}, std::vector<std::string>{},
                                                  "/bin/bash");
    port_ = server->WaitForPort(Path("port"), 20000);
    EXPECT_NE(port_, 0);
    return server;
  }
  void Open(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      int fd = ConnectLoopback(port_);
      if (fd >= 0) fds_.push_back(fd);
    }
  }
  void CloseAll() {
    for (int fd : fds_) ::close(fd);
    fds_.clear();
  }
  int HealthStatus() {
    HttpClient c(port_);
    return c.Get("/healthz").status;
  }

  std::string dir_;
  uint16_t port_ = 0;
  std::vector<int> fds_;
};

TEST_F(ServerLimitsTest, OutOfDescriptorsTheAcceptLoopBacksOffAndRecovers) {
  // More connections allowed than descriptors exist: accept() meets EMFILE.
  auto server = Start(128, "--max-connections 100000");
  ASSERT_EQ(HealthStatus(), 200);
  Open(300);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double before = CpuSeconds(server->pid());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  double burned = CpuSeconds(server->pid()) - before;
  EXPECT_LT(burned, 0.5) << "CPU seconds spent in 2 s while out of descriptors";
  CloseAll();
  bool recovered = false;
  for (int i = 0; i < 50 && !recovered; ++i) {
    recovered = HealthStatus() == 200;
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(recovered);
}

TEST_F(ServerLimitsTest, ConnectionsBeyondTheLimitAreTurnedAwayWith503) {
  // By default the limit follows the descriptors: 128 - a reserve of 32.
  auto server = Start(128, "");
  Open(150);
  ASSERT_EQ(fds_.size(), 150u);
  std::string last = Receive(fds_.back(), 3000);
  EXPECT_EQ(last.rfind("HTTP/1.1 503", 0), 0u) << last;
  EXPECT_NE(last.find("Retry-After: 1"), std::string::npos);
  std::string first = Receive(fds_.front(), 300);
  EXPECT_TRUE(first.empty()) << "a connection within the limit stays open and waits for its request";
  double before = CpuSeconds(server->pid());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_LT(CpuSeconds(server->pid()) - before, 0.5);
  CloseAll();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(HealthStatus(), 200);
}

TEST_F(ServerLimitsTest, BufferedBodiesShareOneBudgetAndSlowBodiesAreCutOff) {
  auto server = Start(0, "--max-buffered-body-bytes 8388608 --body-timeout 5");
  ASSERT_EQ(HealthStatus(), 200);
  size_t rss_before = RssKib(server->pid());
  // 40 clients announce a 1 MB body each; 8 MiB of budget admits eight.
  const std::string head = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 1000000\r\n\r\n";
  Open(40);
  ASSERT_EQ(fds_.size(), 40u);
  for (int fd : fds_) SendAll(fd, head);
  std::vector<int> admitted;
  size_t refused = 0;
  for (int fd : fds_) {
    std::string early = Receive(fd, 300);
    if (early.rfind("HTTP/1.1 503", 0) == 0) ++refused;
    else if (early.empty()) admitted.push_back(fd);
  }
  EXPECT_EQ(refused, 32u) << "the rest are refused at once, not left waiting";
  ASSERT_EQ(admitted.size(), 8u);
  const std::string part(900000, ' ');
  for (int fd : admitted) SendAll(fd, part);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  size_t rss_during = RssKib(server->pid());
  EXPECT_LT(rss_during, rss_before + 40 * 1024) << "KiB of RSS while clients upload";
  // Those let in never finish their bodies: cut off after --body-timeout.
  bool closed = false;
  std::string answer = Receive(admitted.front(), 8000, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(answer, "");
  CloseAll();
  // Their reservations were returned: a full body is read again.
  HttpClient c(port_);
  auto r = c.Post("/v1/auth/login", R"({"username":"nobody","password":"x"})" + std::string(500000, ' '));
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(ServerLimitsTest, ReadyzAnswers503WhileTheNodeDrains) {
  auto server = Start(0, "--drain 3");
  ASSERT_EQ(HttpClient(port_).Get("/readyz").status, 200);
  auto signalled = std::chrono::steady_clock::now();
  server->Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto ready = HttpClient(port_).Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("draining"), std::string::npos);
  EXPECT_EQ(HealthStatus(), 200);  // still serving while the balancer notices
  EXPECT_EQ(server->WaitExit(15000), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - signalled, std::chrono::milliseconds(2500));
}

}  // namespace
}  // namespace supplyhub::testing
