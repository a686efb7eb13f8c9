#include "schema/resources/declarations.h"

namespace supplyhub::schema::resources {

// A style: what a brand sells (seed 001 partners read them, `read:products`).
const Resource& Products() {
  static const Resource r = [] {
    Resource p{"products", "product", "Products (styles) of the catalog.", {}, false, 13};
    p.fields = {
        Field::String("style_number").Required().Unique().Searchable().Sortable().Filterable(),
        Field::String("name").Required().Searchable().Sortable(),
        Field::Text("description"),
        Field::String("brand").Searchable().Filterable(),
        Field::String("season").Filterable(),
        Field::String("category").Filterable(),
        Field::Reference("supplier_id", "suppliers"),
        Currency(),
        Field::Money("wholesale_price").Min(0).Max(kMaxPrice),
        Field::Money("retail_price").Min(0).Max(kMaxPrice),
        Field::Enum("status", {"active", "discontinued"}).Default(std::string("active")).Filterable(),
        ExternalId(),
    };
    p.root_alias = true;
    return p;
  }();
  return r;
}

// A sellable, stockable variant: style + color + size (SIGHT's "Item").
const Resource& Skus() {
  static const Resource r = [] {
    Resource s{"skus", "sku", "Stock-keeping units: a product in one color and size (SIGHT's items).", {}, false, 13};
    s.fields = {
        Field::Reference("product_id", "products").Required(),
        Field::String("sku").Required().Unique().Searchable().Sortable().Filterable(),
        Field::String("color").Filterable(),
        Field::String("size").Filterable(),
        Field::String("barcode").Filterable(),
        Currency(),
        Field::Money("price").Min(0).Max(kMaxPrice),
        Field::Decimal("weight").Min(0).Max(kMaxQuantity).Describe("In kilograms"),
        ExternalId(),
    };
    s.root_alias = true;
    return s;
  }();
  return r;
}

}  // namespace supplyhub::schema::resources
