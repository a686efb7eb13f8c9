// Import: a dump read, checked and loaded into an empty database in one transaction (ImportDatabase).
#include "app/transfer.h"

#include <algorithm>
#include <istream>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/migrations.h"
#include "app/transfer_dump.h"
#include "core/json_limits.h"
#include "storage/block_on.h"
#include "storage/migrator.h"

namespace supplyhub::app {

using storage::Dialect;
using storage::Row;
using storage::Transaction;
using storage::Value;
using Json = nlohmann::json;

namespace {

using namespace dump;

constexpr size_t kBatchRows = 500;     // rows per INSERT on import
constexpr size_t kMaxParams = 30000;   // SQLite allows 32766 parameters per statement

struct DumpHeader {
  int64_t schema_version = 0;
  std::vector<Table> tables;  // columns' kinds are filled from the target
};

const Json* Member(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// A JSON integer that fits int64_t (nlohmann keeps large ones as unsigned).
bool IsInt64(const Json& v) {
  return v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t{INT64_MAX});
}

std::optional<int64_t> IntMember(const Json& j, const char* key) {
  const Json* v = Member(j, key);
  if (!v || !IsInt64(*v)) return std::nullopt;
  return v->get<int64_t>();
}

Result<Table> ParseTableEntry(const Json& entry) {
  const Json* name = Member(entry, "name");
  const Json* columns = Member(entry, "columns");
  auto rows = IntMember(entry, "rows");
  if (!name || !name->is_string() || !rows || *rows < 0 || !columns || !columns->is_array() || columns->empty())
    return Fail(ErrorCode::kBadRequest, "dump header: a table needs \"name\", \"rows\" and \"columns\"");
  Table t;
  t.spec = FindSpec(name->get_ref<const std::string&>());
  if (!t.spec) return Fail(ErrorCode::kBadRequest, "dump header: unknown table " + name->get<std::string>());
  t.rows = *rows;
  for (const Json& c : *columns) {
    if (!c.is_string())
      return Fail(ErrorCode::kBadRequest, "dump header: column names of " + t.name() + " must be strings");
    t.columns.push_back({c.get<std::string>(), Kind::kText});
  }
  t.id_column = IndexOf(t.columns, "id");
  if (Member(entry, "last_id")) {
    auto last = IntMember(entry, "last_id");
    if (!last) return Fail(ErrorCode::kBadRequest, "dump header: last_id of " + t.name() + " must be an integer");
    t.last_id = *last;
  }
  return t;
}

Result<DumpHeader> ParseHeader(const std::string& line) {
  Json j = ParseUntrustedJson(line).value_or(Json(nullptr));
  const Json* format = Member(j, "format");
  if (!format || !format->is_string() || format->get_ref<const std::string&>() != kFormat)
    return Fail(ErrorCode::kBadRequest, "not a Supplyhub dump (its first line lacks \"format\":\"supplyhub-dump\")");
  if (IntMember(j, "version") != kFormatVersion)
    return Fail(ErrorCode::kBadRequest, "unsupported dump format version (this supplyhub reads version " +
                                            std::to_string(kFormatVersion) + ")");
  auto schema_version = IntMember(j, "schema_version");
  const Json* tables = Member(j, "tables");
  if (!schema_version || !tables || !tables->is_array())
    return Fail(ErrorCode::kBadRequest, "dump header: needs \"schema_version\" and \"tables\"");
  DumpHeader header;
  header.schema_version = *schema_version;
  for (const Json& entry : *tables) {
    auto t = ParseTableEntry(entry);
    if (!t) return Fail(t.error());
    header.tables.push_back(std::move(*t));
  }
  return header;
}

// Same schema version, same tables: anything else would lose or misplace data.
Result<void> CheckTableList(const DumpHeader& header) {
  const auto& ours = Tables();
  for (size_t i = 0; i < std::max(ours.size(), header.tables.size()); ++i) {
    std::string theirs = i < header.tables.size() ? header.tables[i].name() : "(none)";
    std::string expected = i < ours.size() ? ours[i].name : "(none)";
    if (theirs != expected)
      return Fail(ErrorCode::kBadRequest, "dump lists table " + theirs + " where this supplyhub expects " + expected);
  }
  return {};
}

Result<Value> ToValue(const Json& v, Kind kind) {
  if (v.is_null()) return Value{};
  switch (kind) {
    case Kind::kInteger:
      if (IsInt64(v)) return Value{v.get<int64_t>()};
      return Fail(ErrorCode::kBadRequest, "expected a 64-bit integer");
    case Kind::kDouble:
      if (v.is_number()) return Value{v.get<double>()};
      return Fail(ErrorCode::kBadRequest, "expected a number");
    case Kind::kText:
      if (v.is_string()) return Value{v.get<std::string>()};
      return Fail(ErrorCode::kBadRequest, "expected a string");
  }
  return Fail(ErrorCode::kBadRequest, "unknown column type");
}

class Importer {
 public:
  Importer(Dialect d, std::istream& in, const Progress& progress, std::vector<Table>& tables)
      : d_(d), in_(in), progress_(progress), tables_(tables) {}

