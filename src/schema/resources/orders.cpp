#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A line of an order: a part (seed 002) or a SKU (seeds 001, 003).
const Resource& OrderItems() {
  static const Resource r = [] {
    Resource s{"order_items", "order_item", "A line of an order.", {}, false, 13};
    s.parent = "orders";
    s.parent_key = "order_id";
    s.fields = {
        Field::Reference("part_id", "parts"),
        Field::Reference("sku_id", "skus"),
        Field::Decimal("quantity").Required().Min(0).Max(kMaxQuantity),
        Field::Decimal("price").Min(0).Max(kMaxPrice).Describe("Unit price in the order's currency"),
        Field::String("serial_number").Describe("Lot"),
        Field::Reference("drawing_id", "specifications"),
        Field::Boolean("is_low_inventory").Default(int64_t{0}),
        Field::Boolean("is_low_materials").Default(int64_t{0}),
        Field::Integer("order").Describe("Position in the order"),
        Field::Decimal("quantity_allocated").ReadOnly().Default(int64_t{0}).Max(kMaxQuantity),
        Field::Decimal("quantity_shipped").ReadOnly().Default(int64_t{0}).Max(kMaxQuantity),
    };
    s.max_children = 500;
    return s;
  }();
  return r;
}

// One resource for the three seeds' orders: seed 002's (po_number, contact,
// is_closed), seed 001's dropship orders (supplier and ship-to address) and
// seed 003's (status, fulfillment and financial status). `allocate`
// reserves stock; pick tickets, shipments and payments move the statuses.
const Resource& Orders() {
  static const Resource r = [] {
    Resource o{"orders", "order", "Customer and dropship orders.", {}, false, 13};
    o.fields = {
        Field::String("order_number").Unique().Searchable().Sortable().Filterable(),
        Field::String("po_number").Searchable().Filterable().Describe("The customer's PO number"),
        Field::Reference("contact_id", "customers").Describe("The customer"),
        Field::Date("order_date").Sortable(),
        Field::String("serial_number").Searchable().Describe("Lot"),
        Field::Boolean("is_closed").Default(int64_t{0}).Filterable(),
        Field::Reference("supplier_id", "suppliers").Describe("Dropship: the supplier that fulfils it"),
        Field::String("ship_to_name"),
        Field::String("ship_to_street"),
        Field::String("ship_to_city"),
        Field::String("ship_to_province"),
        Field::String("ship_to_postal_code").MaxLength(32),
        Field::String("ship_to_country"),
        Field::String("ship_to_phone").MaxLength(64),
        Field::String("ship_to_email"),
        Currency(),
        Field::Money("total").ReadOnly().Max(kMaxAmount).Describe("Sum of quantity x price of the items"),
        Field::Enum("status", {"open", "allocated", "partially_shipped", "shipped", "closed", "cancelled"})
            .Default(std::string("open"))
            .Filterable(),
        Field::Enum("fulfillment_status", {"unfulfilled", "partial", "fulfilled"})
            .ReadOnly()
            .Default(std::string("unfulfilled"))
            .Filterable(),
        Field::Enum("financial_status", {"pending", "partially_paid", "paid", "voided"})
            .ReadOnly()
            .Default(std::string("pending"))
            .Filterable(),
        Field::Reference("allocated_location_id", "locations").ReadOnly().Describe("Where `allocate` reserved the stock"),
        ExternalId(),
    };
    o.children = {{"items", &OrderItems()}};
    o.root_alias = true;
    Field location = Field::Reference("location_id", "locations").Required().Describe("Where to reserve the stock");
    o.lifecycle = {"status",
                   {
                       {"allocate", "allocated", {"open"}, "allocated", "Reserve the items' stock at a location",
                        {location}},
                       {"close", "closed", {"open", "allocated", "partially_shipped", "shipped"}, "closed", "Close", {}},
                       {"cancel", "cancelled", {"open", "allocated"}, "cancelled", "Cancel: reserved stock is released", {}},
                   },
                   "is_closed",
                   "closed"};
    return o;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
