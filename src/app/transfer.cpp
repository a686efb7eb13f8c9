// The export and import commands (dump files, a progress bar) and what a dump holds: its tables, in order.
#include "app/transfer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "app/app.h"
#include "app/transfer_dump.h"
#include "schema/resource.h"
#include "schema/registry.h"

namespace supplyhub::app {

using storage::Row;
using storage::Transaction;

namespace dump {
namespace {

// Every table copied, referenced before referencing. kResources stands for
// the declared resource tables (schema::AllResources(), already in that
// order). A new table goes here or in kNotCopied: export refuses a database
// with a table in neither.
constexpr std::string_view kResources = "<resources>";
constexpr std::string_view kTableOrder[] = {
    "organizations", "users", "memberships", "organization_settings", "resource_counts", kResources,
    "tokens", "rate_limit_policies", "oauth_clients", "oauth_codes", "jobs",
    "idempotency_keys",  // a retry after the move still replays
    // Events and webhooks move with their history; secrets stay sealed, so the
    // target needs the same --secrets-key (or data-dir/secrets.key).
    "events", "event_sequences", "webhook_endpoints", "webhook_secrets", "webhook_messages", "webhook_attempts",
};
// The target has its own migration history; rate-limit buckets are
// rebuilt on demand (a new bucket starts full); login tickets live 10 minutes.
constexpr std::string_view kNotCopied[] = {"schema_migrations", "rate_buckets", "oauth_login_tickets"};

}  // namespace

const std::vector<TableSpec>& Tables() {
  static const std::vector<TableSpec> tables = [] {
    std::vector<TableSpec> out;
    for (std::string_view name : kTableOrder) {
      if (name != kResources) {
        out.push_back({std::string(name), {}});
        continue;
      }
      for (const schema::Resource* r : schema::AllTables()) {
        TableSpec spec{r->name, {}};
        for (const schema::Field& f : r->fields)
          if (f.type == schema::FieldType::kReference && f.references == r->name)
            spec.self_references.push_back(f.name);
        out.push_back(std::move(spec));
      }
    }
    return out;
  }();
  return tables;
}

const TableSpec* FindSpec(std::string_view name) {
  for (const TableSpec& s : Tables())
    if (s.name == name) return &s;
  return nullptr;
}

bool NotCopied(std::string_view name) { return std::ranges::find(kNotCopied, name) != std::end(kNotCopied); }

Task<Result<int64_t>> SchemaVersion(Transaction& tx) {
  int64_t version = 0;
  auto read = co_await tx.Execute("SELECT max(version) FROM schema_migrations", {}, [&](const Row& row) {
    if (!row.IsNull(0)) version = row.Int(0);
  });
  if (!read)
    co_return Fail(ErrorCode::kBadRequest, "no Supplyhub schema in the database (" + read.error().message + ")");
  co_return version;
}

std::string SystemError() { return std::strerror(errno); }

}  // namespace dump

namespace {

using namespace dump;

// Writes <path>.partial and renames it once complete; removes it on failure.
Result<TransferStats> WriteDumpFile(storage::Database& db, const std::string& path) {
  const std::string partial = path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(ErrorCode::kUnavailable, "cannot write " + partial + ": " + SystemError());
  ProgressBar bar(stderr);
  auto stats = ExportDatabase(db, out, bar.Callback());
  bar.End();
  out.close();
  std::error_code ec;
  if (stats && !out) stats = Fail(ErrorCode::kUnavailable, "cannot write " + partial + ": " + SystemError());
  if (stats) std::filesystem::rename(partial, path, ec);
  if (stats && ec) stats = Fail(ErrorCode::kUnavailable, "cannot rename " + partial + ": " + ec.message());
  if (!stats) std::filesystem::remove(partial, ec);
  return stats;
}

}  // namespace

Result<TransferStats> ExportToFile(const Config& config, const std::string& path) {
  // Opening would create an empty database where there was none.
  if (config.database.empty() && !std::filesystem::exists(config.data_dir + "/supplyhub.db"))
    return Fail(ErrorCode::kNotFound, "no database to export in " + config.data_dir + " (no supplyhub.db there)");
  auto db = OpenDatabase(config);
  if (!db) return Fail(db.error());
  auto stats = WriteDumpFile(**db, path);
  (*db)->Close();
  return stats;
}

Result<TransferStats> ImportFromFile(const Config& config, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + path + ": " + SystemError());
  auto db = OpenDatabase(config);
  if (!db) return Fail(db.error());
  ProgressBar bar(stderr);
  auto stats = ImportDatabase(**db, in, bar.Callback());
  bar.End();
  (*db)->Close();
  return stats;
}

// ---- Progress bar ----

void ProgressBar::Update(std::string_view table, int64_t done, int64_t total) {
  constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
  if (table != table_) {
    End();
    table_ = table;
    finished_ = false;
  }
  if (finished_) return;
  const bool finished = done >= total;
  auto now = std::chrono::steady_clock::now();
  if (!finished && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw(done, total);
  if (finished) std::fputc('\n', out_);
  finished_ = finished;
  open_ = !finished;
  std::fflush(out_);
}

void ProgressBar::End() {
  if (!open_) return;
  std::fputc('\n', out_);
  std::fflush(out_);
  open_ = false;
}

void ProgressBar::Draw(int64_t done, int64_t total) {
  constexpr int kWidth = 30;
  const int percent = total > 0 ? static_cast<int>(std::min<int64_t>(done, total) * 100 / total) : 100;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  std::fprintf(out_, "\r%-20s [%s] %3d%%  %lld/%lld rows", table_.c_str(), bar.c_str(), percent,
               static_cast<long long>(done), static_cast<long long>(total));
}

}  // namespace supplyhub::app