  Task<Result<void>> Run(Transaction& tx) {
    auto empty = co_await CheckEmpty(tx);
    if (!empty) co_return empty;
    for (Table& t : tables_) {
      auto matched = co_await MatchColumns(tx, t);
      if (!matched) co_return matched;
    }
    for (const Table& t : tables_) {
      auto loaded = co_await Load(tx, t);
      if (!loaded) co_return loaded;
    }
    co_return CheckNoMoreRows();
  }

  const TransferStats& stats() const { return stats_; }

 private:
  struct ForwardReference {
    int64_t id;
    size_t column;
    int64_t target;
  };

  Task<Result<void>> CheckEmpty(Transaction& tx) {
    for (const TableSpec& spec : Tables()) {
      bool any = false;
      const std::string sql = "SELECT 1 FROM " + spec.name + " LIMIT 1";
      auto read = co_await tx.Execute(sql, {}, [&](const Row&) { any = true; });
      if (!read) co_return Fail(read.error());
      if (any)
        co_return Fail(ErrorCode::kConflict, "target database is not empty (" + spec.name +
                                                 " has rows): import only into a new database");
    }
    co_return Result<void>{};
  }

  // Same columns as the target's; their types come from the target.
  Task<Result<void>> MatchColumns(Transaction& tx, Table& t) {
    auto target = co_await ReadColumns(tx, d_, t.name());
    if (!target) co_return Fail(target.error());
    for (Column& c : t.columns) {
      int i = IndexOf(*target, c.name);
      if (i < 0)
        co_return Fail(ErrorCode::kBadRequest, "dump column " + t.name() + "." + c.name + " is not in the target");
      c.kind = (*target)[static_cast<size_t>(i)].kind;
    }
    for (const Column& c : *target)
      if (IndexOf(t.columns, c.name) < 0)
        co_return Fail(ErrorCode::kBadRequest, "dump lacks column " + t.name() + "." + c.name);
    co_return Result<void>{};
  }

  // Rows come in id order. A self reference to a later row is inserted as
  // NULL and set once the whole table is in.
  Task<Result<void>> Load(Transaction& tx, const Table& t) {
    std::vector<size_t> self_columns;
    for (const std::string& name : t.spec->self_references)
      if (int i = IndexOf(t.columns, name); i >= 0) self_columns.push_back(static_cast<size_t>(i));
    const size_t batch_rows = std::clamp<size_t>(kMaxParams / t.columns.size(), 1, kBatchRows);
    std::vector<std::vector<Value>> batch;
    std::vector<ForwardReference> forward;
    int64_t done = 0, last_id = 0;
    progress_(t.name(), 0, t.rows);
    for (int64_t i = 0; i < t.rows; ++i) {
      auto row = ReadRow(t, i);
      if (!row) co_return Fail(row.error());
      if (t.id_column >= 0) {
        const auto* id = std::get_if<int64_t>(&(*row)[static_cast<size_t>(t.id_column)]);
        if (!id || *id <= last_id) co_return Fail(At(t.name() + " rows must come in ascending id order"));
        last_id = *id;
        for (size_t c : self_columns)
          if (const auto* target = std::get_if<int64_t>(&(*row)[c]); target && *target > *id) {
            forward.push_back({*id, c, *target});
            (*row)[c] = Value{};
          }
      }
      batch.push_back(std::move(*row));
      if (batch.size() < batch_rows && i + 1 < t.rows) continue;
      auto inserted = co_await InsertRows(tx, d_, t, batch);
      if (!inserted) co_return Fail(At(t.name() + ": " + inserted.error().message));
      done += static_cast<int64_t>(batch.size());
      batch.clear();
      progress_(t.name(), done, t.rows);
    }
    auto linked = co_await SetForwardReferences(tx, t, forward);
    if (!linked) co_return linked;
    if (t.id_column >= 0 && std::max(t.last_id, last_id) > 0) {
      auto restored = co_await RestoreLastId(tx, d_, t.name(), std::max(t.last_id, last_id));
      if (!restored) co_return restored;
    }
    stats_.rows += done;
    ++stats_.tables;
    co_return Result<void>{};
  }

