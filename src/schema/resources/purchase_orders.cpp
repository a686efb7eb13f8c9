#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A style on a PO, packed as solids (one color/size per carton) or
// assortments (a pack of several items). SIGHT's camelCase is accepted.
const Resource& PurchaseOrderStyles() {
  static const Resource r = [] {
    Resource s{"purchase_order_styles", "purchase_order_style", "A style ordered on a purchase order.", {}, false, 13};
    s.parent = "purchase_orders";
    s.parent_key = "purchase_order_id";
    s.fields = {
        Field::String("style_id").Alias("styleId").Describe("The style's id in the client's system"),
        Field::String("style_name").Alias("styleName"),
        Field::String("product_category_id").Alias("productCategoryId"),
        Field::String("brand_id").Alias("brandId"),
        Field::Reference("product_id", "products").Describe("Our product, when style_id names one"),
        Field::Array("solids", FieldType::kObject).Describe(
            "[{item_id (itemId), color, size, quantity, carton_quantity, case_pack_quantity, brand_id}]"),
        Field::Array("assortments", FieldType::kObject).Describe(
            "[{assortment_id, carton_quantity, items: [{item_id, color, size, configuration}]}]: configuration is "
            "units of the item per pack, carton_quantity the packs"),
        Field::Decimal("quantity").ReadOnly().Max(kMaxStock).Describe("Units: solids' quantities plus packs x units per pack"),
    };
    return s;
  }();
  return r;
}

// SIGHT's purchase order: its camelCase body is accepted as sent (aliases),
// answered in snake_case; quantities are derived from the packing.
const Resource& PurchaseOrders() {
  static const Resource r = [] {
    Resource p{"purchase_orders", "purchase_order", "Purchase orders to suppliers (SIGHT's PO form).", {}, false, 13};
    p.fields = {
        Field::String("po_number").Alias("poNumber").Required().Unique().Searchable().Sortable().Filterable(),
        Field::String("opo_number").Alias("opoNumber").Searchable(),
        Field::String("client_id").Alias("clientId"),
        Field::Reference("supplier_id", "suppliers").Alias("supplierId").Describe("Our id or the supplier's custom id"),
        Field::Reference("factory_id", "suppliers").Alias("factoryId").Describe("The factory: a supplier, by id or custom id"),
        Field::String("product_line_id").Alias("productLineId"),
        Field::String("po_type").Alias("poType"),
        Field::Date("delivery_date").Alias("deliveryDate").Sortable(),
        Field::Date("in_store_date").Alias("inStoreDate"),
        Field::Date("ship_end_date").Alias("shipEndDate"),
        Currency(),
        Field::Enum("status", {"open", "confirmed", "closed", "canceled"})
            .Alias("poStatus")
            .Default(std::string("open"))
            .Filterable(),
        Field::Decimal("total_quantity").ReadOnly().Default(int64_t{0}).Max(kMaxStock),
        Field::Decimal("received_quantity").ReadOnly().Default(int64_t{0}).Max(kMaxStock).Describe("Moved by receiving tickets"),
        ExternalId(),
    };
    p.children = {{"styles", &PurchaseOrderStyles()}};
    p.lifecycle.field = "status";
    p.lifecycle.actions = {
        {"confirm", "confirmed", {"open"}, "confirmed", "The supplier confirmed it", {}},
        {"close", "closed", {"confirmed"}, "closed", "Close: everything arrived", {}},
        {"cancel", "canceled", {"open", "confirmed"}, "canceled", "Cancel (also by \"poStatus\": \"canceled\")", {}},
    };
    return p;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
