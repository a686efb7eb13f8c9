#pragma once
// A real Supplyhub server in this process, on port 0, over a fresh data
// directory; and the same binary as a child process for process-level tests.
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/app.h"
#include "support/http_client.h"

namespace supplyhub::testing {

std::string MakeTempDir();

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Override settings before the server starts.
  virtual void Configure(Config&) {}

  // Row count of a resource through the API (total_count of its list).
  int64_t Count(const std::string& resource, const Headers& headers = {});
  // Creates a second organization and returns the header selecting it.
  Headers OtherOrganization(const std::string& name = "Other Org");

  std::string data_dir_;
  std::unique_ptr<app::App> app_;
  uint16_t port_ = 0;
  std::unique_ptr<HttpClient> client_;
};

// The supplyhub binary as a child process.
class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> args, std::vector<std::string> env = {});
  ~ServerProcess();
  // Waits for the port file the server writes once listening; 0 on timeout.
  uint16_t WaitForPort(const std::string& port_file, int timeout_ms = 10000);
  void Signal(int sig);
  // Exit code, or -1 if it did not exit within the timeout.
  int WaitExit(int timeout_ms = 15000);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

std::string ReadFile(const std::string& path);

}  // namespace supplyhub::testing
