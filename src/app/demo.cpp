#include "app/demo.h"

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/password.h"
#include "features/resources/row_writer.h"
#include "schema/resource.h"
#include "schema/validate.h"
#include "storage/block_on.h"
#include "schema/registry.h"

namespace supplyhub::app {
namespace {

using nlohmann::json;

// The demo organization's story, told through the API's write path. Each
// step creates a row ("create": resource, "as": its name in the story) or
// runs an action on a row named earlier ("act", "on"). A string "@name" in a
// body is that row's id; "@name.path.to.value" a value of it as it stands
// now (e.g. the id of an order's first item). References also take
// external ids, as clients send them ("supplier_id": "SUP-001").
constexpr const char* kStory = R"story([
  {"create": "locations", "as": "main", "body": {"name": "Main Warehouse", "kind": "warehouse",
    "address": "400 Commerce Way, Newark, NJ 07114", "external_id": "LOC-MAIN"}},
  {"create": "locations", "as": "east", "body": {"name": "East Coast DC", "kind": "warehouse",
    "address": "88 Harbor Blvd, Savannah, GA 31401", "external_id": "LOC-EAST"}},
  {"create": "part_types", "as": "fabric", "body": {"name": "Fabric", "external_id": "PT-FAB"}},
  {"create": "part_types", "as": "trim", "body": {"name": "Trim", "external_id": "PT-TRM"}},
  {"create": "part_types", "as": "garment", "body": {"name": "Finished garment", "external_id": "PT-FG"}},
  {"create": "companies", "as": "northwind_group", "body": {"name": "Northwind Retail Group",
    "primary_name": "Dana Whitfield", "primary_email": "dana.whitfield@northwind.example",
    "city": "Chicago", "country": "US", "external_id": "CO-NORTHWIND"}},
  {"create": "companies", "as": "bluebird_co", "body": {"name": "Bluebird Boutiques LLC", "city": "Austin",
    "country": "US", "external_id": "CO-BLUEBIRD"}},
  {"create": "customers", "as": "northwind", "body": {"name": "Northwind Stores",
    "primary_name": "Dana Whitfield", "primary_email": "orders@northwind.example",
    "street": "233 S Wacker Dr", "city": "Chicago", "province": "IL", "country": "US", "postal_code": "60606",
    "external_id": "CUS-001"}},
  {"create": "customers", "as": "bluebird", "body": {"name": "Bluebird Boutique",
    "primary_email": "hello@bluebird.example", "street": "1100 S Congress Ave", "city": "Austin", "province": "TX",
    "country": "US", "postal_code": "78704", "external_id": "CUS-002"}},
  {"create": "suppliers", "as": "sunrise", "body": {"name": "Sunrise Textiles Ltd.",
    "primary_name": "Arif Rahman", "primary_email": "arif@sunrisetextiles.example",
    "notes": "Woven fabrics; also ships dropship orders from its US warehouse.", "external_id": "SUP-001"}},
  {"create": "suppliers", "as": "trims", "body": {"name": "Prime Trims Co.", "primary_email": "sales@primetrims.example",
    "external_id": "SUP-002"}},
  {"create": "suppliers", "as": "factory", "body": {"name": "Dhaka Apparel Factory",
    "primary_name": "Nusrat Karim", "primary_email": "qa@dhaka-apparel.example",
    "notes": "Cut-make-trim factory for shirts and chinos.", "external_id": "FAC-001"}},
  {"create": "employees", "as": "maria", "body": {"first_name": "Maria", "last_name": "Lopez",
    "position": "QA Manager", "email_address": "maria.lopez@demo.example", "next_review_date": "2027-03-01",
    "review_repeat_duration": "Months", "review_repeat_frequency": 6, "external_id": "EMP-001"}},
  {"create": "employees", "as": "tom", "body": {"first_name": "Tom", "last_name": "Becker",
    "position": "Warehouse Lead", "email_address": "tom.becker@demo.example", "external_id": "EMP-002"}},

