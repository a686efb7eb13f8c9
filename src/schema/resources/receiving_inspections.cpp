#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// An item received and inspected (seed 002 "Receiving Inspection Items").
const Resource& ReceivingInspectionItems() {
  static const Resource r = [] {
    Resource s{"receiving_inspection_items", "receiving_inspection_item", "A received item.", {}, false, 12};
    s.parent = "receiving_inspections";
    s.parent_key = "receiving_inspection_id";
    s.fields = {
        Field::Reference("part_id", "parts"),
        Field::Decimal("quantity_accepted").Default(int64_t{0}).Min(0).Max(kMaxQuantity),
        Field::Decimal("quantity_rejected").Default(int64_t{0}).Min(0).Max(kMaxQuantity),
        Field::String("unit_of_measure").MaxLength(32),
        Field::String("serial_number"),
        Field::Integer("order"),
        Field::Boolean("is_active_batch").Default(int64_t{0}),
        Field::Number("cost"),
        Field::Date("received_date"),
        Field::Reference("drawing_id", "specifications"),
    };
    return s;
  }();
  return r;
}

// Seed 002 "Receiving Inspections": closing one moves accepted quantities into
// stock (the quarantine location while quarantined).
const Resource& ReceivingInspections() {
  static const Resource r = [] {
    Resource s{"receiving_inspections", "receiving_inspection", "Goods received from suppliers and their inspection.",
               {}, false, 12};
    s.fields = {
        Field::Reference("supplier_id", "suppliers"),
        Field::String("serial_number").Searchable(),
        Field::String("po_number").Searchable().Filterable(),
        Field::Date("requested_shipment_arrival_date").Sortable(),
        Field::Date("actual_arrival_date").Sortable(),
        Field::Boolean("is_closed").Default(int64_t{0}).Filterable(),
        Field::Boolean("is_quarantined").Default(int64_t{0}).Filterable(),
        Field::Decimal("total_order_quantity").Min(0).Max(kMaxStock),
        Field::Boolean("is_receive_all_items").Default(int64_t{0}),
        Field::Text("notes"),
        Field::Enum("status", {"open", "closed"}).ReadOnly().Default(std::string("open")).Filterable(),
        Field::Reference("location_id", "locations").ReadOnly().Describe("Where closing put the accepted stock"),
        ExternalId(),
    };
    s.children = {{"items", &ReceivingInspectionItems()}};
    Field location = Field::Reference("location_id", "locations").Describe(
        "Where accepted stock goes; default the Receiving location (Quarantine while quarantined)");
    s.lifecycle = {"status",
                   {{"close", "closed", {"open"}, "closed", "Close: accepted quantities go into stock", {location}}},
                   "is_closed",
                   "closed"};
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
