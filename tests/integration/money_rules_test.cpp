// Issue 18, items 5 and 8, over real HTTP on both backends.
// 5: posted money is not rewritten — a posted payment keeps its invoice,
//    amount and currency, an issued invoice its currency and lines, on every
//    path a client writes through (PUT, PATCH, child routes; schema::Lock,
//    checked in RowWriter); `void` reverses what was posted. 409 `immutable`.
// 8: money and quantities never wrap or clamp — declared maximums
//    (Field::Max) and checked arithmetic (core/checked_int.h); out of range
//    is a 422 naming the field, and nothing is stored.
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

class MoneyRulesTest : public ServerTest {
 protected:
  json Create(const std::string& resource, const json& body, int status = 201) {
    auto r = client_->Post("/v1/" + resource, body.dump());
    EXPECT_EQ(r.status, status) << resource << ": " << r.body;
    return r.status < 300 ? r.Json()["data"] : r.Json();
  }
  json Act(const std::string& resource, const json& row, const std::string& action, int status = 200) {
    auto r = client_->Post(Url(resource, row) + "/" + action, "{}");
    EXPECT_EQ(r.status, status) << resource << " " << action << ": " << r.body;
    return r.status < 300 ? r.Json()["data"] : r.Json();
  }
  json Get(const std::string& resource, const json& row) { return client_->Get(Url(resource, row)).Json()["data"]; }
  static std::string Url(const std::string& resource, const json& row) {
    return "/v1/" + resource + "/" + std::to_string(row["id"].get<int64_t>());
  }
  // An issued invoice of one line: 1 x `price`.
  json IssuedInvoice(const std::string& number, const std::string& price, const std::string& currency = "USD") {
    json invoice = Create("invoices", {{"invoice_number", number}, {"currency", currency},
                                       {"lines", {{{"description", "Goods"}, {"quantity", 1}, {"unit_price", price}}}}});
    return Act("invoices", invoice, "issue");
  }
  // 409 immutable naming `rule` (a part of the lock's rule) and, when given, the field refused.
  static void ExpectImmutable(const HttpResponse& r, const std::string& field, const std::string& rule) {
    ASSERT_EQ(r.status, 409) << r.body;
    json body = r.Json();
    EXPECT_EQ(body["error"]["code"], "immutable") << r.body;
    EXPECT_NE(body["message"].get<std::string>().find(rule), std::string::npos) << r.body;
    if (!field.empty()) {
      EXPECT_TRUE(body["error"]["fields"].contains(field)) << r.body;
    }
  }
  // 422 whose error.fields has `field` with a message containing `text`.
  static void ExpectOutOfRange(const HttpResponse& r, const std::string& field, const std::string& text) {
    ASSERT_EQ(r.status, 422) << r.body;
    json fields = r.Json()["error"]["fields"];
    ASSERT_TRUE(fields.contains(field)) << r.body;
    EXPECT_NE(fields[field].dump().find(text), std::string::npos) << r.body;
  }
  static json Unstamped(json row) {
    row.erase("updated_at");
    return row;
  }
};

// ---- 5. Posted money ----------------------------------------------------------------

// The probe: PATCH the payment onto invoice B, then void it: A stayed paid with
// no payment and B went to amount_paid -100.00.
TEST_F(MoneyRulesTest, APostedPaymentKeepsItsInvoiceAmountAndCurrencyAndVoidReversesIt) {
  json a = IssuedInvoice("A", "100.00"), b = IssuedInvoice("B", "100.00");
  json payment = Create("payments", {{"invoice_id", a["id"]}, {"amount", "100.00"}});
  ASSERT_EQ(Get("invoices", a)["status"], "paid");
  const std::string url = Url("payments", payment), rule = "void it and post a new payment";
  ExpectImmutable(client_->Patch(url, json{{"invoice_id", b["id"]}}.dump()), "invoice_id", rule);
  ExpectImmutable(client_->Patch(url, json{{"invoice_id", b["external_id"].is_null() ? b["id"] : b["external_id"]}}.dump()),
                  "invoice_id", rule);
  ExpectImmutable(client_->Put(url, json{{"amount", "1.00"}}.dump()), "amount", rule);
  ExpectImmutable(client_->Patch(url, json{{"currency", "EUR"}}.dump()), "currency", rule);
  ExpectImmutable(client_->Delete(url), "", "void it");
  EXPECT_EQ(Get("payments", payment), payment) << "changed by a refused write";
  // Echoing the row as read changes nothing and is accepted; other fields still change.
  ASSERT_EQ(client_->Put(url, payment.dump()).status, 200);
  EXPECT_EQ(client_->Patch(url, R"({"reference":"wire 42"})").Json()["data"]["reference"], "wire 42");

  Act("payments", payment, "void");
  json after_a = Get("invoices", a), after_b = Get("invoices", b);
  EXPECT_EQ(after_a["status"], "open");
  EXPECT_EQ(after_a["amount_paid"], "0.00");
  EXPECT_EQ(after_a["balance"], "100.00");
  EXPECT_EQ(Unstamped(after_b), Unstamped(b)) << "an invoice the payment never paid moved";
  // Voided, it is still what was posted; a voided payment moves no money and may be deleted.
  ExpectImmutable(client_->Patch(url, json{{"amount", "5.00"}}.dump()), "amount", rule);
  EXPECT_EQ(client_->Delete(url).status, 200);
  EXPECT_EQ(Unstamped(Get("invoices", a)), Unstamped(after_a));
}

