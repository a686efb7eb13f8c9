// The business rules of the quality resources and of stock, over real HTTP:
// inspection pass/fail at the tolerance edges, closing a receiving
// inspection, e-signatures, every invalid transition, stock never negative.
#include <atomic>
#include <functional>
#include <thread>

#include "schema/resource.h"
#include "support/test_server.h"
#include "schema/registry.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

class QualityRulesTest : public ServerTest {
 protected:
  json Create(const std::string& resource, const json& body, int status = 201) {
    auto r = client_->Post("/v1/" + resource, body.dump());
    EXPECT_EQ(r.status, status) << resource << ": " << r.body;
    return r.status < 300 ? r.Json()["data"] : r.Json();
  }
  std::string Url(const std::string& resource, const json& row) {
    return "/v1/" + resource + "/" + std::to_string(row["id"].get<int64_t>());
  }
  // A specification with a measured characteristic 9.9..10.1 and an attribute one.
  json Spec() {
    return Create("specifications", {{"identification", "SPEC-" + std::to_string(++serial_)},
                                     {"name", "Bolt"},
                                     {"characteristics",
                                      {{{"name", "Length"}, {"kind", "measured"}, {"lower_limit", 9.9}, {"upper_limit", 10.1}},
                                       {{"name", "Finish"}, {"kind", "attribute"}}}}});
  }
  json Inspection(const json& spec, int sample_size, std::vector<json> samples) {
    return Create("inspections",
                  {{"drawing_id", spec["id"]}, {"sample_size", sample_size}, {"samples", json(std::move(samples))}});
  }
  static json Measured(const json& spec, double value) {
    return {{"results", {{{"characteristic_id", spec["characteristics"][0]["id"]}, {"value", value}}}}};
  }
  double OnHand(int64_t part, const std::string& location_name) {
    auto rows = client_->Get("/v1/inventory?part_id=" + std::to_string(part)).Json()["data"];
    for (const auto& row : rows) {
      auto location = client_->Get("/v1/locations/" + std::to_string(row["location_id"].get<int64_t>())).Json()["data"];
      if (location["name"] == location_name) return row["on_hand"].get<double>();
    }
    return -1;
  }
  int serial_ = 0;
};

TEST_F(QualityRulesTest, MeasuredValuesPassInclusiveOfBothLimits) {
  json spec = Spec();
  for (double v : {9.9, 10.0, 10.1}) EXPECT_EQ(Inspection(spec, 1, {Measured(spec, v)})["passed"], true) << v;
  for (double v : {9.899, 10.101, -1.0}) EXPECT_EQ(Inspection(spec, 1, {Measured(spec, v)})["passed"], false) << v;
}

TEST_F(QualityRulesTest, PassedIsNullUntilEverySampleIsInAndAnyFailureFails) {
  json spec = Spec();
  json i = Inspection(spec, 2, {Measured(spec, 10.0)});
  EXPECT_TRUE(i["passed"].is_null());
  EXPECT_EQ(i["status"], "in_progress");
  json attribute = {{"results", {{{"characteristic_id", spec["characteristics"][1]["id"]}, {"pass", false}}}}};
  ASSERT_EQ(client_->Post(Url("inspections", i) + "/samples", attribute.dump()).status, 201);
  auto done = client_->Get(Url("inspections", i)).Json()["data"];
  EXPECT_EQ(done["passed"], false);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["samples"].size(), 2u);
  // Fixing the failing sample recomputes the inspection.
  int64_t second = done["samples"][1]["id"];
  attribute["results"][0]["pass"] = true;
  ASSERT_EQ(client_->Patch(Url("inspections", i) + "/samples/" + std::to_string(second), attribute.dump()).status, 200);
  EXPECT_EQ(client_->Get(Url("inspections", i)).Json()["data"]["passed"], true);
}

