#include <algorithm>

#include "features/domain/operations.h"
#include "features/domain/stock.h"
#include "schema/resources/declarations.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

namespace res = schema::resources;

std::string LineName(size_t i, int64_t id) {
  return "items[" + std::to_string(i) + "] (order item " + std::to_string(id) + ")";
}

// Reserves (sign +1) or releases (sign -1) what each item still has to ship.
Task<Result<void>> Reserve(RowWriter& w, const schema::Resource& order, StoredRow& row, int64_t location, int sign) {
  const auto& item_r = res::OrderItems();
  auto items = co_await w.LoadChildren(order.children[0], row.id);
  if (!items) co_return Fail(items.error());
  for (size_t i = 0; i < items->size(); ++i) {
    StoredRow& item = (*items)[i];
    int64_t allocated = IntField(item_r, item.record, "quantity_allocated");
    int64_t wanted = sign > 0 ? IntField(item_r, item.record, "quantity") - IntField(item_r, item.record, "quantity_shipped")
                              : allocated;
    if (wanted <= 0) continue;
    auto what = ItemOf(item_r, item.record, "items[" + std::to_string(i) + "].");
    if (!what) co_return Fail(what.error());
    if (auto moved = co_await AllocateStock(w, *what, location, sign * wanted, LineName(i, item.id)); !moved)
      co_return moved;
    SetField(item_r, item.record, "quantity_allocated", sign > 0 ? allocated + wanted : int64_t{0});
    if (auto stored = co_await w.Store(item_r, item, false); !stored) co_return stored;
  }
  co_return Result<void>{};
}

// (Built outside coroutines: GCC 12 cannot keep an initializer_list in a coroutine frame.)
schema::Record AllocationAt(const schema::Resource& order, int64_t location) {
  return MakeRecord(order, {{"allocated_location_id", location}});
}

// What an order item is of.
constexpr std::string_view kItemFields[] = {"part_id", "sku_id"};

// Cancel and close end the order: what it still holds reserved is released.
Task<Result<void>> ReleaseAll(ActionCall& call) {
  int64_t location = IntField(call.resource, call.row.record, "allocated_location_id");
  if (location)
    if (auto released = co_await Reserve(call.writer, call.resource, call.row, location, -1); !released)
      co_return released;
  co_return Result<void>{};
}

// Releases `quantity` of what order item `item` holds reserved (at its order's allocation).
Task<Result<void>> ReleaseOf(RowWriter& w, const StoredRow& item, int64_t quantity) {
  if (quantity <= 0) co_return Result<void>{};
  const auto& item_r = res::OrderItems();
  auto order = co_await w.Load(res::Orders(), item.parent_id);
  if (!order) co_return Fail(order.error());
  int64_t location = *order ? IntField(res::Orders(), (*order)->record, "allocated_location_id") : 0;
  if (!location) co_return Result<void>{};
  auto what = ItemOf(item_r, item.record);
  if (!what) co_return Fail(what.error());
  co_return co_await AllocateStock(w, *what, location, -quantity, "order item " + std::to_string(item.id));
}

}  // namespace

// total = sum of quantity x price; fulfillment follows the items' shipped
// quantities, and the status follows fulfillment while the order is live.
Behavior OrderBehavior() {
  Behavior b;
  b.compute = [](RowWriter&, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    const auto& item_r = res::OrderItems();
    int exponent = schema::CurrencyExponent(TextField(r, row.record, "currency"));
    CheckedSum total;
    bool any_shipped = false, all_shipped = !row.children[0].empty();
    for (const StoredRow& item : row.children[0]) {
      int64_t quantity = IntField(item_r, item.record, "quantity"), shipped = IntField(item_r, item.record, "quantity_shipped");
      total += LineAmount(quantity, IntField(item_r, item.record, "price"), exponent);
      any_shipped = any_shipped || shipped > 0;
      all_shipped = all_shipped && shipped >= quantity;
    }
    if (!total.ok()) co_return Fail(OutOfRange("total", "the sum of the items' quantity x price"));
    SetField(r, row.record, "total", *total.value());
    std::string fulfillment = all_shipped ? "fulfilled" : any_shipped ? "partial" : "unfulfilled";
    SetField(r, row.record, "fulfillment_status", fulfillment);
    std::string status = TextField(r, row.record, "status");
    if (any_shipped && (status == "open" || status == "allocated" || status == "partially_shipped" || status == "shipped"))
      SetField(r, row.record, "status", std::string(all_shipped ? "shipped" : "partially_shipped"));
    co_return Result<void>{};
  };
  b.actions.emplace_back("allocate", [](ActionCall& call) -> Task<Result<void>> {
    int64_t location = 0;
    if (const auto* given = std::get_if<int64_t>(&call.input.values.at(0))) location = *given;
    FieldErrors fields;
    schema::Record check = AllocationAt(call.resource, location);
    if (auto ok = co_await call.writer.ResolveReferences(call.resource, check, fields); !ok) co_return ok;
    if (!fields.empty()) co_return Fail(FieldsInvalid({{"location_id", fields.begin()->second}}));
    if (auto reserved = co_await Reserve(call.writer, call.resource, call.row, location, +1); !reserved)
      co_return reserved;
    SetField(call.resource, call.row.record, "allocated_location_id", location);
    co_return Result<void>{};
  });
  b.actions.emplace_back("cancel", ReleaseAll);
  b.actions.emplace_back("close", ReleaseAll);
  return b;
}

