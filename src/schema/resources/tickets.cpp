#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A line to pick: how much of one order line.
const Resource& PickTicketLines() {
  static const Resource r = [] {
    Resource s{"pick_ticket_lines", "pick_ticket_line", "A line of a pick ticket.", {}, false, 13};
    s.parent = "pick_tickets";
    s.parent_key = "pick_ticket_id";
    s.fields = {
        Field::Reference("order_item_id", "order_items").Required().Describe("A line of the ticket's order"),
        Field::Decimal("quantity").Required().Min(0).Max(kMaxQuantity),
    };
    s.max_children = 500;
    return s;
  }();
  return r;
}

// Stitchex's pick ticket: `ship` takes the stock from the location, creates
// the shipment and moves the order's fulfillment, in one transaction.
const Resource& PickTickets() {
  static const Resource r = [] {
    Resource p{"pick_tickets", "pick_ticket", "Pick tickets: what to take from a location to ship an order.", {}, false,
               13};
    p.fields = {
        Field::Reference("order_id", "orders").Required(),
        Field::Reference("location_id", "locations").Required(),
        Field::Enum("status", {"open", "picking", "shipped", "cancelled"}).Default(std::string("open")).Filterable(),
        Field::String("carrier").ReadOnly(),
        Field::String("tracking_number").ReadOnly(),
        Field::Reference("shipment_id", "shipments").ReadOnly().Describe("The shipment `ship` created"),
        ExternalId(),
    };
    p.children = {{"lines", &PickTicketLines()}};
    p.root_alias = true;
    p.lifecycle.field = "status";
    p.lifecycle.actions = {
        {"start_picking", "picking_started", {"open"}, "picking", "Start picking", {}},
        {"ship", "shipped", {"open", "picking"}, "shipped",
         "Ship: stock leaves the location, a shipment is created, the order's fulfillment moves",
         {Field::String("carrier"), Field::String("tracking_number")}},
        {"cancel", "cancelled", {"open", "picking"}, "cancelled", "Cancel", {}},
    };
    return p;
  }();
  return r;
}

// A line expected on a receiving ticket, and how much arrived.
const Resource& ReceivingTicketLines() {
  static const Resource r = [] {
    Resource s{"receiving_ticket_lines", "receiving_ticket_line", "A line of a receiving ticket.", {}, false, 13};
    s.parent = "receiving_tickets";
    s.parent_key = "receiving_ticket_id";
    s.fields = {
        Field::Reference("sku_id", "skus"),
        Field::Reference("part_id", "parts"),
        Field::Decimal("expected").Required().Min(0).Max(kMaxQuantity),
        Field::Decimal("received").ReadOnly().Default(int64_t{0}).Max(kMaxStock),
    };
    s.max_children = 500;
    return s;
  }();
  return r;
}

// Goods expected from a supplier (often for a PO): `receive` puts what
// arrived into stock and moves the PO's received quantity.
const Resource& ReceivingTickets() {
  static const Resource r = [] {
    Resource t{"receiving_tickets", "receiving_ticket", "Receiving tickets: goods expected at a location.", {}, false,
               13};
    t.fields = {
        Field::Reference("purchase_order_id", "purchase_orders"),
        Field::Reference("supplier_id", "suppliers"),
        Field::Reference("location_id", "locations").Required(),
        Field::Date("expected_date").Sortable(),
        Field::Enum("status", {"open", "received", "cancelled"}).Default(std::string("open")).Filterable(),
        ExternalId(),
    };
    t.children = {{"lines", &ReceivingTicketLines()}};
    t.root_alias = true;
    t.lifecycle.field = "status";
    t.lifecycle.actions = {
        {"receive", "received", {"open"}, "received", "Receive: stock arrives, the PO's received quantity moves",
         {Field::Array("lines", FieldType::kObject).Describe(
             "[{id, received}]: what arrived per line (default: every line as expected)")}},
        {"cancel", "cancelled", {"open"}, "cancelled", "Cancel", {}},
    };
    return t;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
