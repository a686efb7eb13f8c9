#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A line of a shipment (seed 002 "ShipmentItems").
const Resource& ShipmentItems() {
  static const Resource r = [] {
    Resource s{"shipment_items", "shipment_item", "A line of a shipment.", {}, false, 13};
    s.parent = "shipments";
    s.parent_key = "shipment_id";
    s.fields = {
        Field::Reference("part_id", "parts"),
        Field::Reference("sku_id", "skus"),
        Field::Decimal("quantity").Min(0).Max(kMaxQuantity),
        Field::String("serial_number").Describe("Lot"),
        Field::Reference("drawing_id", "specifications"),
        Field::Integer("order").Describe("Position in the shipment"),
        Field::Reference("order_item_id", "order_items").ReadOnly().Describe("The order line it ships"),
    };
    s.max_children = 500;
    return s;
  }();
  return r;
}

// Seed 002 "Shipments" (form-encoded bodies; `dateRange`/`fromDate`/`toDate`
// list filters on the requested ship date); setting actual_ship_date closes
// one. Seed 001 partners read them (`read:shipments`).
const Resource& Shipments() {
  static const Resource r = [] {
    Resource s{"shipments", "shipment", "Shipments to customers.", {}, false, 13};
    s.fields = {
        Field::Date("requested_ship_date").Sortable(),
        Field::Date("actual_ship_date").Sortable().Describe("Setting it closes the shipment"),
        Field::String("po_number").Searchable().Filterable().Describe("Lot number or serial number"),
        Field::Reference("contact_id", "customers"),
        Field::Reference("order_id", "orders"),
        Field::Text("notes"),
        Field::Boolean("is_ship_all_items").Default(int64_t{0}),
        Field::String("carrier").Filterable(),
        Field::String("tracking_number").Searchable().Filterable(),
        Field::Enum("status", {"open", "closed"}).ReadOnly().Default(std::string("open")).Filterable().Describe(
            "closed once actual_ship_date is set"),
        ExternalId(),
    };
    s.children = {{"items", &ShipmentItems()}};
    s.form_bodies = true;
    s.date_range_field = "requested_ship_date";
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
