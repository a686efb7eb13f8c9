#include "features/domain/stock.h"

#include <nlohmann/json.hpp>

#include "features/domain/quality.h"
#include "schema/resources/declarations.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

using storage::Value;
namespace res = schema::resources;

int64_t IntOr(const Value& v, int64_t fallback) {
  const auto* i = std::get_if<int64_t>(&v);
  return i ? *i : fallback;
}

std::string Line(const StockItem& item, int64_t location) {
  return item.Describe() + " at location " + std::to_string(location);
}

schema::Record NamedLocation(const std::string& name) { return MakeRecord(res::Locations(), {{"name", name}}); }

schema::Record InventoryRow(const StockItem& item, int64_t location) {
  return MakeRecord(res::Inventory(), {{"part_id", item.part ? Value{item.part} : Value{}},
                                       {"sku_id", item.sku ? Value{item.sku} : Value{}},
                                       {"location_id", location}});
}

// The inventory row of `item` at `location`; 0 when there is none.
Task<Result<int64_t>> InventoryRowId(RowWriter& w, const StockItem& item, int64_t location) {
  Value key[] = {Value{w.org()}, Value{item.part ? item.part : item.sku}, Value{location}};
  int64_t id = 0;
  auto found = co_await w.tx().Execute(
      item.part ? "SELECT id FROM inventory WHERE org_id = $1 AND part_id = $2 AND location_id = $3"
                : "SELECT id FROM inventory WHERE org_id = $1 AND sku_id = $2 AND location_id = $3",
      key, [&id](const storage::Row& row) { id = row.Int(0); });
  if (!found) co_return Fail(found.error());
  co_return id;
}

// Re-renders inventory row `id` after a guarded UPDATE changed its quantities
// (its `compute` refuses on_hand below allocated: 409 naming `line` and the reservations).
Task<Result<void>> Restore(RowWriter& w, int64_t id, const std::string& line) {
  auto row = co_await w.Load(res::Inventory(), id);
  if (!row) co_return Fail(row.error());
  auto stored = co_await w.Store(res::Inventory(), **row);
  if (!stored && stored.error().code == ErrorCode::kInsufficientStock)
    stored.error().message = "Not enough unreserved stock for " + line + ": " + stored.error().message;
  co_return stored;
}

// Who holds reservations of `item` at `location`: "order 7 (O-1) holds 15, …".
Task<Result<std::string>> Reservations(RowWriter& w, const StockItem& item, int64_t location) {
  constexpr int64_t kNamed = 5;
  Value p[] = {Value{w.org()}, Value{item.part ? item.part : item.sku}, Value{location}, Value{kNamed + 1}};
  std::string held;
  int64_t n = 0;
  auto ran = co_await w.tx().Execute(
      std::string("SELECT o.id, o.order_number, i.quantity_allocated FROM order_items i "
                  "JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id "
                  "WHERE i.org_id = $1 AND i.") +
          (item.part ? "part_id" : "sku_id") +
          " = $2 AND o.allocated_location_id = $3 AND i.quantity_allocated > 0 ORDER BY o.id, i.id LIMIT $4",
      p, [&](const storage::Row& row) {
        if (++n > kNamed) {
          held += ", and more";
          return;
        }
        held += (held.empty() ? "order " : ", order ") + std::to_string(row.Int(0));
        if (!row.IsNull(1)) held += " (" + std::string(row.Text(1)) + ")";
        held += " holds " + schema::FormatDecimal(row.Int(2));
      });
  if (!ran) co_return Fail(ran.error());
  co_return held.empty() ? std::string("no open order holds it") : held;
}

// Where stock with reservations stays: its item and location.
constexpr std::string_view kPlaceFields[] = {"part_id", "sku_id", "location_id"};

}  // namespace

std::string StockItem::Describe() const {
  return part ? "part " + std::to_string(part) : "sku " + std::to_string(sku);
}

Result<StockItem> ItemOf(const schema::Resource& r, const schema::Record& rec, const std::string& where) {
  StockItem item;
  if (int i = r.FieldIndex("part_id"); i >= 0)
    if (const auto* p = std::get_if<int64_t>(&rec.values[static_cast<size_t>(i)])) item.part = *p;
  if (int i = r.FieldIndex("sku_id"); i >= 0)
    if (const auto* s = std::get_if<int64_t>(&rec.values[static_cast<size_t>(i)])) item.sku = *s;
  if ((item.part != 0) == (item.sku != 0))
    return Fail(FieldsInvalid({{where + (item.part ? "sku_id" : "part_id"),
                                {item.part ? "cannot be given with part_id: name one item"
                                           : "is required (or sku_id): exactly one item"}}}));
  return item;
}

