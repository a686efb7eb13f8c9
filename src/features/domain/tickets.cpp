#include <map>

#include <nlohmann/json.hpp>

#include "features/domain/operations.h"
#include "features/domain/stock.h"
#include "schema/resources/declarations.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

namespace res = schema::resources;
using storage::Value;

std::string Line(size_t i, int64_t id) { return "lines[" + std::to_string(i) + "] (line " + std::to_string(id) + ")"; }

schema::Record NewShipment(const StoredRow& order, const std::string& carrier, const std::string& tracking,
                           const std::string& today) {
  const auto& o = res::Orders();
  return MakeRecord(res::Shipments(), {{"order_id", order.id},
                                       {"contact_id", FieldValue(o, order.record, "contact_id")},
                                       {"po_number", FieldValue(o, order.record, "po_number")},
                                       {"carrier", carrier.empty() ? Value{} : Value{carrier}},
                                       {"tracking_number", tracking.empty() ? Value{} : Value{tracking}},
                                       {"requested_ship_date", today},
                                       {"actual_ship_date", today},
                                       {"is_ship_all_items", int64_t{1}}});
}

schema::Record ShipmentLine(const StoredRow& item, int64_t quantity, int64_t position) {
  const auto& i = res::OrderItems();
  return MakeRecord(res::ShipmentItems(), {{"part_id", FieldValue(i, item.record, "part_id")},
                                           {"sku_id", FieldValue(i, item.record, "sku_id")},
                                           {"quantity", quantity},
                                           {"serial_number", FieldValue(i, item.record, "serial_number")},
                                           {"drawing_id", FieldValue(i, item.record, "drawing_id")},
                                           {"order", position},
                                           {"order_item_id", item.id}});
}

std::string Input(const schema::Record& input, size_t i) {
  const auto* s = std::get_if<std::string>(&input.values.at(i));
  return s ? *s : std::string();
}

// ?receive's body: {lines: [{id, received}]}, as received quantities per line id.
Result<std::map<int64_t, int64_t>> ReceivedPerLine(const std::string& text) {
  std::map<int64_t, int64_t> out;
  if (text.empty()) return out;
  auto lines = nlohmann::json::parse(text, nullptr, false);  // validated: an array of objects
  FieldErrors fields;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string where = "lines[" + std::to_string(i) + "].";
    const auto& l = lines[i];
    int64_t received = 0;
    if (!l.contains("id") || !l["id"].is_number_integer()) fields[where + "id"].push_back("must be the id of a line");
    if (!l.contains("received") || !l["received"].is_number() ||
        !schema::ParseDecimal(l["received"].dump(), received) || received < 0)
      fields[where + "received"].push_back("must be a non-negative number");
    if (fields.empty()) out[l["id"].get<int64_t>()] = received;
  }
  if (!fields.empty()) return Fail(FieldsInvalid(std::move(fields)));
  return out;
}

}  // namespace

