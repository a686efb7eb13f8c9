#pragma once
// Moving a whole database between backends (SQLite <-> PostgreSQL) through
// one JSON-lines dump file:
//   line 1: {"format":"supplyhub-dump","version":1,"schema_version":7,"tables":[
//             {"name":"organizations","rows":2,"columns":["id",...],"last_id":3}, ...]}
//   then one line per row, tables in header order, rows in id order:
//           {"t":"organizations","r":[1,"Demo Org",...]}
// Values are JSON integers, numbers with a fraction or exponent (doubles),
// strings or null. `last_id` is the highest id ever issued (deleted rows
// included), so ids stay never reused after the move.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/error.h"
#include "storage/database.h"

namespace supplyhub::app {

struct TransferStats {
  int64_t rows = 0;
  int tables = 0;
};

// Told as rows are copied: the table, its rows done so far, its total.
using Progress = std::function<void(std::string_view table, int64_t done, int64_t total)>;

// Writes every table, from one consistent snapshot. The source must be at
// this build's schema version (the one `import` will migrate a target to).
Result<TransferStats> ExportDatabase(storage::Database& db, std::ostream& out, const Progress& progress);

// Migrates `db`, checks it is at the dump's schema version and empty, and
// loads the dump in one transaction: a failed import leaves it empty.
Result<TransferStats> ImportDatabase(storage::Database& db, std::istream& in, const Progress& progress);

// The `export` and `import` commands: the database the settings select, a
// dump file, a progress bar on stderr. Export writes <path>.partial first
// and renames it when complete, so a dump file is never a cut-off one.
Result<TransferStats> ExportToFile(const Config& config, const std::string& path);
Result<TransferStats> ImportFromFile(const Config& config, const std::string& path);

// One line per table: "parts  [######....]  60%  600/1000 rows", redrawn
// in place ('\r') at most 10 times a second, ended by a newline when the
// table is done; so a log shows one finished line per table.
class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out) : out_(out) {}
  ~ProgressBar() { End(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(std::string_view table, int64_t done, int64_t total);
  // Ends a line left unfinished (after an error), so later output starts clean.
  void End();
  Progress Callback() {
    return [this](std::string_view table, int64_t done, int64_t total) { Update(table, done, total); };
  }

 private:
  void Draw(int64_t done, int64_t total);

  std::FILE* out_;
  std::string table_;
  bool finished_ = false;  // table_'s final line is drawn
  bool open_ = false;      // a line is drawn without its newline
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace supplyhub::app
