#include "storage/sqlite/sqlite_connection.h"

#include <cctype>

#include "core/case_fold.h"

namespace supplyhub::storage {
namespace {

// $N -> ?N: SQLite would treat $1 as a named parameter numbered by first use.
// Text inside '...' literals and "..." identifiers is left alone.
std::string ToSqlitePlaceholders(std::string_view sql) {
  std::string out(sql);
  char quote = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote reopens on the next char: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < out.size() && std::isdigit(static_cast<unsigned char>(out[i + 1]))) {
      out[i] = '?';
    }
  }
  return out;
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  int ColumnCount() const override { return sqlite3_column_count(s_); }
  std::string_view ColumnName(int c) const override { return sqlite3_column_name(s_, c); }
  bool IsNull(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  int64_t Int(int c) const override { return sqlite3_column_int64(s_, c); }
  double Double(int c) const override { return sqlite3_column_double(s_, c); }
  std::string_view Text(int c) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, c))) : std::string_view();
  }

 private:
  sqlite3_stmt* s_;
};

// supplyhub_fold(text): storage::CaseInsensitiveLike's Unicode case fold.
void FoldFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  std::string folded = FoldCase(std::string_view(text ? text : "", static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

struct Reset {
  sqlite3_stmt* s;
  ~Reset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path, bool writer) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db));
  // WAL: readers never block the writer. synchronous=FULL: a commit is on disk
  // before it returns, which is what lets us acknowledge a write.
  // page_size only applies to a new database; 8 KiB measured faster for our rows.
  const char* pragmas = writer ? "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                 "PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;"
                               : "PRAGMA busy_timeout=10000; PRAGMA mmap_size=0;"
                                 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;";
  if (sqlite3_create_function_v2(db, "supplyhub_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 FoldFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
    return Fail(ErrorCode::kUnavailable, "cannot register supplyhub_fold: " + std::string(sqlite3_errmsg(db)));
  char* err = nullptr;
  if (sqlite3_exec(db, pragmas, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    return Fail(ErrorCode::kUnavailable, "cannot configure database: " + msg);
  }
  return c;
}

SqliteConnection::~SqliteConnection() {
  statements_.ForEach([](sqlite3_stmt* s) { sqlite3_finalize(s); });
  sqlite3_close(db_);
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (sqlite3_stmt** cached = statements_.Find(sql)) return *cached;
  std::string text = ToSqlitePlaceholders(sql);
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()), SQLITE_PREPARE_PERSISTENT, &s,
                              nullptr);
  if (rc != SQLITE_OK) return Fail(ErrorFrom(rc));
  // A statement stepped but not yet reset is running: a row visitor up the
  // stack is reading from it. Those stay (the cache may then exceed its
  // bound by the nesting depth, briefly).
  while (statements_.Full()) {
    auto evicted = statements_.EvictOldest([](sqlite3_stmt* old) { return !sqlite3_stmt_busy(old); });
    if (!evicted) break;
    sqlite3_finalize(*evicted);
  }
  statements_.Insert(sql, s);
  return s;
}

Error SqliteConnection::ErrorFrom(int rc) const {
  std::string msg = sqlite3_errmsg(db_);
  int extended = sqlite3_extended_errcode(db_);
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    // "UNIQUE constraint failed: parts.org_id, parts.identification" -> "unique:identification"
    auto last_dot = msg.rfind('.');
    return Error::Of(ErrorCode::kConflict, "unique:" + (last_dot == std::string::npos ? msg : msg.substr(last_dot + 1)));
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Error::Of(ErrorCode::kConflict, "constraint: " + msg);
  if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR) return Error::Of(ErrorCode::kUnavailable, msg);
  return Error::Of(ErrorCode::kInternal, "sqlite: " + msg);
}

Result<int64_t> SqliteConnection::Run(std::string_view sql, std::span<const Value> params, const RowVisitor& on_row) {
  auto prepared = Prepare(sql);
  if (!prepared) return Fail(prepared.error());
  sqlite3_stmt* s = *prepared;
  // The same text again from its own row visitor: resetting it would restart
  // the outer loop.
  if (sqlite3_stmt_busy(s)) return Fail(ErrorCode::kInternal, "sqlite: statement re-entered while running");
  Reset reset{s};
  int index = 1;
  for (const Value& v : params) {
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(s, index, *i);
    else if (const auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(s, index, *d);
    else if (const auto* t = std::get_if<std::string>(&v))
      rc = sqlite3_bind_text(s, index, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
    else rc = sqlite3_bind_null(s, index);
    if (rc != SQLITE_OK) return Fail(ErrorFrom(rc));
    ++index;
  }
  int64_t rows = 0;
  SqliteRow row(s);
  for (;;) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      ++rows;
      if (on_row) on_row(row);
    } else if (rc == SQLITE_DONE) {
      break;
    } else {
      return Fail(ErrorFrom(rc));
    }
  }
  return sqlite3_stmt_readonly(s) ? rows : static_cast<int64_t>(sqlite3_changes(db_));
}

Task<Result<int64_t>> SqliteConnection::Execute(std::string_view sql, std::span<const Value> params,
                                                const RowVisitor& on_row) {
  co_return Run(sql, params, on_row);
}

}  // namespace supplyhub::storage
