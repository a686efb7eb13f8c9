#pragma once
// Versioned schema migrations: each runs once, in order, inside one write
// transaction, and is recorded in schema_migrations.
#include <functional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace supplyhub::storage {

struct Migration {
  int version;
  std::string name;
  std::function<std::vector<std::string>(Dialect)> statements;
};

// Applies pending migrations; returns how many ran. Call from a plain thread.
Result<int> Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace supplyhub::storage