  {"create": "parts", "as": "poplin", "body": {"name": "Cotton poplin 120 gsm", "identification": "FAB-POP-120",
    "is_finished_product": 0, "unit_type": "Length", "unit_of_measure": "m", "supplier_id": "SUP-001",
    "part_type_id": "PT-FAB", "batch_ids": ["LOT-2611-A"], "external_id": "FAB-POP-120"}},
  {"create": "parts", "as": "button", "body": {"name": "Shirt button 18L", "identification": "TRM-BTN-18L",
    "is_finished_product": 0, "unit_of_measure": "units", "supplier_id": "SUP-002", "part_type_id": "PT-TRM",
    "external_id": "TRM-BTN-18L"}},
  {"create": "parts", "as": "shirt", "body": {"name": "Oxford shirt, finished garment", "identification": "OXF-100-FG",
    "supplier_id": "FAC-001", "part_type_id": "PT-FG", "external_id": "OXF-100-FG"}},
  {"create": "specifications", "as": "spec", "body": {"identification": "SPEC-OXF-100", "name": "Oxford shirt, size M",
    "part_id": "OXF-100-FG", "revision": "B", "notes": "Measurements in cm, garment laid flat.",
    "external_id": "SPEC-OXF-100",
    "characteristics": [
      {"name": "Chest width (1/2)", "kind": "measured", "nominal": 54.0, "lower_limit": 53.0, "upper_limit": 55.0,
       "unit": "cm", "order": 1},
      {"name": "Body length (CB)", "kind": "measured", "nominal": 76.0, "lower_limit": 74.5, "upper_limit": 77.5,
       "unit": "cm", "order": 2},
      {"name": "Buttons securely attached", "kind": "attribute", "order": 3}]}},
  {"create": "inspections", "as": "inspection", "body": {"entity_type": "part", "entity_id": "@shirt",
    "drawing_id": "@spec", "sample_size": 3, "external_id": "INSP-26-0001",
    "samples": [
      {"sample_number": 1, "sample_serial": "OXF-M-001", "results": [
        {"characteristic_id": "@spec.characteristics.0.id", "value": 54.2},
        {"characteristic_id": "@spec.characteristics.1.id", "value": 75.8},
        {"characteristic_id": "@spec.characteristics.2.id", "pass": true}]},
      {"sample_number": 2, "sample_serial": "OXF-M-002", "results": [
        {"characteristic_id": "@spec.characteristics.0.id", "value": 53.6},
        {"characteristic_id": "@spec.characteristics.1.id", "value": 76.4},
        {"characteristic_id": "@spec.characteristics.2.id", "pass": true}]},
      {"sample_number": 3, "sample_serial": "OXF-M-003", "results": [
        {"characteristic_id": "@spec.characteristics.0.id", "value": 55.8},
        {"characteristic_id": "@spec.characteristics.1.id", "value": 76.1},
        {"characteristic_id": "@spec.characteristics.2.id", "pass": true}]}]}},
  {"create": "lab_results", "as": "lab", "body": {"specification_id": "@spec", "testing_id": "LAB-26-0101",
    "testing_date": "2026-11-18", "inspector_name": "Intertek Dhaka", "batch_number": "LOT-2611-A",
    "package_id": "PKG-17", "product_name": "Cotton poplin 120 gsm",
    "lab_data": "Dimensional stability after 3 washes: warp -1.8 %, weft -1.2 % (limit 3 %)", "result": "pass",
    "external_id": "LAB-26-0101"}},
  {"create": "ncrs", "as": "ncr", "body": {"ncr_number": "NCR-26-001", "source": "supplier",
    "lot_number": "PO-26-0001", "quantity": 1, "part_id": "OXF-100-FG", "supplier_id": "FAC-001",
    "description": "Inspection INSP-26-0001: chest width 55.8 cm on sample OXF-M-003, limit 55.0 cm.",
    "immediate_action": "Lot on hold at the factory; 100 % chest-width check before release.",
    "external_id": "NCR-26-001"}},
  {"create": "cars", "as": "car", "body": {"car_number": "CAR-26-001", "ncr_id": "@ncr", "supplier_id": "FAC-001",
    "owner_id": "EMP-001", "due_date": "2027-01-15", "status": "in_progress",
    "root_cause": "Chest panel pattern graded from the wrong size block on one cutting table.",
    "corrective_action": "Re-issue the graded pattern; recut the affected bundles.",
    "preventive_action": "Pattern sign-off checklist at every cutting table.", "external_id": "CAR-26-001"}},
  {"create": "complaints", "as": "complaint", "body": {"complaint_number": "CMP-26-001",
    "complaint_date": "2026-11-20", "part_id": "OXF-100-FG", "received_by": "Customer service",
    "received_via": "email", "batch_number": "LOT-2610-C", "store_info": "Northwind Stores #114, Chicago",
    "comments": "Second button from the top came off after the first wash.",
    "complainant_full_name": "Alex Morgan", "complainant_email": "alex.morgan@example.com",
    "external_id": "CMP-26-001"}},
  {"create": "receiving_inspections", "as": "fabric_in", "body": {"supplier_id": "SUP-001",
    "serial_number": "RI-26-0042", "po_number": "FAB-PO-311", "requested_shipment_arrival_date": "2026-11-10",
    "actual_arrival_date": "2026-11-12", "total_order_quantity": 500, "notes": "20 m rejected: shading.",
    "external_id": "RI-26-0042",
    "items": [{"part_id": "FAB-POP-120", "quantity_accepted": 480, "quantity_rejected": 20, "unit_of_measure": "m",
               "serial_number": "LOT-2611-A", "received_date": "2026-11-12", "drawing_id": "@spec"}]}},
  {"act": "close", "on": "fabric_in", "body": {"location_id": "@main"}},

