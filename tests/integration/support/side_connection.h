#pragma once
// A connection of a test's own to the database a server under test uses
// (its SQLite file, or the PostgreSQL database of TestDatabaseUrl()), outside
// the server: to hold a lock the server must wait for, to make its writes
// fail, and to look at tables no route shows. Failures throw.
#include <cstdint>
#include <string>

struct sqlite3;
struct pg_conn;

namespace supplyhub::testing {

class SideConnection {
 public:
  // `data_dir`: the server's data directory (SQLite); ignored on PostgreSQL.
  explicit SideConnection(const std::string& data_dir);
  ~SideConnection();
  SideConnection(const SideConnection&) = delete;
  SideConnection& operator=(const SideConnection&) = delete;

  bool postgres() const { return pg_ != nullptr; }
  void Exec(const std::string& sql);
  // The first column of the first row, as an integer.
  int64_t Scalar(const std::string& sql);

  // Holds the server's writes to `table` until Release(): SQLite takes the
  // database's write lock (every write waits), PostgreSQL an EXCLUSIVE lock
  // on the table (reads go on, writes and row locks wait).
  void BlockWrites(const std::string& table);
  void Release();
  // Inserts into `table` fail with a server error (a trigger raising one) until RestoreInserts.
  void FailInserts(const std::string& table);
  void RestoreInserts(const std::string& table);

 private:
  sqlite3* lite_ = nullptr;
  pg_conn* pg_ = nullptr;
};

}  // namespace supplyhub::testing