// An order's reservation is its items' quantity_allocated: whatever shrinks
// or removes an item releases its share (a deleted order's items go too).
Behavior OrderItemBehavior() {
  Behavior b;
  // Never more reserved than is left to ship (a smaller quantity, a ship from elsewhere).
  b.compute = [](RowWriter& w, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    int64_t reserved = IntField(r, row.record, "quantity_allocated");
    int64_t left = std::max<int64_t>(0, IntField(r, row.record, "quantity") - IntField(r, row.record, "quantity_shipped"));
    if (reserved <= left) co_return Result<void>{};
    if (auto released = co_await ReleaseOf(w, row, reserved - left); !released) co_return released;
    SetField(r, row.record, "quantity_allocated", left);
    co_return Result<void>{};
  };
  b.changing = [](RowWriter& w, const schema::Resource& r, const StoredRow& row, std::string_view what,
                  const schema::Record& changes) -> Task<Result<void>> {
    int64_t reserved = IntField(r, row.record, "quantity_allocated");
    if (reserved <= 0) co_return Result<void>{};
    if (what == "delete") co_return co_await ReleaseOf(w, row, reserved);
    for (std::string_view name : kItemFields) {
      auto i = static_cast<size_t>(r.FieldIndex(name));
      if (what == "update" && changes.present[i] && changes.values[i] != row.record.values[i])
        co_return Fail(ErrorCode::kConflict, "Order item " + std::to_string(row.id) + " holds a reservation of " +
                                                 schema::FormatDecimal(reserved) +
                                                 ": its item cannot change (delete the line and add another)");
    }
    co_return Result<void>{};
  };
  return b;
}

// Seed 002: setting actual_ship_date closes the shipment.
Behavior ShipmentBehavior() {
  Behavior b;
  b.compute = [](RowWriter&, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    bool shipped = !TextField(r, row.record, "actual_ship_date").empty();
    SetField(r, row.record, "status", std::string(shipped ? "closed" : "open"));
    co_return Result<void>{};
  };
  return b;
}

Task<Result<void>> OrderFollowsInvoices(RowWriter& w, int64_t order_id) {
  storage::Value p[] = {storage::Value{w.org()}, storage::Value{order_id}};
  // Summed here in 128 bits, only compared: an SQL SUM of 64-bit amounts can
  // overflow (SQLite: an error; PostgreSQL: a numeric).
  __extension__ __int128 total = 0, paid = 0;
  auto ran = co_await w.tx().Execute(
      "SELECT total, amount_paid FROM invoices WHERE org_id = $1 AND order_id = $2 AND status <> 'void'", p,
      [&](const storage::Row& row) { total += row.Int(0), paid += row.Int(1); });
  if (!ran) co_return Fail(ran.error());
  const auto& r = res::Orders();
  auto order = co_await w.Load(r, order_id);
  if (!order) co_return Fail(order.error());
  if (!*order) co_return Result<void>{};
  std::string status = paid <= 0 ? "pending" : paid >= total ? "paid" : "partially_paid";
  SetField(r, (*order)->record, "financial_status", status);
  co_return co_await w.Store(r, **order);
}

}  // namespace supplyhub::features
