// Schema history that cannot drift: what released migrations executed is
// frozen in schema_history/<backend>.sql, every migration is in it, and a
// database upgraded from any released version ends with the same schema as
// a fresh one (SQLite here; both backends in tests/integration).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "storage/sqlite/sqlite_database.h"
#include "support/schema_snapshot.h"

namespace supplyhub::testing {
namespace {

using storage::Dialect;

constexpr Dialect kDialects[] = {Dialect::kSqlite, Dialect::kPostgres};

const storage::Migration* FindMigration(int version) {
  for (const auto& m : app::AllMigrations())
    if (m.version == version) return &m;
  return nullptr;
}

int NextVersion(const std::vector<ReleasedMigration>& released) {
  int last = released.empty() ? 0 : released.back().version;
  for (const auto& m : app::AllMigrations()) last = std::max(last, m.version);
  return last + 1;
}

TEST(SchemaHistoryTest, HistoryIsFrozen) {
  for (Dialect d : kDialects) {
    auto released = ReadSnapshot(d);
    ASSERT_FALSE(released.empty()) << SnapshotPath(d);
    const std::string advice = "released migrations must not change: add a new migration (e.g. a field with .Since(" +
                               std::to_string(NextVersion(released)) + ")) instead";
    for (const ReleasedMigration& r : released) {
      const storage::Migration* today = FindMigration(r.version);
      if (!today) {
        ADD_FAILURE() << "version " << r.version << " (" << r.name << ") was released but is gone from "
                      << "app::AllMigrations(); " << advice;
        continue;
      }
      EXPECT_EQ(today->name, r.name) << "version " << r.version << " was renamed; " << advice;
      std::vector<std::string> now = today->statements(d);
      if (now == r.statements) continue;
      size_t i = 0;
      while (i < now.size() && i < r.statements.size() && now[i] == r.statements[i]) ++i;
      ADD_FAILURE() << "version " << r.version << " (" << r.name << ") on " << BackendName(d) << " changed at statement "
                    << i + 1 << "\n  released: " << (i < r.statements.size() ? r.statements[i] : "(none)")
                    << "\n  today:    " << (i < now.size() ? now[i] : "(none)") << "\n"
                    << advice << " (snapshot: " << SnapshotPath(d) << ")";
    }
  }
}

// A new migration is frozen as soon as it is written: running this test with
// SUPPLYHUB_UPDATE_SCHEMA_SNAPSHOT=1 appends it to both snapshots, leaving
// what is there untouched.
TEST(SchemaHistoryTest, SnapshotCoversEveryMigration) {
  const char* update = std::getenv("SUPPLYHUB_UPDATE_SCHEMA_SNAPSHOT");
  for (Dialect d : kDialects) {
    auto released = ReadSnapshot(d);
    if (HasFailure()) return;  // unreadable: appending could only duplicate what is there
    std::string missing_text, missing_versions;
    for (const auto& m : app::AllMigrations()) {
      bool present = std::any_of(released.begin(), released.end(), [&](const auto& r) { return r.version == m.version; });
      if (present) continue;
      missing_text += FormatSnapshot({m.version, m.name, m.statements(d)});
      missing_versions += " " + std::to_string(m.version);
    }
    if (missing_text.empty()) continue;
    if (update && std::string(update) == "1") {
      std::string path = SnapshotPath(d);
      {
        std::ifstream in(path, std::ios::binary | std::ios::ate);
        if (in && in.tellg() > 0) {  // a last line without its newline keeps its own line
          in.seekg(-1, std::ios::end);
          if (in.get() != '\n') missing_text.insert(0, "\n");
        }
      }
      std::ofstream out(path, std::ios::binary | std::ios::app);
      out << missing_text;
      ASSERT_TRUE(out.good()) << "cannot append to " << path;
      std::cout << "appended version(s)" << missing_versions << " to " << path << "; commit it\n";
      continue;
    }
    ADD_FAILURE() << "version(s)" << missing_versions << " of app::AllMigrations() are not in " << SnapshotPath(d)
                  << ": run this test with SUPPLYHUB_UPDATE_SCHEMA_SNAPSHOT=1 to append them, and commit the "
                     "snapshots with the migration (from then on they must not change)";
  }
}

TEST(SchemaHistoryTest, UpgradeFromEveryVersionMatchesFresh) {
  auto dir = std::filesystem::temp_directory_path() / ("supplyhub_schema_history_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  int opened = 0;
  ExpectEveryUpgradeMatchesFresh(Dialect::kSqlite, [&]() -> std::unique_ptr<storage::Database> {
    auto db = storage::SqliteDatabase::Open((dir / (std::to_string(++opened) + ".db")).string());
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  });
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace supplyhub::testing