  Task<Result<void>> SetForwardReferences(Transaction& tx, const Table& t, const std::vector<ForwardReference>& refs) {
    for (const ForwardReference& ref : refs) {
      const std::string& column = t.columns[ref.column].name;
      const std::string sql = "UPDATE " + t.name() + " SET " + column + " = $1 WHERE id = $2";
      Value params[] = {Value{ref.target}, Value{ref.id}};
      auto set = co_await tx.Execute(sql, params);
      if (!set)
        co_return Fail(ErrorCode::kBadRequest,
                       t.name() + " " + std::to_string(ref.id) + "." + column + ": " + set.error().message);
    }
    co_return Result<void>{};
  }

  // Row `index` (0-based) of `t`, the next line of the dump.
  Result<std::vector<Value>> ReadRow(const Table& t, int64_t index) {
    std::string line;
    if (!std::getline(in_, line))
      return Fail(ErrorCode::kBadRequest, "the dump ends after line " + std::to_string(line_) + ", at row " +
                                              std::to_string(index) + " of " + std::to_string(t.rows) + " of " +
                                              t.name() + ": the file is truncated");
    ++line_;
    Json j = ParseUntrustedJson(line).value_or(Json::value_t::discarded);
    if (j.is_discarded()) return Fail(At("not valid JSON (the file is garbled or truncated)"));
    const Json* table = Member(j, "t");
    const Json* values = Member(j, "r");
    if (!table || !table->is_string() || !values || !values->is_array())
      return Fail(At("not a row: expected {\"t\":<table>,\"r\":[values]}"));
    if (table->get_ref<const std::string&>() != t.name())
      return Fail(At("expected row " + std::to_string(index + 1) + " of " + std::to_string(t.rows) + " of " +
                     t.name() + ", found a row of " + table->get<std::string>()));
    if (values->size() != t.columns.size())
      return Fail(At(t.name() + " row has " + std::to_string(values->size()) + " values for " +
                     std::to_string(t.columns.size()) + " columns"));
    std::vector<Value> row;
    row.reserve(t.columns.size());
    for (size_t c = 0; c < t.columns.size(); ++c) {
      auto v = ToValue((*values)[c], t.columns[c].kind);
      if (!v) return Fail(At(t.name() + "." + t.columns[c].name + ": " + v.error().message));
      row.push_back(std::move(*v));
    }
    return row;
  }

  Result<void> CheckNoMoreRows() {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_;
      if (line.find_first_not_of(" \t\r") != std::string::npos)
        return Fail(At("more rows than the dump header announces"));
    }
    return {};
  }

  Error At(const std::string& what) const {
    return Error::Of(ErrorCode::kBadRequest, "dump line " + std::to_string(line_) + ": " + what);
  }

  const Dialect d_;
  std::istream& in_;
  const Progress& progress_;
  std::vector<Table>& tables_;
  int64_t line_ = 1;  // the header
  TransferStats stats_;
};

Result<int64_t> TargetSchemaVersion(storage::Database& db) {
  int64_t version = 0;
  auto read = storage::BlockOn(db.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto v = co_await SchemaVersion(tx);
    if (!v) co_return Fail(v.error());
    version = *v;
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  return version;
}

}  // namespace

Result<TransferStats> ImportDatabase(storage::Database& db, std::istream& in, const Progress& progress) {
  std::string first;
  if (!std::getline(in, first)) return Fail(ErrorCode::kBadRequest, "the dump is empty");
  auto header = ParseHeader(first);
  if (!header) return Fail(header.error());
  if (auto migrated = storage::Migrate(db, AllMigrations()); !migrated) return Fail(migrated.error());
  auto version = TargetSchemaVersion(db);
  if (!version) return Fail(version.error());
  if (header->schema_version != *version)
    return Fail(ErrorCode::kConflict, "the dump is at schema version " + std::to_string(header->schema_version) +
                                          ", the target database at " + std::to_string(*version) +
                                          ": export and import with the same supplyhub version");
  if (auto listed = CheckTableList(*header); !listed) return Fail(listed.error());
  Importer importer(db.dialect(), in, progress, header->tables);
  auto loaded = storage::BlockOn(db.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto r = co_await importer.Run(tx);
    co_return r;
  }));
  if (!loaded) return Fail(loaded.error());
  return importer.stats();
}

}  // namespace supplyhub::app
