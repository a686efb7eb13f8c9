#include "support/side_connection.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <stdexcept>

#include "support/test_server.h"

namespace supplyhub::testing {

SideConnection::SideConnection(const std::string& data_dir) {
  std::string url = TestDatabaseUrl();
  if (!url.empty()) {
    pg_ = PQconnectdb(url.c_str());
    if (PQstatus(pg_) != CONNECTION_OK) throw std::runtime_error(std::string("side connection: ") + PQerrorMessage(pg_));
    Exec("SET client_min_messages = warning");
    return;
  }
  std::string path = data_dir + "/supplyhub.db";
  if (sqlite3_open_v2(path.c_str(), &lite_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    throw std::runtime_error("side connection: cannot open " + path);
  sqlite3_busy_timeout(lite_, 10000);
}

SideConnection::~SideConnection() {
  if (pg_) PQfinish(pg_);
  if (lite_) sqlite3_close_v2(lite_);
}

void SideConnection::Exec(const std::string& sql) {
  if (pg_) {
    PGresult* r = PQexec(pg_, sql.c_str());
    auto status = PQresultStatus(r);
    std::string error = PQerrorMessage(pg_);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw std::runtime_error("side connection: " + sql + ": " + error);
    return;
  }
  char* error = nullptr;
  if (sqlite3_exec(lite_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error("side connection: " + sql + ": " + message);
  }
}

int64_t SideConnection::Scalar(const std::string& sql) {
  if (pg_) {
    PGresult* r = PQexec(pg_, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
    int64_t v = ok ? std::stoll(PQgetvalue(r, 0, 0)) : 0;
    std::string error = PQerrorMessage(pg_);
    PQclear(r);
    if (!ok) throw std::runtime_error("side connection: " + sql + ": " + error);
    return v;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(lite_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    throw std::runtime_error("side connection: " + sql + ": " + sqlite3_errmsg(lite_));
  bool ok = sqlite3_step(s) == SQLITE_ROW;
  int64_t v = ok ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  if (!ok) throw std::runtime_error("side connection: no row from " + sql);
  return v;
}

void SideConnection::BlockWrites(const std::string& table) {
  if (pg_) {
    Exec("BEGIN");
    Exec("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
  } else {
    Exec("BEGIN IMMEDIATE");
  }
}

void SideConnection::Release() { Exec("COMMIT"); }

void SideConnection::FailInserts(const std::string& table) {
  if (pg_) {
    Exec("CREATE OR REPLACE FUNCTION test_injected_failure() RETURNS trigger LANGUAGE plpgsql AS "
         "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$");
    Exec("CREATE TRIGGER test_fail_" + table + " BEFORE INSERT ON " + table +
         " FOR EACH ROW EXECUTE FUNCTION test_injected_failure()");
  } else {
    // abs() of the smallest integer overflows: a runtime error, not a constraint.
    Exec("CREATE TRIGGER test_fail_" + table + " BEFORE INSERT ON " + table +
         " BEGIN SELECT abs(-9223372036854775807 - 1); END");
  }
}

void SideConnection::RestoreInserts(const std::string& table) {
  Exec("DROP TRIGGER test_fail_" + table + (pg_ ? " ON " + table : std::string()));
}

}  // namespace supplyhub::testing
