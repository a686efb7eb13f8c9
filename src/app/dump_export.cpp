// Export: every table of a database, from one snapshot, written as a dump (ExportDatabase).
#include "app/transfer.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "app/migrations.h"
#include "app/transfer_dump.h"
#include "core/json_writer.h"
#include "storage/block_on.h"

namespace supplyhub::app {

using storage::Dialect;
using storage::Row;
using storage::Transaction;
using storage::Value;

namespace {

using namespace dump;

constexpr int64_t kPageRows = 1000;    // rows per SELECT on export: bounds PostgreSQL result memory

int64_t LatestSchemaVersion() { return AllMigrations().back().version; }

class Exporter {
 public:
  Exporter(Dialect d, std::ostream& out, const Progress& progress) : d_(d), out_(out), progress_(progress) {}

  Task<Result<void>> Run(Transaction& tx) {
    auto version = co_await SchemaVersion(tx);
    if (!version) co_return Fail(version.error());
    // `import` migrates its target to this build's version and needs the dump at the same one.
    if (*version != LatestSchemaVersion())
      co_return Fail(ErrorCode::kConflict, "the source database is at schema version " + std::to_string(*version) +
                                               ", this supplyhub at " + std::to_string(LatestSchemaVersion()) +
                                               (*version < LatestSchemaVersion()
                                                    ? ": run `supplyhub migrate` on it first"
                                                    : ": export it with the newer supplyhub that migrated it"));
    auto listed = co_await CheckAllListed(tx);
    if (!listed) co_return listed;
    std::vector<Table> tables;
    for (const TableSpec& spec : Tables()) {
      auto table = co_await Describe(tx, spec);
      if (!table) co_return Fail(table.error());
      tables.push_back(std::move(*table));
    }
    WriteHeader(*version, tables);
    for (const Table& t : tables) {
      auto written = co_await WriteRows(tx, t);
      if (!written) co_return written;
    }
    co_return Result<void>{};
  }

  const TransferStats& stats() const { return stats_; }

 private:
  // A table outside the list would silently be left out of the dump.
  Task<Result<void>> CheckAllListed(Transaction& tx) {
    auto names = co_await ListTables(tx, d_);
    if (!names) co_return Fail(names.error());
    for (const std::string& name : *names)
      if (!FindSpec(name) && !NotCopied(name))
        co_return Fail(ErrorCode::kInternal, "table " + name +
                                                 " is in neither kTableOrder nor kNotCopied (src/app/transfer.cpp): "
                                                 "the dump would silently lack it");
    co_return Result<void>{};
  }

  Task<Result<Table>> Describe(Transaction& tx, const TableSpec& spec) {
    Table t;
    t.spec = &spec;
    auto columns = co_await ReadColumns(tx, d_, spec.name);
    if (!columns) co_return Fail(columns.error());
    if (columns->empty())
      co_return Fail(ErrorCode::kInternal, "table " + spec.name + " is missing in the source database");
    t.columns = std::move(*columns);
    t.id_column = IndexOf(t.columns, "id");
    int64_t max_id = 0;
    std::string sql = "SELECT count(*)" + std::string(t.id_column >= 0 ? ", max(id)" : "") + " FROM " + spec.name;
    auto counted = co_await tx.Execute(sql, {}, [&](const Row& row) {
      t.rows = row.Int(0);
      if (row.ColumnCount() > 1 && !row.IsNull(1)) max_id = row.Int(1);
    });
    if (!counted) co_return Fail(counted.error());
    if (t.id_column < 0) co_return std::move(t);
    auto last = co_await ReadLastId(tx, d_, spec.name);
    if (!last) co_return Fail(last.error());
    t.last_id = std::max(*last, max_id);
    co_return std::move(t);
  }

  void WriteHeader(int64_t schema_version, const std::vector<Table>& tables) {
    JsonWriter w;
    w.StartObject().Key("format").String(kFormat).Key("version").Int(kFormatVersion);
    w.Key("schema_version").Int(schema_version).Key("tables").StartArray();
    for (const Table& t : tables) {
      w.StartObject().Key("name").String(t.name()).Key("rows").Int(t.rows).Key("columns").StartArray();
      for (const Column& c : t.columns) w.String(c.name);
      w.EndArray();
      if (t.id_column >= 0) w.Key("last_id").Int(t.last_id);
      w.EndObject();
    }
    w.EndArray().EndObject();
    WriteLine(w.View());
  }

  void WriteLine(std::string_view line) {
    out_.write(line.data(), static_cast<std::streamsize>(line.size()));
    out_.put('\n');
  }

  // Pages by id where there is one, so no result holds a whole big table.
  Task<Result<void>> WriteRows(Transaction& tx, const Table& t) {
    progress_(t.name(), 0, t.rows);
    const bool by_id = t.id_column >= 0;
    std::string sql = "SELECT " + t.ColumnList() + " FROM " + t.name() +
                      (by_id ? " WHERE id > $1 ORDER BY id LIMIT " + std::to_string(kPageRows)
                             : " ORDER BY " + t.ColumnList());
    int64_t done = 0, after = 0;
    std::optional<Error> bad;
    for (;;) {
      Value params[] = {Value{after}};
      std::span<const Value> args = by_id ? std::span<const Value>(params) : std::span<const Value>();
      int64_t page = 0;
      auto read = co_await tx.Execute(sql, args, [&](const Row& row) {
        ++page;
        if (by_id) after = row.Int(t.id_column);
        if (!bad) WriteRow(t, row, bad);
      });
      if (!read) co_return Fail(read.error());
      if (bad) co_return Fail(*bad);
      if (!out_) co_return Fail(ErrorCode::kUnavailable, "cannot write the dump: " + std::string(std::strerror(errno)));
      done += page;
      progress_(t.name(), std::min(done, t.rows), t.rows);
      if (!by_id || page < kPageRows) break;
    }
    if (done != t.rows)
      co_return Fail(ErrorCode::kInternal, t.name() + ": counted " + std::to_string(t.rows) + " rows, read " +
                                               std::to_string(done));
    stats_.rows += done;
    ++stats_.tables;
    co_return Result<void>{};
  }

  void WriteRow(const Table& t, const Row& row, std::optional<Error>& bad) {
    JsonWriter w(512);
    w.StartObject().Key("t").String(t.name()).Key("r").StartArray();
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const int i = static_cast<int>(c);
      if (row.IsNull(i)) {
        w.Null();
      } else if (t.columns[c].kind == Kind::kInteger) {
        w.Int(row.Int(i));
      } else if (t.columns[c].kind == Kind::kText) {
        w.String(row.Text(i));
      } else if (double v = row.Double(i); std::isfinite(v)) {
        w.Double(v);
      } else {
        bad = Error::Of(ErrorCode::kInternal, t.name() + "." + t.columns[c].name + " holds " + std::to_string(v) +
                                                  ", which JSON cannot carry");
        return;
      }
    }
    w.EndArray().EndObject();
    WriteLine(w.View());
  }

  const Dialect d_;
  std::ostream& out_;
  const Progress& progress_;
  TransferStats stats_;
};

}  // namespace

Result<TransferStats> ExportDatabase(storage::Database& db, std::ostream& out, const Progress& progress) {
  Exporter exporter(db.dialect(), out, progress);
  auto done = storage::BlockOn(db.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto r = co_await exporter.Run(tx);
    co_return r;
  }));
  if (!done) return Fail(done.error());
  if (!out.flush()) return Fail(ErrorCode::kUnavailable, "cannot write the dump: " + SystemError());
  return exporter.stats();
}

}  // namespace supplyhub::app