  {"create": "products", "as": "oxford", "body": {"style_number": "OXF-100", "name": "Oxford shirt",
    "description": "Long-sleeve button-down Oxford shirt, 100 % cotton.", "brand": "Harbor & Co.",
    "season": "SS27", "category": "Shirts", "supplier_id": "FAC-001", "currency": "USD",
    "wholesale_price": "24.50", "retail_price": "59.00", "external_id": "OXF-100"}},
  {"create": "products", "as": "chino", "body": {"style_number": "CHN-200", "name": "Slim chino",
    "description": "Stretch cotton twill chino.", "brand": "Harbor & Co.", "season": "SS27", "category": "Trousers",
    "supplier_id": "FAC-001", "currency": "USD", "wholesale_price": "28.00", "retail_price": "69.00",
    "external_id": "CHN-200"}},
  {"create": "skus", "as": "oxf_blu_m", "body": {"product_id": "@oxford", "sku": "OXF-100-BLU-M",
    "external_id": "OXF-100-BLU-M", "color": "Blue", "size": "M", "barcode": "0812345000017", "price": "59.00",
    "weight": 0.32}},
  {"create": "skus", "as": "oxf_blu_l", "body": {"product_id": "@oxford", "sku": "OXF-100-BLU-L",
    "external_id": "OXF-100-BLU-L", "color": "Blue", "size": "L", "barcode": "0812345000024", "price": "59.00",
    "weight": 0.34}},
  {"create": "skus", "as": "oxf_wht_m", "body": {"product_id": "@oxford", "sku": "OXF-100-WHT-M",
    "external_id": "OXF-100-WHT-M", "color": "White", "size": "M", "barcode": "0812345000031", "price": "59.00",
    "weight": 0.32}},
  {"create": "skus", "as": "chn_30", "body": {"product_id": "@chino", "sku": "CHN-200-KHA-30",
    "external_id": "CHN-200-KHA-30", "color": "Khaki", "size": "30", "barcode": "0812345000048", "price": "69.00",
    "weight": 0.55}},
  {"create": "skus", "as": "chn_32", "body": {"product_id": "@chino", "sku": "CHN-200-KHA-32",
    "external_id": "CHN-200-KHA-32", "color": "Khaki", "size": "32", "barcode": "0812345000055", "price": "69.00",
    "weight": 0.57}},
  {"create": "skus", "as": "chn_34", "body": {"product_id": "@chino", "sku": "CHN-200-KHA-34",
    "external_id": "CHN-200-KHA-34", "color": "Khaki", "size": "34", "barcode": "0812345000062", "price": "69.00",
    "weight": 0.59}},