TEST_F(QualityRulesTest, AManualPassedAgainstTheSamplesNeedsAnOverrideReason) {
  json spec = Spec();
  json i = Inspection(spec, 1, {Measured(spec, 12.0)});
  ASSERT_EQ(i["passed"], false);
  auto refused = client_->Patch(Url("inspections", i), R"({"passed":true})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.Json()["error"]["fields"].contains("passed"));
  EXPECT_EQ(client_->Get(Url("inspections", i)).Json()["data"]["passed"], false);
  auto overridden = client_->Patch(Url("inspections", i), R"({"passed":true,"override_reason":"Gauge was miscalibrated"})");
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  EXPECT_EQ(overridden.Json()["data"]["passed"], true);
}

TEST_F(QualityRulesTest, ResultsMustNameCharacteristicsOfTheSpecification) {
  json spec = Spec(), other = Spec();
  auto r = client_->Post("/v1/inspections",
                         json{{"drawing_id", spec["id"]}, {"samples", json::array({Measured(other, 10.0)})}}.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Count("inspections"), 0);
}

TEST_F(QualityRulesTest, ClosingAReceivingInspectionMovesAcceptedStock) {
  json part = Create("parts", {{"name", "Bolt"}, {"identification", "B1"}});
  json ri = Create("receiving_inspections",
                   {{"is_quarantined", 0},
                    {"items", {{{"part_id", part["id"]}, {"quantity_accepted", 7.25}, {"quantity_rejected", 1}},
                               {{"part_id", part["id"]}, {"quantity_accepted", 2}}}}});
  EXPECT_EQ(ri["status"], "open");
  auto closed = client_->Post(Url("receiving_inspections", ri) + "/close", "");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json()["data"]["is_closed"], true);
  EXPECT_EQ(OnHand(part["id"], "Receiving"), 9.25);
  auto again = client_->Post(Url("receiving_inspections", ri) + "/close", "");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Json()["error"]["code"], "invalid_transition");
  EXPECT_EQ(OnHand(part["id"], "Receiving"), 9.25);  // nothing moved twice
}