// The probe: PATCH an invoice's currency after a payment turned $60 into 6000 JPY.
TEST_F(MoneyRulesTest, AnIssuedInvoiceKeepsItsCurrency) {
  json invoice = IssuedInvoice("INV-60", "60.00");
  Create("payments", {{"invoice_id", invoice["id"]}, {"amount", "60.00"}});
  json paid = Get("invoices", invoice);
  ASSERT_EQ(paid["status"], "paid");
  const std::string url = Url("invoices", invoice), rule = "an issued invoice's currency and lines are final";
  ExpectImmutable(client_->Patch(url, R"({"currency":"JPY"})"), "currency", rule);
  ExpectImmutable(client_->Put(url, R"({"currency":"JPY","due_date":"2025-01-01"})"), "currency", rule);
  json now = Get("invoices", invoice);
  EXPECT_EQ(now, paid);
  EXPECT_EQ(now["currency"], "USD");
  EXPECT_EQ(now["total"], "60.00");
  EXPECT_EQ(now["amount_paid_minor"], 6000);
  // An open invoice (nothing paid) keeps its currency too; a draft's may change.
  json open = IssuedInvoice("INV-OPEN", "5.00");
  ExpectImmutable(client_->Patch(Url("invoices", open), R"({"currency":"EUR"})"), "currency", rule);
  json draft = Create("invoices", {{"invoice_number", "DRAFT"}, {"lines", {{{"quantity", 1}, {"unit_price", 5}}}}});
  EXPECT_EQ(client_->Patch(Url("invoices", draft), R"({"currency":"JPY"})").Json()["data"]["total"], "5");
}

// The probe: editing a line of a paid invoice left it paid with balance -90.00.
TEST_F(MoneyRulesTest, AnIssuedInvoiceKeepsItsLinesOnEveryPath) {
  json invoice = IssuedInvoice("INV-L", "60.00");
  Create("payments", {{"invoice_id", invoice["id"]}, {"amount", "60.00"}});
  json paid = Get("invoices", invoice);
  const std::string url = Url("invoices", invoice), lines = url + "/lines";
  const std::string line = lines + "/" + std::to_string(paid["lines"][0]["id"].get<int64_t>());
  const std::string rule = "correct it with a credit note";
  ExpectImmutable(client_->Patch(line, R"({"unit_price":"150.00"})"), "lines", rule);     // child route, PATCH
  ExpectImmutable(client_->Put(line, R"({"quantity":2,"unit_price":"60.00"})"), "lines", rule);  // PUT
  ExpectImmutable(client_->Post(lines, R"({"quantity":1,"unit_price":"1.00"})"), "lines", rule); // a new line
  ExpectImmutable(client_->Delete(line), "lines", rule);                                         // a line removed
  ExpectImmutable(client_->Put(url, R"({"lines":[]})"), "lines", rule);                          // the parent's PUT
  ExpectImmutable(client_->Patch(url, json{{"lines", {{{"quantity", 1}, {"unit_price", "150.00"}}}}}.dump()), "lines",
                  rule);
  ExpectImmutable(client_->Delete(url), "", "void it");
  EXPECT_EQ(Get("invoices", invoice), paid) << "changed by a refused write";
  // Lines sent as read are no change: the invoice is kept as it is.
  auto echoed = client_->Put(url, json{{"lines", paid["lines"]}, {"due_date", "2025-02-01"}}.dump());
  ASSERT_EQ(echoed.status, 200) << echoed.body;
  EXPECT_EQ(echoed.Json()["data"]["lines"], paid["lines"]);
  EXPECT_EQ(client_->Patch(line, paid["lines"][0].dump()).status, 200);
  json now = Get("invoices", invoice);
  EXPECT_EQ(now["balance"], "0.00");
  EXPECT_EQ(now["total"], "60.00");
  EXPECT_EQ(now["status"], "paid");
}