  {"create": "stock_operations", "as": "stock1", "body": {"kind": "adjust", "sku_id": "@oxf_blu_m",
    "location_id": "@main", "quantity": 60, "reason": "Opening stock count", "idempotency_key": "demo-opening-1"}},
  {"create": "stock_operations", "as": "stock2", "body": {"kind": "adjust", "sku_id": "@oxf_wht_m",
    "location_id": "@main", "quantity": 30, "reason": "Opening stock count", "idempotency_key": "demo-opening-2"}},
  {"create": "stock_operations", "as": "stock3", "body": {"kind": "adjust", "sku_id": "@chn_32",
    "location_id": "@main", "quantity": 20, "reason": "Opening stock count", "idempotency_key": "demo-opening-3"}},
  {"create": "stock_operations", "as": "stock4", "body": {"kind": "adjust", "sku_id": "@chn_30",
    "location_id": "@east", "quantity": 18, "reason": "Opening stock count", "idempotency_key": "demo-opening-4"}},
  {"create": "stock_operations", "as": "stock5", "body": {"kind": "transfer", "sku_id": "@oxf_blu_m",
    "from_location_id": "@main", "to_location_id": "@east", "quantity": 10, "reason": "Rebalance for the east coast",
    "idempotency_key": "demo-transfer-1"}},

  {"create": "purchase_orders", "as": "po_solids", "body": {"poNumber": "PO-26-0001", "opoNumber": "OPO-881",
    "clientId": "HARBOR", "supplierId": "SUP-001", "factoryId": "FAC-001", "poType": "Bulk",
    "productLineId": "MENS-TOPS", "deliveryDate": "2026-11-25", "inStoreDate": "2027-01-10",
    "shipEndDate": "2026-11-20", "currency": "USD",
    "styles": [{"styleId": "OXF-100", "styleName": "Oxford shirt", "productCategoryId": "SHIRTS", "brandId": "HARBOR",
      "solids": [
        {"itemId": "OXF-100-BLU-M", "color": "Blue", "size": "M", "quantity": 240, "cartonQuantity": 20,
         "casePackQuantity": 12},
        {"itemId": "OXF-100-BLU-L", "color": "Blue", "size": "L", "quantity": 120, "cartonQuantity": 10,
         "casePackQuantity": 12}]}]}},
  {"act": "confirm", "on": "po_solids"},
  {"create": "purchase_orders", "as": "po_assortments", "body": {"poNumber": "PO-26-0002", "clientId": "HARBOR",
    "supplierId": "SUP-001", "factoryId": "FAC-001", "poType": "Bulk", "productLineId": "MENS-BOTTOMS",
    "deliveryDate": "2027-02-15", "currency": "USD",
    "styles": [{"styleId": "CHN-200", "styleName": "Slim chino", "productCategoryId": "TROUSERS", "brandId": "HARBOR",
      "assortments": [{"assortmentId": "CHN-200-RATIO-A", "cartonQuantity": 40, "items": [
        {"itemId": "CHN-200-KHA-30", "color": "Khaki", "size": "30", "configuration": 2},
        {"itemId": "CHN-200-KHA-32", "color": "Khaki", "size": "32", "configuration": 3},
        {"itemId": "CHN-200-KHA-34", "color": "Khaki", "size": "34", "configuration": 1}]}]}]}},
  {"create": "receiving_tickets", "as": "receipt", "body": {"purchase_order_id": "@po_solids",
    "supplier_id": "SUP-001", "location_id": "@main", "expected_date": "2026-11-28", "external_id": "RT-26-0001",
    "lines": [{"sku_id": "@oxf_blu_m", "expected": 240}, {"sku_id": "@oxf_blu_l", "expected": 120}]}},
  {"act": "receive", "on": "receipt"},
  {"act": "close", "on": "po_solids"},

  {"create": "orders", "as": "order", "body": {"order_number": "SO-26-1001", "po_number": "NW-PO-7781",
    "contact_id": "CUS-001", "order_date": "2026-12-01", "currency": "USD", "external_id": "SO-26-1001",
    "items": [{"sku_id": "@oxf_blu_m", "quantity": 12, "price": "24.50", "order": 1},
              {"sku_id": "@oxf_wht_m", "quantity": 6, "price": "24.50", "order": 2}]}},
  {"act": "allocate", "on": "order", "body": {"location_id": "@main"}},
  {"create": "pick_tickets", "as": "pick", "body": {"order_id": "@order", "location_id": "@main",
    "external_id": "PT-26-0001",
    "lines": [{"order_item_id": "@order.items.0.id", "quantity": 12},
              {"order_item_id": "@order.items.1.id", "quantity": 6}]}},
  {"act": "start_picking", "on": "pick"},
  {"act": "ship", "on": "pick", "body": {"carrier": "UPS", "tracking_number": "1Z999AA10123456784"}},
  {"create": "invoices", "as": "invoice", "body": {"invoice_number": "INV-26-1001", "order_id": "@order",
    "contact_id": "CUS-001", "currency": "USD", "due_date": "2026-12-31", "external_id": "INV-26-1001",
    "lines": [{"description": "Oxford shirt, Blue M", "sku_id": "@oxf_blu_m", "quantity": 12, "unit_price": "24.50"},
              {"description": "Oxford shirt, White M", "sku_id": "@oxf_wht_m", "quantity": 6, "unit_price": "24.50"}]}},
  {"act": "issue", "on": "invoice"},
  {"create": "payments", "as": "payment", "body": {"invoice_id": "@invoice", "amount": "450.00", "currency": "USD",
    "method": "bank_transfer", "reference": "WIRE-5531", "received_at": "2026-12-10T14:30:00Z",
    "external_id": "PAY-26-0001"}},