TEST_F(QualityRulesTest, SeedClientsCloseWithIsClosedAndQuarantinedStockIsKeptApart) {
  json part = Create("parts", {{"name", "Nut"}, {"identification", "N1"}});
  json ri = Create("receiving_inspections",
                   {{"is_closed", 0}, {"is_quarantined", 1}, {"items", {{{"part_id", part["id"]}, {"quantity_accepted", 50}}}}});
  auto closed = client_->Put(Url("receiving_inspections", ri), R"({"is_closed":1})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json()["data"]["status"], "closed");
  EXPECT_EQ(OnHand(part["id"], "Quarantine"), 50);
  EXPECT_EQ(OnHand(part["id"], "Receiving"), -1);
  auto reopen = client_->Put(Url("receiving_inspections", ri), R"({"is_closed":0})");
  EXPECT_EQ(reopen.status, 409) << reopen.body;
}

TEST_F(QualityRulesTest, AnItemWithoutAPartCannotBeClosedAndNothingMoves) {
  json part = Create("parts", {{"name", "Nut"}, {"identification", "N1"}});
  json ri = Create("receiving_inspections", {{"items", {{{"part_id", part["id"]}, {"quantity_accepted", 5}},
                                                        {{"quantity_accepted", 3}}}}});
  auto r = client_->Post(Url("receiving_inspections", ri) + "/close", "");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(client_->Get(Url("receiving_inspections", ri)).Json()["data"]["status"], "open");
  EXPECT_EQ(OnHand(part["id"], "Receiving"), -1);
}

// Every action, from every state it does not start from: 409 naming the state; nothing changes.
// Bodies (and what they reference) per resource, and bodies of the actions that need one.
TEST_F(QualityRulesTest, EveryInvalidTransitionIs409AndChangesNothing) {
  int n = 0;
  auto unique = [&n](const std::string& prefix) { return prefix + std::to_string(++n); };
  auto id = [](const json& row) { return row["id"]; };
  auto stocked_order = [&]() {  // an order of one stocked SKU
    json product = Create("products", {{"style_number", unique("ST")}, {"name", "Shirt"}});
    json sku = Create("skus", {{"product_id", product["id"]}, {"sku", unique("SKU")}});
    json location = Create("locations", {{"name", unique("L")}});
    Create("stock_operations", {{"kind", "adjust"}, {"sku_id", sku["id"]}, {"location_id", location["id"]}, {"quantity", 5}});
    json order = Create("orders", {{"order_number", unique("O")}, {"items", {{{"sku_id", sku["id"]}, {"quantity", 1}}}}});
    return std::make_pair(order, location);
  };
  auto issued_invoice = [&]() {
    json invoice = Create("invoices", {{"invoice_number", unique("I")}, {"lines", {{{"quantity", 1}, {"unit_price", 100}}}}});
    EXPECT_EQ(client_->Post(Url("invoices", invoice) + "/issue", "").status, 200);
    return invoice;
  };
  const std::map<std::string, std::function<json()>> bodies = {
      {"ncrs", [&] { return json{{"ncr_number", unique("N")}, {"source", "internal"}}; }},
      {"cars", [&] { return json{{"car_number", unique("C")}}; }},
      {"complaints", [&] { return json{{"complaint_number", unique("K")}, {"complaint_date", "2024-01-02"}}; }},
      {"receiving_inspections", [&] { return json::object(); }},
      {"purchase_orders", [&] { return json{{"poNumber", unique("PO")}}; }},
      {"orders", [&] { return json{{"order_number", unique("O")}}; }},
      {"invoices", [&] { return json{{"invoice_number", unique("I")}}; }},
      {"payments", [&] { return json{{"invoice_id", id(issued_invoice())}, {"amount", "10.00"}}; }},
      {"credit_notes", [&] { return json{{"amount", "5.00"}}; }},
      {"pick_tickets",
       [&] {
         auto [order, location] = stocked_order();
         return json{{"order_id", order["id"]}, {"location_id", location["id"]},
                     {"lines", {{{"order_item_id", order["items"][0]["id"]}, {"quantity", 1}}}}};
       }},
      {"receiving_tickets", [&] { return json{{"location_id", id(Create("locations", {{"name", unique("L")}}))}}; }},
  };
  const std::map<std::string, std::function<json()>> action_bodies = {
      {"orders.allocate", [&] { return json{{"location_id", id(Create("locations", {{"name", unique("L")}}))}}; }},
      {"credit_notes.apply", [&] { return json{{"invoice_id", id(issued_invoice())}}; }},
  };
  int checked = 0;
  for (const schema::Resource* r : schema::AllResources()) {
    if (r->lifecycle.field.empty()) continue;
    ASSERT_TRUE(bodies.count(r->name)) << "add a body for " << r->name;
    // Walk each action once from the initial state, then try every action from where it leads.
    for (const auto& first : r->lifecycle.actions) {
      json row = Create(r->name, bodies.at(r->name)());
      std::string state = row[r->lifecycle.field];
      for (const auto& action : r->lifecycle.actions) {
        bool allowed = action.from.empty() || std::count(action.from.begin(), action.from.end(), state);
        if (allowed) continue;
        auto refused = client_->Post(Url(r->name, row) + "/" + action.name, "");
        EXPECT_EQ(refused.status, 409) << r->name << " " << action.name << " from " << state;
        EXPECT_NE(refused.Json()["message"].get<std::string>().find("'" + state + "'"), std::string::npos);
        EXPECT_EQ(client_->Get(Url(r->name, row)).Json()["data"], row) << "changed by a refused " << action.name;
        ++checked;
      }
      bool may = first.from.empty() || std::count(first.from.begin(), first.from.end(), state);
      if (may) {
        auto input = action_bodies.find(r->name + "." + first.name);
        std::string body = input == action_bodies.end() ? "" : input->second().dump();
        auto moved = first.method == "PUT" ? client_->Put(Url(r->name, row) + "/" + first.name, body)
                                           : client_->Post(Url(r->name, row) + "/" + first.name, body);
        ASSERT_EQ(moved.status, 200) << r->name << " " << first.name << ": " << moved.body;
      }
    }
  }
  EXPECT_GT(checked, 20);
}

TEST_F(QualityRulesTest, AStatusSentByUpdateRunsItsActionOrIs409) {
  json car = Create("cars", {{"car_number", "C1"}});
  auto jump = client_->Patch(Url("cars", car), R"({"status":"closed","root_cause":"x"})");
  ASSERT_EQ(jump.status, 200) << jump.body;  // open -> closed is the declared `close`
  EXPECT_FALSE(jump.Json()["data"]["closed_at"].is_null());
  auto skip = client_->Patch(Url("cars", car), R"({"status":"verification"})");
  EXPECT_EQ(skip.status, 409);
  EXPECT_EQ(client_->Get(Url("cars", car)).Json()["data"]["status"], "closed");
}

// A new row starts in the initial state; a state asked for on create runs its action.
TEST_F(QualityRulesTest, AStateSentOnCreateRunsItsActionOrIs409) {
  json part = Create("parts", {{"name", "Nut"}, {"identification", "N1"}});
  json ri = Create("receiving_inspections", {{"is_closed", 1}, {"items", {{{"part_id", part["id"]}, {"quantity_accepted", 4}}}}});
  EXPECT_EQ(ri["status"], "closed");
  EXPECT_EQ(ri["is_closed"], true);
  EXPECT_EQ(OnHand(part["id"], "Receiving"), 4);
  EXPECT_EQ(Create("ncrs", {{"ncr_number", "N1"}, {"source", "internal"}, {"status", "closed"}})["status"], "closed");
  auto skipped = client_->Post("/v1/cars", R"({"car_number":"C1","status":"verification"})");
  EXPECT_EQ(skipped.status, 409) << skipped.body;
  EXPECT_EQ(skipped.Json()["error"]["code"], "invalid_transition");
  EXPECT_EQ(Count("cars"), 0);
}

TEST_F(QualityRulesTest, RaisingAnNcrFromAComplaintLinksBoth) {
  json complaint = Create("complaints", {{"complaint_number", 123}, {"complaint_date", "2016-11-04"}, {"comments", "Leaks"}});
  auto raised = client_->Post(Url("complaints", complaint) + "/raise_ncr", "");
  ASSERT_EQ(raised.status, 200) << raised.body;
  int64_t ncr = raised.Json()["data"]["ncr_id"];
  auto row = client_->Get("/v1/ncrs/" + std::to_string(ncr)).Json()["data"];
  EXPECT_EQ(row["source"], "customer");
  EXPECT_EQ(row["ncr_number"], "NCR-123");
  EXPECT_EQ(row["complaint_id"], complaint["id"]);
  EXPECT_EQ(client_->Post(Url("complaints", complaint) + "/raise_ncr", "").status, 409);
  EXPECT_EQ(Count("ncrs"), 1);
}

// The parent embeds its children: concurrent child writes must each see the
// others when they re-render it (PostgreSQL locks the parent row).
TEST_F(QualityRulesTest, ConcurrentChildWritesAllShowInTheParent) {
  json spec = Spec();
  json i = Inspection(spec, 30, {});
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int k = 0; k < 20; ++k)
    threads.emplace_back([&, k] {
      HttpClient c(port_);
      json sample = Measured(spec, 10.0);
      sample["sample_number"] = k + 1;
      created += c.Post(Url("inspections", i) + "/samples", sample.dump(), Bearer(token_)).status == 201;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 20);
  auto row = client_->Get(Url("inspections", i)).Json()["data"];
  EXPECT_EQ(row["samples"].size(), 20u);
  EXPECT_EQ(client_->Get(Url("inspections", i) + "/samples").Json()["data"].size(), 20u);
}

class ESignatureTest : public QualityRulesTest {
 protected:
  void Require(bool reason) {
    auto r = client_->Put("/v1/organizations/" + std::to_string(org_id_) + "/settings",
                          json{{"ncr_esignature_required", true}, {"ncr_esignature_reason_required", reason}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json Ncr() { return Create("ncrs", {{"ncr_number", "N-" + std::to_string(++serial_)}, {"source", "internal"}}); }
};

TEST_F(ESignatureTest, NotRequiredTheInputsAreAcceptedAndIgnored) {
  json ncr = Ncr();
  auto r = client_->Put(Url("ncrs", ncr), R"({"lot_number":"L1","esignature_password":12345,"esignature_reason":"x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["data"]["signatures"].size(), 0u);
  EXPECT_EQ(r.body.find("12345"), std::string::npos);
}

TEST_F(ESignatureTest, RequiredMissingOrWrongPasswordsChangeNothing) {
  Require(false);
  json ncr = Ncr();
  auto missing = client_->Put(Url("ncrs", ncr), R"({"lot_number":"L1"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(missing.Json()["error"]["fields"].contains("esignature_password"));
  auto wrong = client_->Put(Url("ncrs", ncr), R"({"lot_number":"L1","esignature_password":"not-it"})");
  EXPECT_EQ(wrong.status, 422);
  auto action = client_->Post(Url("ncrs", ncr) + "/close", "");
  EXPECT_EQ(action.status, 422);
  EXPECT_EQ(client_->Get(Url("ncrs", ncr)).Json()["data"], ncr);
}

TEST_F(ESignatureTest, ASignedChangeIsRecordedWithoutThePassword) {
  Require(true);
  json ncr = Ncr();
  auto no_reason = client_->Put(Url("ncrs", ncr), R"({"lot_number":"L1","esignature_password":"Owner-pass-1"})");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(no_reason.Json()["error"]["fields"].contains("esignature_reason"));
  auto r = client_->Put(Url("ncrs", ncr),
                        R"({"lot_number":"L1","esignature_password":"Owner-pass-1","esignature_reason":"Lot found"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto signatures = r.Json()["data"]["signatures"];
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures[0]["reason"], "Lot found");
  EXPECT_EQ(signatures[0]["action"], "update");
  EXPECT_EQ(signatures[0]["changed_fields"], json::array({"lot_number"}));
  EXPECT_FALSE(signatures[0]["user_id"].is_null());
  auto signed_close = client_->Post(Url("ncrs", ncr) + "/close",
                                    R"({"esignature_password":"Owner-pass-1","esignature_reason":"Done"})");
  ASSERT_EQ(signed_close.status, 200) << signed_close.body;
  EXPECT_EQ(signed_close.Json()["data"]["signatures"].size(), 2u);
  EXPECT_EQ(signed_close.body.find("Owner-pass-1"), std::string::npos);
}

TEST_F(ESignatureTest, WrongPasswordsAreThrottledLikeLogins) {
  Require(false);
  json ncr = Ncr();
  int throttled = 0;
  for (int i = 0; i < 8; ++i)
    throttled += client_->Put(Url("ncrs", ncr), R"({"esignature_password":"guess"})").status == 429;
  EXPECT_GT(throttled, 0);
}

TEST_F(ESignatureTest, OnlyOwnersAndAdminsChangeTheRules) {
  CreateUser("member", "Member-pass-1", org_id_, http::Role::kMember);
  auto member = Bearer(Login("member", "Member-pass-1"));
  auto r = client_->Put("/v1/organizations/" + std::to_string(org_id_) + "/settings",
                        R"({"ncr_esignature_required":true})", member);
  EXPECT_EQ(r.status, 403) << r.body;
  auto shown = client_->Get("/v1/organizations/" + std::to_string(org_id_) + "/settings").Json()["data"];
  EXPECT_EQ(shown["ncr_esignature_required"], false);
}

// Issue 18.4: a create in a non-initial state moves the row like its action
// does, so it is signed like one; nothing is created when the signature is missing.
TEST_F(ESignatureTest, CreatingInAStateOtherThanTheFirstIsSignedLikeItsAction) {
  Require(true);
  json unsigned_ = Create("ncrs", {{"ncr_number", "N-1"}, {"source", "internal"}, {"status", "closed"}}, 422);
  EXPECT_TRUE(unsigned_["error"]["fields"].contains("esignature_password")) << unsigned_.dump();
  json no_reason = Create("ncrs", {{"ncr_number", "N-1"}, {"source", "internal"}, {"status", "investigating"},
                                   {"esignature_password", "Owner-pass-1"}}, 422);
  EXPECT_TRUE(no_reason["error"]["fields"].contains("esignature_reason")) << no_reason.dump();
  Create("ncrs", {{"ncr_number", "N-1"}, {"source", "internal"}, {"status", "closed"},
                  {"esignature_password", "wrong"}, {"esignature_reason", "x"}}, 422);
  EXPECT_EQ(Count("ncrs"), 0);
  json closed = Create("ncrs", {{"ncr_number", "N-1"}, {"source", "internal"}, {"status", "closed"},
                                {"esignature_password", "Owner-pass-1"}, {"esignature_reason", "Found closed"}});
  EXPECT_EQ(closed["status"], "closed");
  ASSERT_EQ(closed["signatures"].size(), 1u) << closed.dump();
  EXPECT_EQ(closed["signatures"][0]["action"], "close");
  EXPECT_EQ(closed["signatures"][0]["reason"], "Found closed");
  EXPECT_EQ(closed.dump().find("Owner-pass-1"), std::string::npos);
  // A new row in its first state changes nothing that was signed: no signature needed.
  json open = Create("ncrs", {{"ncr_number", "N-2"}, {"source", "internal"}, {"status", "open"}});
  EXPECT_EQ(open["signatures"].size(), 0u);
}

// Issue 18.4: deleting would delete the record's signatures with it, so a
// record under e-signature is not deleted while the organization requires them.
TEST_F(ESignatureTest, ARecordUnderSignatureIsNotDeleted) {
  json kept = Ncr();
  Require(false);
  auto refused = client_->Delete(Url("ncrs", kept));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("e-signature"), std::string::npos) << refused.body;
  EXPECT_EQ(client_->Get(Url("ncrs", kept)).status, 200);
  auto off = client_->Put("/v1/organizations/" + std::to_string(org_id_) + "/settings",
                          R"({"ncr_esignature_required":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(client_->Delete(Url("ncrs", kept)).status, 200);
}

// A state asked for by PUT runs the action: one signature, naming the field.
TEST_F(ESignatureTest, AStatusSentByPutIsSignedOnce) {
  Require(false);
  json ncr = Ncr();
  EXPECT_EQ(client_->Put(Url("ncrs", ncr), R"({"status":"closed"})").status, 422);
  auto r = client_->Put(Url("ncrs", ncr), R"({"status":"closed","esignature_password":"Owner-pass-1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["data"]["status"], "closed");
  ASSERT_EQ(r.Json()["data"]["signatures"].size(), 1u);
  EXPECT_EQ(r.Json()["data"]["signatures"][0]["changed_fields"], json::array({"status"}));
}

class StockTest : public QualityRulesTest {};

TEST_F(StockTest, ConcurrentAdjustmentsNeverTakeStockBelowZero) {
  json part = Create("parts", {{"name", "Bolt"}, {"identification", "B1"}});
  json location = Create("locations", {{"name", "Main"}});
  Create("stock_operations", {{"kind", "adjust"}, {"part_id", part["id"]}, {"location_id", location["id"]}, {"quantity", 20}});
  std::atomic<int> ok{0}, short_stock{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i)
    threads.emplace_back([&, i] {
      HttpClient c(port_);
      auto r = c.Post("/v1/stock_operations",
                      json{{"kind", "adjust"}, {"part_id", part["id"]}, {"location_id", location["id"]},
                           {"quantity", -1}, {"idempotency_key", "k" + std::to_string(i)}}.dump(),
                      Bearer(token_));
      (r.status == 201 ? ok : r.status == 409 ? short_stock : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(short_stock.load(), 30);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(OnHand(part["id"], "Main"), 0);
}

TEST_F(StockTest, TransfersMoveExactlyAndAnIdempotencyKeyAppliesOnce) {
  json part = Create("parts", {{"name", "Bolt"}, {"identification", "B1"}});
  json a = Create("locations", {{"name", "A"}}), b = Create("locations", {{"name", "B"}});
  Create("stock_operations", {{"kind", "adjust"}, {"part_id", part["id"]}, {"location_id", a["id"]}, {"quantity", "0.3"}});
  json transfer = {{"kind", "transfer"}, {"part_id", part["id"]}, {"from_location_id", a["id"]},
                   {"to_location_id", b["id"]}, {"quantity", 0.1}, {"idempotency_key", "t-1"}};
  auto first = client_->Post("/v1/stock_operations", transfer.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  auto replay = client_->Post("/v1/stock_operations", transfer.dump());
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.Json()["data"]["id"], first.Json()["data"]["id"]);
  EXPECT_EQ(OnHand(part["id"], "A"), 0.2);  // exact: 0.3 - 0.1, no floating-point drift
  EXPECT_EQ(OnHand(part["id"], "B"), 0.1);
  transfer["idempotency_key"] = "t-2";
  transfer["quantity"] = 0.25;
  auto short_stock = client_->Post("/v1/stock_operations", transfer.dump());
  EXPECT_EQ(short_stock.status, 409);
  EXPECT_EQ(short_stock.Json()["error"]["code"], "insufficient_stock");
  EXPECT_EQ(OnHand(part["id"], "A"), 0.2);
  EXPECT_EQ(Count("stock_operations"), 2);
}

TEST_F(StockTest, LinkedLocationsAreLocationsOfTheOrganization) {
  json part = Create("parts", {{"name", "Bolt"}, {"identification", "B1"}});
  json a = Create("locations", {{"name", "A"}}), b = Create("locations", {{"name", "B"}});
  json row = Create("inventory", {{"part_id", part["id"]}, {"location_id", a["id"]}});
  auto linked = client_->Put(Url("inventory", row) + "/locations", json{{"location_ids", {b["id"]}}}.dump());
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.Json()["data"]["linked_location_ids"], json::array({b["id"]}));
  auto bad = client_->Put(Url("inventory", row) + "/locations", R"({"location_ids":[999999]})");
  EXPECT_EQ(bad.status, 422);
  auto kept = client_->Get(Url("inventory", row)).Json()["data"];
  EXPECT_EQ(kept["linked_location_ids"], json::array({b["id"]}));
  EXPECT_EQ(kept["on_hand"], 0);
}

}  // namespace
}  // namespace supplyhub::testing