TEST_F(MoneyRulesTest, ACreditNoteKeepsItsAmountAndOnceUsedIsKept) {
  json customer = Create("customers", {{"name", "Buyer"}});
  json note = Create("credit_notes", {{"contact_id", customer["id"]}, {"amount", "50.00"}});
  const std::string url = Url("credit_notes", note), rule = "void it and issue a new one";
  ExpectImmutable(client_->Patch(url, R"({"amount":"500.00"})"), "amount", rule);
  ExpectImmutable(client_->Patch(url, R"({"currency":"JPY"})"), "currency", rule);
  json invoice = IssuedInvoice("INV-C", "20.00");
  auto applied = client_->Post(url + "/apply", json{{"invoice_id", invoice["id"]}}.dump());
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.Json()["data"]["remaining"], "30.00");
  ExpectImmutable(client_->Delete(url), "", "has paid part of an invoice");  // open, but partly used
  EXPECT_EQ(Get("invoices", invoice)["status"], "paid");
  json unused = Create("credit_notes", {{"contact_id", customer["id"]}, {"amount", "5.00"}});
  EXPECT_EQ(client_->Delete(Url("credit_notes", unused)).status, 200);  // nothing of it was used
}

// ---- 8. Numeric range ---------------------------------------------------------------

// The probe: a line 999999999999 x 999999999999.99 was stored with total -25378652901154037.75.
TEST_F(MoneyRulesTest, ALineBeyondTheDeclaredMaximumsIs422NamingTheField) {
  auto r = client_->Post("/v1/invoices", R"({"invoice_number":"BIG","lines":[
      {"quantity":999999999999,"unit_price":"999999999999.99"}]})");
  ExpectOutOfRange(r, "lines[0].quantity", "must be at most 1000000000");
  ExpectOutOfRange(r, "lines[0].unit_price", "must be at most 1000000000");
  // More digits than any value has: out of range, not malformed.
  ExpectOutOfRange(client_->Post("/v1/invoices", R"({"invoice_number":"BIGGER","lines":[
      {"quantity":1,"unit_price":"99999999999999999999"}]})"),
                   "lines[0].unit_price", "must be at most 1000000000");
  ExpectOutOfRange(client_->Post("/v1/payments", R"({"invoice_id":1,"amount":"99999999999999"})"), "amount",
                   "must be at most 1000000000000");
  EXPECT_EQ(Count("invoices"), 0);
}

// Within every input's maximum, a computed total may still be out of range:
// 422 naming it, whether it leaves its declared maximum or 64 bits.
TEST_F(MoneyRulesTest, AComputedTotalOutOfRangeIs422NamingTheTotal) {
  auto wraps = client_->Post("/v1/invoices", R"({"invoice_number":"WRAP","lines":[
      {"quantity":1000000000,"unit_price":"1000000000"}]})");  // 10^20 cents
  ExpectOutOfRange(wraps, "total", "out of range");
  auto above = client_->Post("/v1/invoices", R"({"invoice_number":"ABOVE","lines":[
      {"quantity":1000,"unit_price":"1000000000"},{"quantity":1,"unit_price":"0.01"}]})");
  ExpectOutOfRange(above, "total", "must be at most 1000000000000 (would be 1000000000000.01)");
  EXPECT_EQ(Count("invoices"), 0);
  // At the maximum exactly it is stored; one more line through the child route is refused.
  json full = Create("invoices", {{"invoice_number", "FULL"}, {"lines", {{{"quantity", 1000}, {"unit_price", "1000000000"}}}}});
  EXPECT_EQ(full["total"], "1000000000000.00");
  ExpectOutOfRange(client_->Post(Url("invoices", full) + "/lines", R"({"quantity":1,"unit_price":"0.01"})"), "total",
                   "must be at most 1000000000000");
  EXPECT_EQ(Get("invoices", full), full);
  // Orders sum their items the same way.
  ExpectOutOfRange(client_->Post("/v1/orders", R"({"order_number":"O-BIG","items":[
      {"quantity":1000000000,"price":"1000000000"}]})"),
                   "total", "out of range");
}

