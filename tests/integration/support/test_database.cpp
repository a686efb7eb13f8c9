// One suite, both backends. When SUPPLYHUB_TEST_POSTGRES_FILE names the file
// holding the URL of the throwaway cluster (tests/support/pg_cluster.sh),
// each test gets a fresh database of its own (a copy of the cluster's
// migrated template, when it has one: tests that need an empty one empty it), exported as
// SUPPLYHUB_DATABASE so in-process servers and child processes (which read
// that variable as their setting) all run on PostgreSQL. Without it: SQLite.
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

bool Run(const std::string& url, const std::string& sql, std::string& error) {
  PGconn* c = PQconnectdb(url.c_str());
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(c, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
  }
  if (!ok) error = PQerrorMessage(c);
  PQfinish(c);
  return ok;
}

[[noreturn]] void Abort(const std::string& why) {
  // Asked for PostgreSQL and it is not there: stop, never fall back to SQLite.
  std::fprintf(stderr, "test database: %s\n", why.c_str());
  std::abort();
}

class FreshPostgresPerTest : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo&) override {
    const char* file = std::getenv("SUPPLYHUB_TEST_POSTGRES_FILE");
    if (!file) return;
    std::string admin = ReadFile(file);
    while (!admin.empty() && admin.back() == '\n') admin.pop_back();
    if (admin.empty()) Abort(std::string("no PostgreSQL URL in ") + file + " (did pg_cluster.sh start fail?)");
    admin_url_ = admin;
    name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 1000000);
    // A copy of the migrated template when the cluster has one (see pg_cluster.sh).
    std::string tmpl = ReadFile(std::string(file) + ".template");
    while (!tmpl.empty() && tmpl.back() == '\n') tmpl.pop_back();
    std::string error;
    if (!Run(admin_url_, "CREATE DATABASE " + name_ + (tmpl.empty() ? "" : " TEMPLATE " + tmpl + " STRATEGY WAL_LOG"),
             error))
      Abort(error);
    std::string url = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
    ::setenv("SUPPLYHUB_DATABASE", url.c_str(), 1);
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    if (name_.empty()) return;
    std::string error;
    Run(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", error);
    name_.clear();
  }

 private:
  std::string admin_url_;
  std::string name_;
};

[[maybe_unused]] const bool registered = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new FreshPostgresPerTest);
  return true;
}();

}  // namespace

std::string TestDatabaseUrl() {
  const char* url = std::getenv("SUPPLYHUB_DATABASE");
  return url ? url : "";
}

}  // namespace supplyhub::testing
