#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// Stock of one item at one location. Quantities change only through stock
// operations and ticket actions; available = on_hand - allocated.
const Resource& Inventory() {
  static const Resource r = [] {
    Resource i{"inventory", "inventory", "Stock of each item at each location.", {}, false, 12};
    i.fields = {
        Field::Reference("part_id", "parts").OptionalSince(13).Describe("The part, or"),
        Field::Reference("sku_id", "skus").Since(13).Describe("the SKU (exactly one of the two)"),
        Field::Reference("location_id", "locations").Required(),
        Field::Decimal("on_hand").ReadOnly().Default(int64_t{0}).Max(kMaxStock),
        Field::Decimal("allocated").ReadOnly().Default(int64_t{0}).Max(kMaxStock),
        Field::Decimal("available").ReadOnly().Default(int64_t{0}).Max(kMaxStock),
        Field::String("item_name").ReadOnly().Searchable().Describe("The part's name or the SKU, for ?keyword="),
        Field::Array("linked_location_ids", FieldType::kInteger).ReadOnly().Describe(
            "Other locations this stock may be kept in (PUT /v1/inventory/{id}/locations)"),
        ExternalId(),
    };
    i.unique_together = {{"part_id", "location_id"}, {"sku_id", "location_id"}};
    i.exactly_one = {{"part_id", "sku_id"}};
    // Seed 002: "Update the linked locations for a specific inventory".
    schema::Action link{"locations", "locations_linked", {}, "", "Set the other locations this stock may be kept in",
                        {Field::Array("location_ids", FieldType::kInteger).Required()}, "PUT"};
    i.lifecycle.actions = {link};
    i.root_alias = true;
    return i;
  }();
  return r;
}

// An adjustment (signed change at one location) or a transfer between two.
// Applying the same idempotency_key again returns the first result.
const Resource& StockOperations() {
  static const Resource r = [] {
    Resource s{"stock_operations", "stock_operation", "Stock adjustments and transfers.", {}, false, 12};
    s.fields = {
        Field::Enum("kind", {"adjust", "transfer"}).Required().Filterable(),
        Field::Reference("part_id", "parts").OptionalSince(13).Describe("The part, or"),
        Field::Reference("sku_id", "skus").Since(13).Describe("the SKU (exactly one of the two)"),
        Field::Reference("location_id", "locations").Describe("adjust: where"),
        Field::Reference("from_location_id", "locations").Describe("transfer: from"),
        Field::Reference("to_location_id", "locations").Describe("transfer: to"),
        Field::Decimal("quantity").Required().Max(kMaxStock).Describe("adjust: the signed change; transfer: how much moves (> 0)"),
        Field::Text("reason"),
        Field::String("idempotency_key").Unique().Filterable(),
        ExternalId(),
    };
    s.exactly_one = {{"part_id", "sku_id"}};
    s.immutable = true;
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
