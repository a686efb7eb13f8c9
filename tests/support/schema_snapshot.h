#pragma once
// What every released migration executed, per backend, kept in
// tests/unit/app/schema_history/<backend>.sql, and the check that a database
// upgraded from each of those versions ends with the schema of a fresh one.
// Shared by tests/unit/app/schema_history_test.cpp (SQLite) and
// tests/integration/schema_history_test.cpp (both backends).
//
// Snapshot format: a line "-- version N: <name>" starts a migration; each of
// its statements follows, ended by a line holding only ";;".
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/migrations.h"
#include "core/clock.h"
#include "core/log.h"
#include "storage/block_on.h"
#include "storage/migrator.h"
#include "storage/schema_catalog.h"
#include "support/build_paths.h"

namespace supplyhub::testing {

struct ReleasedMigration {
  int version = 0;
  std::string name;
  std::vector<std::string> statements;
};

inline const char* BackendName(storage::Dialect d) { return d == storage::Dialect::kSqlite ? "sqlite" : "postgres"; }

inline std::string SnapshotPath(storage::Dialect d) {
  return SourceDir() + "/tests/unit/app/schema_history/" + BackendName(d) + ".sql";
}

inline std::string FormatSnapshot(const ReleasedMigration& m) {
  std::string out = "-- version " + std::to_string(m.version) + ": " + m.name + "\n";
  for (const auto& s : m.statements) out += s + "\n;;\n";
  return out;
}

// The snapshot's migrations by version; a malformed file fails the test.
inline std::vector<ReleasedMigration> ParseSnapshot(const std::string& text, const std::string& path) {
  std::vector<ReleasedMigration> out;
  std::vector<std::string> lines;  // of the statement being read
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (lines.empty() && line.rfind("-- version ", 0) == 0 && line.find(": ") != std::string::npos) {
      size_t colon = line.find(": ");
      out.push_back({std::stoi(line.substr(11, colon - 11)), line.substr(colon + 2), {}});
    } else if (out.empty()) {
      ADD_FAILURE() << path << ":" << number << ": expected \"-- version N: <name>\", got: " << line;
      return {};
    } else if (line == ";;") {
      std::string statement;
      for (size_t i = 0; i < lines.size(); ++i) statement += (i ? "\n" : "") + lines[i];
      out.back().statements.push_back(std::move(statement));
      lines.clear();
    } else {
      lines.push_back(line);
    }
  }
  if (!lines.empty()) ADD_FAILURE() << path << ": the last statement has no \";;\" line after it";
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version) ADD_FAILURE() << path << ": version " << out[i].version << " twice";
  return out;
}

inline std::vector<ReleasedMigration> ReadSnapshot(storage::Dialect d) {
  std::string path = SnapshotPath(d);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseSnapshot(text.str(), path);
}

// Replays the released migrations up to `upto` as the released binaries ran
// them: each in one write, recorded in schema_migrations. The bookkeeping is
// written out here as the released storage/migrator.cpp did it rather than
// by calling it, so a change to the migrator's own table shows as drift too.
inline Result<void> ReplayReleased(storage::Database& db, const std::vector<ReleasedMigration>& released, int upto) {
  auto made = storage::BlockOn(db.Write([](storage::Transaction& tx) -> Task<Result<void>> {
    auto r = co_await tx.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)",
        {});
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  if (!made) return made;
  for (const ReleasedMigration& m : released) {
    if (m.version > upto) break;
    auto done = storage::BlockOn(db.Write([&m](storage::Transaction& tx) -> Task<Result<void>> {
      for (const std::string& sql : m.statements) {
        auto r = co_await tx.Execute(sql, {});
        if (!r) co_return Fail(ErrorCode::kInternal, "released version " + std::to_string(m.version) + ": " +
                                                         r.error().message + "\nin: " + sql);
      }
      storage::Value params[] = {storage::Value{int64_t{m.version}}, storage::Value{m.name},
                                 storage::Value{NowRfc3339()}};
      auto r = co_await tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   params);
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    }));
    if (!done) return done;
  }
  return {};
}