  {"create": "orders", "as": "dropship", "body": {"order_number": "DS-26-0001", "supplier_id": "SUP-001",
    "ship_to_name": "Jamie Rivera", "ship_to_street": "742 Evergreen Terrace", "ship_to_city": "Springfield",
    "ship_to_province": "OR", "ship_to_postal_code": "97477", "ship_to_country": "US",
    "ship_to_email": "jamie.rivera@example.com", "order_date": "2026-12-12", "currency": "USD",
    "items": [{"sku_id": "@chn_32", "quantity": 1, "price": "69.00"}]}}
])story";

// The value a "@name[.path]" reference names, from the rows told so far.
Result<json> Lookup(const std::map<std::string, json>& rows, const std::string& reference) {
  std::string path = reference.substr(1);
  std::string name = path.substr(0, path.find('.'));
  auto row = rows.find(name);
  if (row == rows.end()) return Fail(ErrorCode::kInternal, "demo story: no row '" + name + "' yet");
  if (name.size() == path.size()) return row->second["id"];
  std::string slashed = path.substr(name.size() + 1);
  for (char& c : slashed)
    if (c == '.') c = '/';
  json::json_pointer where("/" + slashed);
  if (!row->second.contains(where)) return Fail(ErrorCode::kInternal, "demo story: " + reference + " is not there");
  return row->second.at(where);
}

// Replaces every "@..." string in `body` by the value it names.
Result<void> Resolve(json& body, const std::map<std::string, json>& rows) {
  if (body.is_string()) {
    const auto& s = body.get_ref<const std::string&>();
    if (s.empty() || s[0] != '@') return {};
    auto value = Lookup(rows, s);
    if (!value) return Fail(value.error());
    body = std::move(*value);
    return {};
  }
  if (body.is_structured())
    for (auto& item : body)
      if (auto resolved = Resolve(item, rows); !resolved) return resolved;
  return {};
}

// An error of a step, naming the step and every field message.
Error InStep(const json& step, Error e) {
  std::string where = step.contains("create") ? "creating " + step["create"].get<std::string>() + " '" +
                                                    step["as"].get<std::string>() + "'"
                                              : step["act"].get<std::string>() + " on '" + step["on"].get<std::string>() + "'";
  e.message = "demo story, " + where + ": " + e.message;
  for (const auto& [field, messages] : e.fields)
    for (const auto& m : messages) e.message += "; " + field + " " + m;
  return e;
}

// Tells the story in one write transaction: all of it or nothing.
Task<Result<void>> Tell(features::RowWriter& w) {
  json story = json::parse(kStory);
  std::map<std::string, json> rows;                      // name -> the row as it stands
  std::map<std::string, const schema::Resource*> kinds;  // name -> its resource
  for (const json& step : story) {
    json body = step.value("body", json::object());
    if (auto resolved = Resolve(body, rows); !resolved) co_return Fail(InStep(step, resolved.error()));
    std::string text = body.dump();
    std::string name;
    const schema::Resource* r = nullptr;
    int64_t id = 0;
    if (step.contains("create")) {
      name = step["as"].get<std::string>();
      r = schema::FindResource(step["create"].get<std::string>());
      if (!r) co_return Fail(InStep(step, Error::Of(ErrorCode::kInternal, "no such resource")));
      auto record = schema::ValidateObject(*r, text, schema::Mode::kCreate);
      if (!record) co_return Fail(InStep(step, record.error()));
      auto created = co_await w.Create(*r, std::move(*record));
      if (!created) co_return Fail(InStep(step, created.error()));
      id = *created;
    } else {
      name = step["on"].get<std::string>();
      r = kinds.at(name);
      id = rows.at(name)["id"].get<int64_t>();
      const schema::Action* action = r->FindAction(step["act"].get<std::string>());
      if (!action) co_return Fail(InStep(step, Error::Of(ErrorCode::kInternal, "no such action")));
      // The action's body, validated as its route validates it.
      schema::Resource inputs{action->name, action->name, "", action->inputs};
      inputs.inputs = r->inputs;
      auto input = schema::ValidateObject(inputs, text, schema::Mode::kPatch);
      if (!input) co_return Fail(InStep(step, input.error()));
      auto acted = co_await w.RunAction(*r, id, *action, *input);
      if (!acted) co_return Fail(InStep(step, acted.error()));
    }
    JsonWriter out;
    auto shown = co_await w.Render(*r, id, out);
    if (!shown) co_return Fail(InStep(step, shown.error()));
    rows[name] = json::parse(out.Take());
    kinds[name] = r;
  }
  co_return Result<void>{};
}

