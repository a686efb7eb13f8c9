// The living demo (`make run` = `supplyhub serve --demo`): the demo
// organization holds a small story across every resource, written through
// the API's write path, and it is told once.
#include "schema/resource.h"
#include "support/test_server.h"
#include "schema/registry.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

class DemoTest : public ServerTest {
 protected:
  void Configure(Config& c) override { c.demo = true; }
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    demo_ = std::make_unique<HttpClient>(port_);
    demo_->SetDefaultHeaders(Bearer(Login("User1", "Password123")));
  }
  // The only row of `resource` whose `field` is `value` (fails the test otherwise).
  json One(const std::string& resource, const std::string& field, const std::string& value) {
    auto r = demo_->Get("/v1/" + resource + "?" + field + "=" + value);
    EXPECT_EQ(r.status, 200) << r.body;
    json rows = r.status == 200 ? r.Json()["data"] : json::array();
    EXPECT_EQ(rows.size(), 1u) << resource << " " << field << "=" << value << ": " << r.body;
    return rows.empty() ? json::object() : rows[0];
  }
  json Get(const std::string& resource, const json& id) {
    auto r = demo_->Get("/v1/" + resource + "/" + std::to_string(id.get<int64_t>()));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json()["data"] : json::object();
  }
  std::map<std::string, int64_t> Counts() {
    std::map<std::string, int64_t> counts;
    for (const schema::Resource* r : schema::AllResources()) {
      auto page = demo_->Get("/v1/" + r->name + "?per_page=1");
      EXPECT_EQ(page.status, 200) << r->name << ": " << page.body;
      counts[r->name] = page.status == 200 ? page.Json()["meta"]["total_count"].get<int64_t>() : -1;
    }
    return counts;
  }
  std::unique_ptr<HttpClient> demo_;
};

TEST_F(DemoTest, EveryResourceHasRowsAndTheStoryHolds) {
  for (const auto& [resource, count] : Counts()) EXPECT_GT(count, 0) << resource << " is empty in the demo";

  // Suppliers and the factory, named by their external ids.
  json factory = One("suppliers", "external_id", "FAC-001");
  EXPECT_EQ(factory["name"], "Dhaka Apparel Factory");
  json supplier = One("suppliers", "external_id", "SUP-001");

  // Quality: the specification's limits failed one sample, so the inspection failed; an open NCR and its CAR.
  json spec = One("specifications", "identification", "SPEC-OXF-100");
  EXPECT_EQ(spec["characteristics"].size(), 3u);
  json inspection = One("inspections", "external_id", "INSP-26-0001");
  EXPECT_EQ(inspection["passed"], false);
  EXPECT_EQ(inspection["drawing_id"], spec["id"]);
  EXPECT_EQ(inspection["samples"].size(), 3u);
  json ncr = One("ncrs", "ncr_number", "NCR-26-001");
  EXPECT_EQ(ncr["status"], "open");
  EXPECT_EQ(ncr["supplier_id"], factory["id"]);
  json car = One("cars", "car_number", "CAR-26-001");
  EXPECT_EQ(car["ncr_id"], ncr["id"]);
  EXPECT_EQ(car["status"], "in_progress");
  EXPECT_EQ(One("receiving_inspections", "external_id", "RI-26-0042")["status"], "closed");

  // Stock in two locations.
  json main = One("locations", "external_id", "LOC-MAIN"), east = One("locations", "external_id", "LOC-EAST");
  for (const json& location : {main, east}) {
    auto stock = demo_->Get("/v1/inventory?location_id=" + std::to_string(location["id"].get<int64_t>())).Json();
    EXPECT_GT(stock["meta"]["total_count"], 0) << location["name"];
  }
  json blue_m = One("skus", "sku", "OXF-100-BLU-M");
  auto blue_main = demo_->Get("/v1/inventory?sku_id=" + std::to_string(blue_m["id"].get<int64_t>()) +
                              "&location_id=" + std::to_string(main["id"].get<int64_t>()))
                       .Json()["data"];
  ASSERT_EQ(blue_main.size(), 1u);
  EXPECT_EQ(blue_main[0]["on_hand"], 60 - 10 + 240 - 12);  // opening, transfer east, PO received, shipped
  EXPECT_EQ(blue_main[0]["allocated"], 0);                // the shipment released the reservation

  // Purchase orders: one packed with solids (received, closed), one with assortments.
  json solids = One("purchase_orders", "po_number", "PO-26-0001");
  EXPECT_EQ(solids["supplier_id"], supplier["id"]);
  EXPECT_EQ(solids["factory_id"], factory["id"]);
  EXPECT_FALSE(solids["styles"][0]["solids"].empty());
  EXPECT_EQ(solids["total_quantity"], 360);
  EXPECT_EQ(solids["received_quantity"], 360);
  EXPECT_EQ(solids["status"], "closed");
  json assorted = One("purchase_orders", "po_number", "PO-26-0002");
  EXPECT_FALSE(assorted["styles"][0]["assortments"].empty());
  EXPECT_EQ(assorted["total_quantity"], 240);  // 40 packs x (2 + 3 + 1)
  EXPECT_EQ(assorted["status"], "open");

  // The order shipped through its pick ticket; its invoice is paid and the overpayment is credit.
  json order = One("orders", "order_number", "SO-26-1001");
  EXPECT_EQ(order["status"], "shipped");
  EXPECT_EQ(order["fulfillment_status"], "fulfilled");
  json pick = One("pick_tickets", "order_id", std::to_string(order["id"].get<int64_t>()));
  EXPECT_EQ(pick["status"], "shipped");
  json shipment = Get("shipments", pick["shipment_id"]);
  EXPECT_EQ(shipment["order_id"], order["id"]);
  EXPECT_EQ(shipment["tracking_number"], "1Z999AA10123456784");
  json invoice = One("invoices", "invoice_number", "INV-26-1001");
  EXPECT_EQ(invoice["total"], "441.00");
  EXPECT_EQ(invoice["balance"], "0.00");
  EXPECT_EQ(invoice["status"], "paid");
  json payment = One("payments", "reference", "WIRE-5531");
  EXPECT_EQ(payment["applied"], "441.00");
  json credit = Get("credit_notes", payment["credit_note_id"]);
  EXPECT_EQ(credit["remaining"], "9.00");
  EXPECT_EQ(credit["status"], "open");
  EXPECT_EQ(One("orders", "order_number", "DS-26-0001")["status"], "open");  // a dropship order waiting
}

TEST_F(DemoTest, TheStoryIsToldOnce) {
  auto before = Counts();
  // Restart on the same data: nothing is added.
  demo_.reset();
  Restart();
  ASSERT_FALSE(HasFatalFailure());
  demo_ = std::make_unique<HttpClient>(port_);
  demo_->SetDefaultHeaders(Bearer(Login("User1", "Password123")));
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(Count("suppliers"), 0);  // the other organization of this server got nothing
}

}  // namespace
}  // namespace supplyhub::testing