// What differs between two schema descriptions, line by line, each line
// named with its table: the full texts are too long to read in a failure.
inline std::string SchemaDiff(const std::string& upgraded, const std::string& fresh) {
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line, table;
    while (std::getline(in, line)) {
      if (line.rfind("table ", 0) == 0) table = line;
      out.push_back(line.rfind("table ", 0) == 0 ? line : table + ":" + line);
    }
    return out;
  };
  std::vector<std::string> a = lines(upgraded), b = lines(fresh);
  std::vector<std::string> only_a, only_b, sorted_a = a, sorted_b = b;
  std::sort(sorted_a.begin(), sorted_a.end());
  std::sort(sorted_b.begin(), sorted_b.end());
  std::set_difference(sorted_a.begin(), sorted_a.end(), sorted_b.begin(), sorted_b.end(), std::back_inserter(only_a));
  std::set_difference(sorted_b.begin(), sorted_b.end(), sorted_a.begin(), sorted_a.end(), std::back_inserter(only_b));
  std::string out;
  for (const auto& l : only_a) out += "  upgraded only: " + l + "\n";
  for (const auto& l : only_b) out += "  fresh only:    " + l + "\n";
  if (out.empty()) {  // the same lines in another order (columns)
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    out = "  in another order from: " + (i < a.size() ? a[i] : "(end)") + " (fresh: " + (i < b.size() ? b[i] : "(end)") +
          ")\n";
  }
  return out;
}

// A new, empty database of the backend under test, each time it is called.
using OpenEmptyDatabase = std::function<std::unique_ptr<storage::Database>()>;

// For every released version v: a database at v (replayed from the
// snapshot), migrated with today's AllMigrations(), must describe exactly as
// one migrated from empty.
inline void ExpectEveryUpgradeMatchesFresh(storage::Dialect dialect, const OpenEmptyDatabase& open) {
  log::SetQuiet(true);  // one "migration applied" line per migration and database is noise here
  const auto& all = app::AllMigrations();
  auto released = ReadSnapshot(dialect);
  ASSERT_FALSE(released.empty()) << SnapshotPath(dialect);

  auto fresh_db = open();
  ASSERT_TRUE(fresh_db);
  auto migrated = storage::Migrate(*fresh_db, all);
  ASSERT_TRUE(migrated) << migrated.error().message;
  auto fresh = storage::DescribeSchema(*fresh_db);
  ASSERT_TRUE(fresh) << fresh.error().message;
  fresh_db->Close();
  fresh_db.reset();

  for (const ReleasedMigration& at : released) {
    SCOPED_TRACE(std::string(BackendName(dialect)) + ": upgraded from version " + std::to_string(at.version));
    auto db = open();
    ASSERT_TRUE(db);
    auto replayed = ReplayReleased(*db, released, at.version);
    ASSERT_TRUE(replayed) << replayed.error().message;
    auto ran = storage::Migrate(*db, all);
    ASSERT_TRUE(ran) << ran.error().message;
    // The migrator must take the recorded versions as applied and run just the rest.
    std::set<int> applied;
    for (const auto& m : released)
      if (m.version <= at.version) applied.insert(m.version);
    int pending = static_cast<int>(std::count_if(all.begin(), all.end(), [&](const auto& m) {
      return !applied.count(m.version);
    }));
    EXPECT_EQ(*ran, pending);
    auto upgraded = storage::DescribeSchema(*db);
    ASSERT_TRUE(upgraded) << upgraded.error().message;
    if (*upgraded != *fresh)
      ADD_FAILURE() << "a database upgraded from version " << at.version << " differs from a fresh one:\n"
                    << SchemaDiff(*upgraded, *fresh);
    db->Close();
  }
}

}  // namespace supplyhub::testing