Task<Result<int64_t>> LocationNamed(RowWriter& w, const std::string& name) {
  Value p[] = {Value{w.org()}, Value{name}};
  int64_t id = 0;
  auto ran = co_await w.tx().Execute("SELECT id FROM locations WHERE org_id = $1 AND name = $2 ORDER BY id LIMIT 1", p,
                                     [&id](const storage::Row& row) { id = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  if (id) co_return id;
  // (The record is built outside the co_await: GCC 12 cannot keep an
  // initializer_list's array in a coroutine frame.)
  schema::Record location = NamedLocation(name);
  co_return co_await w.Create(res::Locations(), std::move(location));
}

Task<Result<void>> MoveStock(RowWriter& w, StockItem item, int64_t location, int64_t delta, const std::string& line) {
  auto found = co_await InventoryRowId(w, item, location);
  if (!found) co_return Fail(found.error());
  int64_t id = *found;
  if (!id) {
    schema::Record row = InventoryRow(item, location);
    auto created = co_await w.Create(res::Inventory(), std::move(row));
    if (!created) co_return Fail(created.error());
    id = *created;
  }
  // One guarded statement: the row lock it takes orders concurrent movements.
  Value p[] = {Value{w.org()}, Value{id}, Value{delta}};
  auto moved = co_await w.tx().Execute(
      "UPDATE inventory SET on_hand = on_hand + $3 WHERE org_id = $1 AND id = $2 AND on_hand + $3 >= 0", p);
  if (!moved) co_return Fail(moved.error());
  if (*moved == 0)
    co_return Fail(ErrorCode::kInsufficientStock, "Not enough stock for " + line + ": " + Line(item, location) +
                                                      " would go below zero (change " + schema::FormatDecimal(delta) + ")");
  co_return co_await Restore(w, id, line);
}

Task<Result<void>> AllocateStock(RowWriter& w, StockItem item, int64_t location, int64_t delta,
                                 const std::string& line) {
  auto found = co_await InventoryRowId(w, item, location);
  if (!found) co_return Fail(found.error());
  if (!*found) {
    if (delta <= 0) co_return Result<void>{};
    co_return Fail(ErrorCode::kInsufficientStock,
                   "Not enough stock for " + line + ": " + Line(item, location) + " has none");
  }
  Value p[] = {Value{w.org()}, Value{*found}, Value{delta}};
  auto moved = co_await w.tx().Execute(
      delta > 0 ? "UPDATE inventory SET allocated = allocated + $3 WHERE org_id = $1 AND id = $2 "
                  "AND allocated + $3 <= on_hand"
                : "UPDATE inventory SET allocated = CASE WHEN allocated + $3 < 0 THEN 0 ELSE allocated + $3 END "
                  "WHERE org_id = $1 AND id = $2",
      p);
  if (!moved) co_return Fail(moved.error());
  if (*moved == 0)
    co_return Fail(ErrorCode::kInsufficientStock, "Not enough stock for " + line + ": " + Line(item, location) +
                                                      " has less available than " + schema::FormatDecimal(delta));
  co_return co_await Restore(w, *found, line);
}

Behavior InventoryBehavior() {
  Behavior b;
  // PUT /v1/inventory/{id}/locations {"location_ids":[…]}: each must be a location of the organization.
  b.actions.emplace_back("locations", [](ActionCall& call) -> Task<Result<void>> {
    const auto* list = std::get_if<std::string>(&call.input.values.at(0));
    std::vector<int64_t> ids;
    if (list) {
      auto parsed = nlohmann::json::parse(*list, nullptr, false);  // validated: an array of integers
      for (const auto& id : parsed) ids.push_back(id.get<int64_t>());
    }
    FieldErrors fields;
    for (size_t i = 0; i < ids.size(); ++i) {
      Value p[] = {Value{call.writer.org()}, Value{ids[i]}};
      bool found = false;
      auto ran = co_await call.writer.tx().Execute("SELECT 1 FROM locations WHERE org_id = $1 AND id = $2", p,
                                                   [&found](const storage::Row&) { found = true; });
      if (!ran) co_return Fail(ran.error());
      if (!found)
        fields["location_ids[" + std::to_string(i) + "]"].push_back("refers to no location with id " +
                                                                   std::to_string(ids[i]) + " in this organization");
    }
    if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    SetField(call.resource, call.row.record, "linked_location_ids", list ? Value{*list} : Value{});
    co_return Result<void>{};
  });
  // available = on_hand - allocated; item_name for ?keyword= (seed 002 searches by part name).
  // Every write of an inventory row passes here (stock movements re-store it
  // after their guarded UPDATE): reserved stock never leaves, on_hand >= allocated.
  // `available` as last stored is where this write started: a row left short
  // by an older version may still be released or restocked, never made shorter.
  b.compute = [](RowWriter& w, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    int64_t on_hand = IntOr(FieldValue(r, row.record, "on_hand"), 0);
    int64_t allocated = IntOr(FieldValue(r, row.record, "allocated"), 0);
    int64_t was_available = IntOr(FieldValue(r, row.record, "available"), 0);
    SetField(r, row.record, "available", on_hand - allocated);
    auto item = ItemOf(r, row.record);
    if (!item) co_return Fail(item.error());
    if (on_hand < allocated && on_hand - allocated < was_available) {
      int64_t location = IntOr(FieldValue(r, row.record, "location_id"), 0);
      auto held = co_await Reservations(w, *item, location);
      if (!held) co_return Fail(held.error());
      co_return Fail(ErrorCode::kInsufficientStock,
                     Line(*item, location) + " would have " + schema::FormatDecimal(on_hand) + " on hand but " +
                         schema::FormatDecimal(allocated) + " of it is reserved (" + *held +
                         "); reserved stock stays until the order ships, or is closed or cancelled");
    }
    // The name is looked up when the row gets its item, not on every stock movement.
    auto changed = [&](const char* name) {
      size_t i = static_cast<size_t>(r.FieldIndex(name));
      return i < row.changed.size() && row.changed[i];
    };
    if (!storage::IsNull(FieldValue(r, row.record, "item_name")) && !changed("part_id") && !changed("sku_id"))
      co_return Result<void>{};
    Value p[] = {Value{w.org()}, Value{item->part ? item->part : item->sku}};
    Value name;
    auto ran = co_await w.tx().Execute(item->part ? "SELECT name FROM parts WHERE org_id = $1 AND id = $2"
                                                  : "SELECT sku FROM skus WHERE org_id = $1 AND id = $2",
                                       p, [&name](const storage::Row& row) { name = std::string(row.Text(0)); });
    if (!ran) co_return Fail(ran.error());
    SetField(r, row.record, "item_name", name);
    co_return Result<void>{};
  };
  // Stock holding reservations keeps its place: its item and location do not
  // change and it is not deleted while orders hold it (they would release nothing).
  // Stock on hand leaves only through a stock operation (with its event), never
  // by deleting the row that counts it.
  b.changing = [](RowWriter& w, const schema::Resource& r, const StoredRow& row, std::string_view what,
                  const schema::Record& changes) -> Task<Result<void>> {
    if (int64_t on_hand = IntOr(FieldValue(r, row.record, "on_hand"), 0); what == "delete" && on_hand != 0)
      co_return Fail(ErrorCode::kConflict, "Inventory " + std::to_string(row.id) + " has " +
                                               schema::FormatDecimal(on_hand) +
                                               " on hand: adjust it to zero (POST /v1/stock_operations) before deleting it");
    if (IntOr(FieldValue(r, row.record, "allocated"), 0) <= 0) co_return Result<void>{};
    bool moves = what == "delete";
    if (what == "update")
      for (std::string_view name : kPlaceFields) {
        auto i = static_cast<size_t>(r.FieldIndex(name));
        moves = moves || (changes.present[i] && changes.values[i] != row.record.values[i]);
      }
    if (!moves) co_return Result<void>{};
    auto item = ItemOf(r, row.record);
    if (!item) co_return Fail(item.error());
    int64_t location = IntOr(FieldValue(r, row.record, "location_id"), 0);
    auto held = co_await Reservations(w, *item, location);
    if (!held) co_return Fail(held.error());
    co_return Fail(ErrorCode::kConflict, "Inventory " + std::to_string(row.id) + " (" + Line(*item, location) +
                                             ") holds reservations (" + *held + "): it " +
                                             (what == "delete" ? "cannot be deleted" : "cannot change item or location") +
                                             " until they are released (the orders ship, or are closed or cancelled)");
  };
  return b;
}

Behavior StockOperationBehavior() {
  Behavior b;
  b.created = [](RowWriter& w, const StoredRow& row) -> Task<Result<void>> {
    const auto& r = res::StockOperations();
    const auto& rec = row.record;
    auto item = ItemOf(r, rec);
    if (!item) co_return Fail(item.error());
    int64_t quantity = IntOr(FieldValue(r, rec, "quantity"), 0);
    std::string kind = std::get<std::string>(FieldValue(r, rec, "kind"));
    FieldErrors fields;
    if (kind == "adjust") {
      int64_t location = IntOr(FieldValue(r, rec, "location_id"), 0);
      if (!location) fields["location_id"].push_back("is required for an adjustment");
      if (quantity == 0) fields["quantity"].push_back("must not be zero");
      if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
      co_return co_await MoveStock(w, *item, location, quantity, "the adjustment");
    }
    int64_t from = IntOr(FieldValue(r, rec, "from_location_id"), 0), to = IntOr(FieldValue(r, rec, "to_location_id"), 0);
    if (!from) fields["from_location_id"].push_back("is required for a transfer");
    if (!to) fields["to_location_id"].push_back("is required for a transfer");
    if (from && from == to) fields["to_location_id"].push_back("must differ from from_location_id");
    if (quantity <= 0) fields["quantity"].push_back("must be greater than zero for a transfer");
    if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    if (auto out = co_await MoveStock(w, *item, from, -quantity, "the transfer's source"); !out) co_return out;
    co_return co_await MoveStock(w, *item, to, quantity, "the transfer's destination");
  };
  return b;
}

}  // namespace supplyhub::features
