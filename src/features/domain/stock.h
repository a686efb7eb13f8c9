#pragma once
// Stock arithmetic: exact (decimal millionths, see FieldType::kDecimal) and
// never below zero, done by the database in one guarded UPDATE so concurrent
// movements cannot lose an update.
#include <string>

#include "features/resources/row_writer.h"

namespace supplyhub::features {

// What stock is kept of: a part or a SKU (exactly one).
struct StockItem {
  int64_t part = 0;
  int64_t sku = 0;
  std::string Describe() const;
};

// The part_id/sku_id of a row; an error naming `where` unless exactly one is set.
Result<StockItem> ItemOf(const schema::Resource& r, const schema::Record& rec, const std::string& where = "");

// Adds `delta` to the stock of `item` at `location` (creating the inventory
// row at zero when there is none). 409 insufficient_stock naming `line` when
// the stock would go below zero.
Task<Result<void>> MoveStock(RowWriter& w, StockItem item, int64_t location, int64_t delta, const std::string& line);

// Reserves (delta > 0) or releases (delta < 0) stock of `item` at `location`:
// `allocated` never exceeds `on_hand` (409 insufficient_stock naming `line`)
// and a release never takes it below zero.
Task<Result<void>> AllocateStock(RowWriter& w, StockItem item, int64_t location, int64_t delta,
                                 const std::string& line);

// The id of the organization's location called `name`, created when missing.
Task<Result<int64_t>> LocationNamed(RowWriter& w, const std::string& name);

}  // namespace supplyhub::features
