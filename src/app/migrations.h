#pragma once
#include <vector>

#include "storage/migrator.h"

namespace supplyhub::app {

// Every migration of the product, oldest first. Never edit a released one:
// a changed declaration needs a new migration (e.g. ALTER TABLE ... ADD).
const std::vector<storage::Migration>& AllMigrations();

}  // namespace supplyhub::app