// The probe: ten +999999999999.999999 adjustments clamped on_hand at 9223372036854.775807.
TEST_F(MoneyRulesTest, StockNeverWrapsOrClampsAtTheEndOfItsIntegers) {
  json part = Create("parts", {{"name", "Bolt"}, {"identification", "B-1"}});
  json bin = Create("locations", {{"name", "Main"}});
  const std::string adjust = json{{"kind", "adjust"}, {"part_id", part["id"]}, {"location_id", bin["id"]}}.dump();
  auto with_quantity = [&](const std::string& quantity) {
    return adjust.substr(0, adjust.size() - 1) + ",\"quantity\":" + quantity + "}";
  };
  ASSERT_EQ(client_->Post("/v1/stock_operations", with_quantity("999999999999.999999")).status, 201);
  for (int i = 1; i < 10; ++i)
    ExpectOutOfRange(client_->Post("/v1/stock_operations", with_quantity("999999999999.999999")), "on_hand",
                     "must be at most 1000000000000 (would be 1999999999999.999998)");
  auto stock = client_->Get("/v1/inventory?part_id=" + std::to_string(part["id"].get<int64_t>()));
  EXPECT_NE(stock.body.find("\"on_hand\":999999999999.999999"), std::string::npos) << stock.body;
  EXPECT_EQ(Count("stock_operations"), 1);
  ExpectOutOfRange(client_->Post("/v1/stock_operations", with_quantity("10000000000000")), "quantity",
                   "must be at most 1000000000000");
  // Down again, the same amount: back to zero, exactly.
  ASSERT_EQ(client_->Post("/v1/stock_operations", with_quantity("-999999999999.999999")).status, 201);
  stock = client_->Get("/v1/inventory?part_id=" + std::to_string(part["id"].get<int64_t>()));
  EXPECT_NE(stock.body.find("\"on_hand\":0,"), std::string::npos) << stock.body;
}

// A purchase order style sums its packing: checked, never wrapped.
TEST_F(MoneyRulesTest, PackingSumsAreCheckedNaming422) {
  json solids = json::array();
  for (int i = 0; i < 10; ++i) solids.push_back({{"itemId", "X" + std::to_string(i)}, {"quantity", 999999999999}});
  auto wraps = client_->Post("/v1/purchase_orders", json{{"poNumber", "PO-WRAP"}, {"styles", {{{"solids", solids}}}}}.dump());
  ExpectOutOfRange(wraps, "quantity", "out of range");
  solids.erase(solids.begin() + 2, solids.end());  // 2 x 999999999999: fits, but above the maximum
  auto above = client_->Post("/v1/purchase_orders", json{{"poNumber", "PO-ABOVE"}, {"styles", {{{"solids", solids}}}}}.dump());
  ExpectOutOfRange(above, "quantity", "must be at most 1000000000000");
  EXPECT_EQ(Count("purchase_orders"), 0);
}

// The declared maximums and the locks are in the API's description.
TEST_F(MoneyRulesTest, OpenApiShowsMaximumsAndTheLockRules) {
  json doc = client_->Get("/v1/openapi.json").Json();
  const json& line = doc["components"]["schemas"]["InvoiceLines"]["properties"];
  EXPECT_EQ(line["quantity"]["maximum"], 1000000000);
  EXPECT_EQ(line["unit_price"]["maximum"], 1000000000);
  EXPECT_EQ(doc["components"]["schemas"]["Inventory"]["properties"]["on_hand"]["maximum"], 1000000000000);
  std::string patch = doc["paths"]["/v1/payments/{id}"]["patch"]["responses"]["409"]["description"];
  EXPECT_NE(patch.find("void it and post a new payment"), std::string::npos) << patch;
  std::string child = doc["paths"]["/v1/invoices/{id}/lines/{child_id}"]["delete"]["responses"]["409"]["description"];
  EXPECT_NE(child.find("an issued invoice's currency and lines are final"), std::string::npos) << child;
  std::string bad = doc["paths"]["/v1/invoices"]["post"]["responses"]["422"]["description"];
  EXPECT_NE(bad.find("maximum"), std::string::npos) << bad;
}

}  // namespace
}  // namespace supplyhub::testing
