#include <nlohmann/json.hpp>

#include "features/domain/operations.h"
#include "schema/resources/declarations.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

using nlohmann::json;

// SIGHT sends camelCase inside the packing too: answered in snake_case.
std::string SnakeCase(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

json Snaked(const json& object) {
  json out = json::object();
  for (auto it = object.begin(); it != object.end(); ++it) out[SnakeCase(it.key())] = it.value();
  return out;
}

// A non-negative decimal member (millionths), 0 when absent; a problem otherwise.
bool Quantity(const json& o, const char* key, int64_t& out, FieldErrors& fields, const std::string& where) {
  out = 0;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return true;
  if (!it->is_number() || !schema::ParseDecimal(it->dump(), out) || out < 0) {
    fields[where + key].push_back("must be a non-negative number");
    return false;
  }
  return true;
}

// item_id names a SKU by its sku or external_id when one exists: sku_id is set.
Task<Result<void>> ResolveItem(RowWriter& w, json& item) {
  auto id = item.find("item_id");
  if (id == item.end() || !(id->is_string() || id->is_number_integer())) co_return Result<void>{};
  std::string key = id->is_string() ? id->get<std::string>() : std::to_string(id->get<int64_t>());
  storage::Value p[] = {storage::Value{w.org()}, storage::Value{key}};
  int64_t sku = 0;
  auto ran = co_await w.tx().Execute("SELECT id FROM skus WHERE org_id = $1 AND (sku = $2 OR external_id = $2) "
                                     "ORDER BY id LIMIT 1",
                                     p, [&sku](const storage::Row& row) { sku = row.Int(0); });
  if (!ran) co_return Fail(ran.error());
  item["sku_id"] = sku ? json(sku) : json(nullptr);
  co_return Result<void>{};
}

}  // namespace

// A style's packing, normalized (snake_case keys, items resolved to SKUs) and
// its quantity derived: solids' quantities plus, per assortment, packs
// (carton_quantity) x units per pack (the items' configuration).
Behavior PurchaseOrderStyleBehavior() {
  Behavior b;
  b.compute = [](RowWriter& w, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    FieldErrors fields;
    CheckedSum total;
    json solids = json::array(), assortments = json::array();
    std::string solids_text = TextField(r, row.record, "solids"), assort_text = TextField(r, row.record, "assortments");
    if (!solids_text.empty()) solids = json::parse(solids_text, nullptr, false);  // validated: an array of objects
    if (!assort_text.empty()) assortments = json::parse(assort_text, nullptr, false);
    for (size_t i = 0; i < solids.size(); ++i) {
      json solid = Snaked(solids[i]);
      std::string where = "solids[" + std::to_string(i) + "].";
      int64_t quantity = 0, ignored = 0;
      Quantity(solid, "quantity", quantity, fields, where);
      Quantity(solid, "carton_quantity", ignored, fields, where);
      Quantity(solid, "case_pack_quantity", ignored, fields, where);
      total += quantity;
      if (auto resolved = co_await ResolveItem(w, solid); !resolved) co_return resolved;
      solids[i] = std::move(solid);
    }
    for (size_t i = 0; i < assortments.size(); ++i) {
      json assortment = Snaked(assortments[i]);
      std::string where = "assortments[" + std::to_string(i) + "].";
      int64_t packs = 0;
      CheckedSum per_pack;
      Quantity(assortment, "carton_quantity", packs, fields, where);
      bool has_items = assortment.contains("items");
      json items = has_items ? assortment["items"] : json::array();
      if (!items.is_array()) {
        fields[where + "items"].push_back("must be an array of objects");
        items = json::array();
      }
      for (size_t k = 0; k < items.size(); ++k) {
        if (!items[k].is_object()) {
          fields[where + "items[" + std::to_string(k) + "]"].push_back("must be an object");
          continue;
        }
        json item = Snaked(items[k]);
        int64_t configuration = 0;
        Quantity(item, "configuration", configuration, fields, where + "items[" + std::to_string(k) + "].");
        per_pack += configuration;
        if (auto resolved = co_await ResolveItem(w, item); !resolved) co_return resolved;
        items[k] = std::move(item);
      }
      if (has_items) assortment["items"] = std::move(items);
      total += per_pack.ok() ? MulDivRounded(packs, *per_pack.value(), schema::kDecimalScale) : std::nullopt;
      assortments[i] = std::move(assortment);
    }
    if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    if (!total.ok()) co_return Fail(OutOfRange("quantity", "the solids' quantities plus packs x units per pack"));
    if (!solids_text.empty()) SetField(r, row.record, "solids", solids.dump());
    if (!assort_text.empty()) SetField(r, row.record, "assortments", assortments.dump());
    SetField(r, row.record, "quantity", *total.value());
    co_return Result<void>{};
  };
  return b;
}

Behavior PurchaseOrderBehavior() {
  Behavior b;
  b.compute = [](RowWriter&, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    const auto& style = *r.children[0].resource;
    CheckedSum total;
    for (const StoredRow& s : row.children[0]) total += IntField(style, s.record, "quantity");
    if (!total.ok()) co_return Fail(OutOfRange("total_quantity", "the styles' quantities"));
    SetField(r, row.record, "total_quantity", *total.value());
    co_return Result<void>{};
  };
  return b;
}

}  // namespace supplyhub::features