// Ship: per line, the order line's stock leaves the ticket's location (its
// reservation released first), then one shipment with every line is created
// and the order's fulfillment moves. Any short line fails it all (409).
Behavior PickTicketBehavior() {
  Behavior b;
  b.actions.emplace_back("ship", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    const auto& item_r = res::OrderItems();
    RowWriter& w = call.writer;
    int64_t order_id = IntField(r, call.row.record, "order_id"), location = IntField(r, call.row.record, "location_id");
    auto order = co_await w.Load(res::Orders(), order_id);  // locked: shipments of one order queue here
    if (!order) co_return Fail(order.error());
    std::string order_status = TextField(res::Orders(), (*order)->record, "status");
    if (order_status == "cancelled" || order_status == "closed")
      co_return Fail(ErrorCode::kInvalidTransition, "Order " + std::to_string(order_id) + " is " + order_status);
    auto lines = co_await w.LoadChildren(r.children[0], call.row.id);
    if (!lines) co_return Fail(lines.error());
    if (lines->empty()) co_return Fail(FieldsInvalid({{"lines", {"a ticket without lines has nothing to ship"}}}));
    auto items = co_await w.LoadChildren(res::Orders().children[0], order_id);
    if (!items) co_return Fail(items.error());
    std::map<int64_t, StoredRow*> by_id;
    for (auto& item : *items) by_id[item.id] = &item;
    bool reserved_here = IntField(res::Orders(), (*order)->record, "allocated_location_id") == location;
    schema::Record shipment = NewShipment(**order, Input(call.input, 0), Input(call.input, 1), w.now().substr(0, 10));
    auto& shipped_rows = shipment.children[0];
    shipped_rows.present = true;
    const auto& line_r = *r.children[0].resource;
    for (size_t i = 0; i < lines->size(); ++i) {
      const StoredRow& line = (*lines)[i];
      int64_t quantity = IntField(line_r, line.record, "quantity");
      auto found = by_id.find(IntField(line_r, line.record, "order_item_id"));
      if (found == by_id.end())
        co_return Fail(FieldsInvalid({{Line(i, line.id) + ".order_item_id",
                                       {"is not a line of order " + std::to_string(order_id)}}}));
      StoredRow& item = *found->second;
      int64_t left = IntField(item_r, item.record, "quantity") - IntField(item_r, item.record, "quantity_shipped");
      if (quantity > left)
        co_return Fail(ErrorCode::kInvalidTransition, Line(i, line.id) + " picks " + schema::FormatDecimal(quantity) +
                                                          " but only " + schema::FormatDecimal(left) +
                                                          " of order item " + std::to_string(item.id) + " is left to ship");
      auto what = ItemOf(item_r, item.record);
      if (!what) co_return Fail(what.error());
      int64_t allocated = IntField(item_r, item.record, "quantity_allocated");
      int64_t release = reserved_here ? std::min(allocated, quantity) : 0;
      if (release > 0) {
        if (auto freed = co_await AllocateStock(w, *what, location, -release, Line(i, line.id)); !freed) co_return freed;
        SetField(item_r, item.record, "quantity_allocated", allocated - release);
      }
      if (auto moved = co_await MoveStock(w, *what, location, -quantity, Line(i, line.id)); !moved) co_return moved;
      SetField(item_r, item.record, "quantity_shipped", IntField(item_r, item.record, "quantity_shipped") + quantity);
      if (auto stored = co_await w.Store(item_r, item, false); !stored) co_return stored;
      shipped_rows.rows.push_back(ShipmentLine(item, quantity, static_cast<int64_t>(i + 1)));
    }
    auto created = co_await w.Create(res::Shipments(), std::move(shipment));
    if (!created) co_return Fail(created.error());
    if (auto stored = co_await w.Store(res::Orders(), **order); !stored) co_return stored;  // fulfillment moves
    SetField(r, call.row.record, "shipment_id", *created);
    SetField(r, call.row.record, "carrier", Input(call.input, 0).empty() ? Value{} : Value{Input(call.input, 0)});
    SetField(r, call.row.record, "tracking_number", Input(call.input, 1).empty() ? Value{} : Value{Input(call.input, 1)});
    co_return Result<void>{};
  });
  return b;
}

// Receive: what arrived per line (default: as expected) goes into stock at
// the ticket's location, and the PO's received quantity moves.
Behavior ReceivingTicketBehavior() {
  Behavior b;
  b.actions.emplace_back("receive", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    RowWriter& w = call.writer;
    auto given = ReceivedPerLine(Input(call.input, 0));
    if (!given) co_return Fail(given.error());
    auto lines = co_await w.LoadChildren(r.children[0], call.row.id);
    if (!lines) co_return Fail(lines.error());
    for (const auto& [id, quantity] : *given) {
      bool known = false;
      for (const auto& l : *lines) known = known || l.id == id;
      if (!known)
        co_return Fail(FieldsInvalid({{"lines", {"line " + std::to_string(id) + " is not a line of this ticket"}}}));
    }
    const auto& line_r = *r.children[0].resource;
    int64_t location = IntField(r, call.row.record, "location_id");
    CheckedSum total;
    for (size_t i = 0; i < lines->size(); ++i) {
      StoredRow& line = (*lines)[i];
      auto sent = given->find(line.id);
      int64_t quantity = sent != given->end() ? sent->second
                         : given->empty()     ? IntField(line_r, line.record, "expected")
                                              : 0;
      if (quantity == 0) continue;
      auto what = ItemOf(line_r, line.record, "lines[" + std::to_string(i) + "].");
      if (!what) co_return Fail(what.error());
      if (auto moved = co_await MoveStock(w, *what, location, quantity, Line(i, line.id)); !moved) co_return moved;
      auto received = CheckedAdd(IntField(line_r, line.record, "received"), quantity);
      if (!received) co_return Fail(OutOfRange(Line(i, line.id) + ".received", "what the line has received"));
      SetField(line_r, line.record, "received", *received);
      if (auto stored = co_await w.Store(line_r, line, false); !stored) co_return stored;
      total += quantity;
    }
    if (int64_t po_id = IntField(r, call.row.record, "purchase_order_id")) {
      const auto& po_r = res::PurchaseOrders();
      auto po = co_await w.Load(po_r, po_id);
      if (!po) co_return Fail(po.error());
      if (*po) {
        total += IntField(po_r, (*po)->record, "received_quantity");
        if (!total.ok()) co_return Fail(OutOfRange("received_quantity", "the purchase order's received quantities"));
        SetField(po_r, (*po)->record, "received_quantity", *total.value());
        if (auto stored = co_await w.Store(po_r, **po); !stored) co_return stored;
      }
    }
    co_return Result<void>{};
  });
  return b;
}

}  // namespace supplyhub::features
