#pragma once
// A real Supplyhub server in this process, on port 0, over a fresh data
// directory; and the same binary as a child process for process-level tests.
#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "app/app.h"
#include "support/http_client.h"
#include "support/build_paths.h"

namespace supplyhub::testing {

std::string MakeTempDir();
// The running test's PostgreSQL database (made on first use as a copy of the
// cluster's migrated template), or "" when testing SQLite.
std::string TestDatabaseUrl();
// The URL the running test's database has, before it is made ("" on SQLite).
std::string PlannedTestDatabaseUrl();
// A database of the test process's own (a copy of the cluster's migrated
// template), its URL, and its removal. PostgreSQL pass only.
std::string NewSuiteDatabase();
std::string DatabaseUrlOf(const std::string& name);
void DropSuiteDatabase(const std::string& name);
// The running test works in the database at `url` (SUPPLYHUB_DATABASE names
// it for child processes); the test's own is then never made.
void UseTestDatabase(const std::string& url);

// Every row of a PostgreSQL database's tables and its sequences' positions,
// put back by Restore(): a database returned to a known state in a few
// milliseconds, where CREATE DATABASE takes most of a second on 2 cores.
class DatabaseSnapshot {
 public:
  static DatabaseSnapshot Take(const std::string& url);
  void Restore(const std::string& url) const;

 private:
  std::vector<std::string> tables_;                          // every table, emptied on restore
  std::vector<std::pair<std::string, std::string>> rows_;    // table -> COPY text of its rows
  std::string sequences_;                                     // setval() statements
};
std::string DatabaseUrlOf(const std::string& name);
void DropSuiteDatabase(const std::string& name);

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Override settings before the server starts.
  virtual void Configure(Config&) {}
  // false: each test makes its starting state in its own server (org, owner,
  // and a login through it) instead of starting on a copy of the suite's.
  virtual bool CopiesStartingState() const { return true; }
  // Stops the server and starts a new one with the same settings and data
  // (the default client reconnects, with the same token).
  void Restart();

  // Row count of a resource through the API (total_count of its list).
  int64_t Count(const std::string& resource, const Headers& headers = {});
  // Creates a user (with `role` in `org`, when org > 0) and returns its id.
  int64_t CreateUser(const std::string& username, const std::string& password, int64_t org, http::Role role);
  // Logs in through the API; returns the token.
  std::string Login(const std::string& username, const std::string& password);
  // A second organization with its own owner; returns that owner's auth header.
  Headers OtherOrganization(const std::string& name = "Other Org");
  static Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  void StartApp();  // app_ and port_ from config_
  // Starts the app and gives it "Test Org", its owner and the owner's token.
  void MakeStartingState();

  int64_t org_id_ = 0;       // the organization the default client acts in
  std::string token_;        // the default client's token (owner of org_id_)

  std::string data_dir_;
  Config config_;
  std::unique_ptr<app::App> app_;
  uint16_t port_ = 0;
  std::unique_ptr<HttpClient> client_;
};

// The supplyhub binary as a child process.
class ServerProcess {
 public:
  // Runs supplyhub (or another `binary`) with `args` and extra `env` entries.
  ServerProcess(std::vector<std::string> args, std::vector<std::string> env = {}, std::string binary = SupplyhubBin());
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
// Runs a shell command; returns its stdout (and its stderr unless `stdout_only`).
std::string Shell(const std::string& command, bool stdout_only = false);
// Waits for the port file a server writes once listening; 0 on timeout.
uint16_t WaitForPortFile(const std::string& port_file, int timeout_ms = 10000);

}  // namespace supplyhub::testing
