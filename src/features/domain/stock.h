#pragma once
// Stock arithmetic: exact (decimal millionths, see FieldType::kDecimal) and
// never below zero, done by the database in one guarded UPDATE so concurrent
// movements cannot lose an update.
#include <string>

#include "features/resources/row_writer.h"

namespace supplyhub::features {

// Adds `delta` to the stock of `part` at `location` (creating the inventory
// row at zero when there is none). 409 insufficient_stock naming `line` when
// the stock would go below zero.
Task<Result<void>> MoveStock(RowWriter& w, int64_t part, int64_t location, int64_t delta, const std::string& line);

// The id of the organization's location called `name`, created when missing.
Task<Result<int64_t>> LocationNamed(RowWriter& w, const std::string& name);

}  // namespace supplyhub::features