// True when the organization holds no row of any resource.
Task<Result<bool>> Empty(storage::Transaction& tx, int64_t org) {
  bool empty = true;
  for (const schema::Resource* r : schema::AllResources()) {
    storage::Value p[] = {storage::Value{org}};
    auto ran = co_await tx.Execute("SELECT 1 FROM " + r->name + " WHERE org_id = $1 LIMIT 1", p,
                                   [&empty](const storage::Row&) { empty = false; });
    if (!ran) co_return Fail(ran.error());
    if (!empty) break;
  }
  co_return empty;
}

Result<bool> OrganizationEmpty(storage::Database& db, int64_t org) {
  bool empty = false;
  auto read = storage::BlockOn(db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto e = co_await Empty(tx, org);
    if (!e) co_return Fail(e.error());
    empty = *e;
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  return empty;
}

// The story, once: only into an organization that holds nothing yet (so it
// never clashes with what someone wrote there), checked in the same write.
Result<bool> SeedStory(storage::Database& db, const features::BehaviorRegistry& behaviors, int64_t org, int64_t user) {
  bool told = false;
  std::string now = NowRfc3339();
  auto wrote = storage::BlockOn(db.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto empty = co_await Empty(tx, org);
    if (!empty) co_return Fail(empty.error());
    if (!*empty) co_return Result<void>{};
    features::RowWriter writer(tx, db.dialect(), behaviors, org, user, now);
    if (auto done = co_await Tell(writer); !done) co_return done;
    told = true;
    co_return Result<void>{};
  }));
  if (!wrote) {
    // Nodes starting together on one PostgreSQL: another one told it first.
    auto empty = OrganizationEmpty(db, org);
    if (empty && !*empty) return false;
    return Fail(wrote.error());
  }
  return told;
}

}  // namespace

Result<void> SeedDemo(features::IdentityRepository& identity, storage::Database& db,
                      const features::BehaviorRegistry& behaviors) {
  auto existing = storage::BlockOn(identity.FindUser("User1"));
  if (!existing) return Fail(existing.error());
  int64_t user = 0, org = 0;
  if (*existing) {
    user = (*existing)->id;
    auto orgs = storage::BlockOn(identity.Organizations(user));
    if (!orgs) return Fail(orgs.error());
    for (const auto& o : *orgs)
      if (o.name == "Demo Org") org = o.id;
    if (org == 0) return {};  // User1 is someone's real user here: leave it alone
  } else {
    auto created_org = storage::BlockOn(identity.CreateOrganization("Demo Org", "sandbox"));
    if (!created_org) return Fail(created_org.error());
    org = *created_org;
    auto created_user = storage::BlockOn(identity.CreateUser("User1", "user1@example.com", HashPassword("Password123")));
    if (!created_user) return Fail(created_user.error());
    user = *created_user;
    if (auto member = storage::BlockOn(identity.AddMember(org, user, http::Role::kOwner)); !member)
      return Fail(member.error());
    log::Info("demo user seeded", {{"organization", "Demo Org"}, {"user", "User1"}});
  }
  auto told = SeedStory(db, behaviors, org, user);
  if (!told) return Fail(told.error());
  if (*told) log::Info("demo data seeded", {{"organization", "Demo Org"}});
  return {};
}

}  // namespace supplyhub::app
