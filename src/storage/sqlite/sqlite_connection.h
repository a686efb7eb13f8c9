#pragma once
// One SQLite connection with its prepared-statement cache. Not thread-safe:
// each connection is used by one thread at a time.
#include <sqlite3.h>

#include <memory>
#include <string>

#include "storage/database.h"
#include "storage/statement_cache.h"

namespace supplyhub::storage {

class SqliteConnection final : public Transaction {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool writer);
  ~SqliteConnection() override;

  Task<Result<int64_t>> Execute(std::string_view sql, std::span<const Value> params,
                                const RowVisitor& on_row) override;
  sqlite3* handle() const { return db_; }
  // The synchronous core of Execute, used directly by the backend.
  Result<int64_t> Run(std::string_view sql, std::span<const Value> params = {}, const RowVisitor& on_row = {});
  size_t CachedStatements() const { return statements_.size(); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Error ErrorFrom(int rc) const;

  sqlite3* db_;
  StatementCache<sqlite3_stmt*> statements_;
};

}  // namespace supplyhub::storage
