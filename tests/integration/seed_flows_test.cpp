// The three operations seeds end to end, as their clients run them, over
// real HTTP against a live server (both backends):
//  - seed 000 (SIGHT): SHA-512 login, the `token:` header, two POs in SIGHT's
//    camelCase (solids, assortments), read back, cancel by poStatus, refresh;
//  - seed 001 (dropship partner): an OAuth app with the seed's scopes, the
//    authorization-code flow with consent, a dropship order, products and
//    shipments, a scope it lacks, the stable refresh token, the sandbox pool;
//  - seed 003 (Stitchex): password grant, organisation selection, paging
//    every SKU at the root by the `meta` hash, the other root lists.
#include <chrono>
#include <set>

#include "core/password.h"
#include "support/oauth_flow.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

class SeedFlowsTest : public ServerTest {
 protected:
  // Set-up data written by the organization's owner (not part of the flows).
  json Create(const std::string& resource, const json& body, const Headers& headers = {}) {
    auto r = client_->Post("/v1/" + resource, body.dump(), headers);
    EXPECT_EQ(r.status, 201) << resource << ": " << r.body;
    return r.status == 201 ? r.Json()["data"] : json();
  }
  static std::string Id(const json& row) { return std::to_string(row["id"].get<int64_t>()); }
};

// ---- Seed 000: SIGHT ------------------------------------------------------------------

TEST_F(SeedFlowsTest, SightLogsInWithSha512SendsTwoPackedPosCancelsOneAndRefreshes) {
  // The brand's vendor master: SIGHT names suppliers and factories by custom id.
  CreateUser("User1", "Password123", org_id_, http::Role::kMember);
  json supplier = Create("suppliers", {{"name", "Sunrise Textiles Ltd."}, {"external_id", "SUP-7"}});
  json factory = Create("suppliers", {{"name", "Dhaka Apparel Factory"}, {"external_id", "FAC-3"}});
  json product = Create("products", {{"style_number", "OXF-100"}, {"name", "Oxford shirt"}});
  json sku = Create("skus", {{"product_id", product["id"]}, {"sku", "OXF-100-BLU-M"}, {"color", "Blue"}, {"size", "M"}});

  // 1. Test server authentication: the password's SHA-512 hex, never the password.
  HttpClient sight(port_);
  auto login = sight.Post("/v1/auth/login", json{{"username", "User1"}, {"password", Sha512Hex("Password123")}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  json session = login.Json()["data"];
  EXPECT_EQ(session["expiresIn"], 3600);  // "tokens expire automatically after 60 minutes"
  std::string token = session["token"], refresh = session["refreshToken"];
  ASSERT_FALSE(refresh.empty());
  EXPECT_EQ(sight.Post("/v1/auth/login", json{{"username", "User1"}, {"password", Sha512Hex("Password124")}}.dump()).status,
            401);
  // "a key with title token": the header SIGHT's clients send, not Authorization.
  Headers header{{"token", token}};
  EXPECT_EQ(sight.Get("/v1/purchase_orders").status, 401);

  // 2–4. POs with packing: one with solids, one with assortments.
  auto solids = sight.Post("/v1/purchase_orders", R"({
      "poNumber": "PO-24-0001", "opoNumber": "OPO-881", "clientId": "BRAND-1",
      "supplierId": "SUP-7", "factoryId": "FAC-3", "poType": "Bulk", "productLineId": "MENS-TOPS",
      "deliveryDate": "2024-05-01", "inStoreDate": "2024-06-01T00:00:00.000Z", "shipEndDate": "2024-04-20",
      "currency": "USD", "poStatus": "open",
      "styles": [{"styleId": "OXF-100", "styleName": "Oxford shirt", "productCategoryId": "SHIRTS", "brandId": "B1",
                  "solids": [{"itemId": "OXF-100-BLU-M", "color": "Blue", "size": "M", "quantity": 240,
                              "cartonQuantity": 20, "casePackQuantity": 12, "brandId": "B1"},
                             {"itemId": "OXF-100-BLU-L", "color": "Blue", "size": "L", "quantity": 120,
                              "cartonQuantity": 10, "casePackQuantity": 12}]}]})",
                           header);
  ASSERT_EQ(solids.status, 201) << solids.body;
  auto assorted = sight.Post("/v1/purchase_orders", R"({
      "poNumber": "PO-24-0002", "supplierId": "SUP-7", "factoryId": "FAC-3", "deliveryDate": "2024-07-15",
      "styles": [{"styleId": "CHN-200", "styleName": "Chino",
                  "assortments": [{"assortmentId": "CHN-200-RATIO-A", "cartonQuantity": 25,
                                   "items": [{"itemId": "CHN-200-KHA-30", "color": "Khaki", "size": "30", "configuration": 2},
                                             {"itemId": "CHN-200-KHA-32", "color": "Khaki", "size": "32", "configuration": 3},
                                             {"itemId": "CHN-200-KHA-34", "color": "Khaki", "size": "34", "configuration": 1}]}]}]})",
                             header);
  ASSERT_EQ(assorted.status, 201) << assorted.body;

  // Read back: snake_case, custom ids resolved, quantities derived from the packing.
  auto first = sight.Get("/v1/purchase_orders/" + Id(solids.Json()["data"]), header);
  ASSERT_EQ(first.status, 200) << first.body;
  json po1 = first.Json()["data"];
  EXPECT_EQ(po1["po_number"], "PO-24-0001");
  EXPECT_EQ(po1["opo_number"], "OPO-881");
  EXPECT_FALSE(po1.contains("poNumber"));
  EXPECT_EQ(po1["supplier_id"], supplier["id"]);
  EXPECT_EQ(po1["factory_id"], factory["id"]);
  EXPECT_EQ(po1["delivery_date"], "2024-05-01");
  EXPECT_EQ(po1["in_store_date"], "2024-06-01");
  EXPECT_EQ(po1["status"], "open");
  ASSERT_EQ(po1["styles"].size(), 1u);
  json solid = po1["styles"][0]["solids"][0];
  EXPECT_EQ(solid["item_id"], "OXF-100-BLU-M");
  EXPECT_EQ(solid["carton_quantity"], 20);
  EXPECT_EQ(solid["case_pack_quantity"], 12);
  EXPECT_EQ(solid["sku_id"], sku["id"]);  // SIGHT's item is our SKU
  EXPECT_EQ(po1["styles"][0]["quantity"], 360);
  EXPECT_EQ(po1["total_quantity"], 360);

  json po2 = sight.Get("/v1/purchase_orders/" + Id(assorted.Json()["data"]), header).Json()["data"];
  ASSERT_EQ(po2["styles"].size(), 1u);
  json pack = po2["styles"][0]["assortments"][0];
  EXPECT_EQ(pack["assortment_id"], "CHN-200-RATIO-A");
  EXPECT_EQ(pack["carton_quantity"], 25);
  ASSERT_EQ(pack["items"].size(), 3u);
  EXPECT_EQ(pack["items"][1]["configuration"], 3);
  EXPECT_EQ(po2["total_quantity"], 150);  // 25 packs x (2 + 3 + 1)

  // Cancel as SIGHT does: a PUT with poStatus.
  auto cancel = sight.Put("/v1/purchase_orders/" + Id(po2), R"({"poStatus":"canceled"})", header);
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.Json()["data"]["status"], "canceled");
  EXPECT_EQ(cancel.Json()["data"]["total_quantity"], 150);  // the rest is kept
  EXPECT_EQ(sight.Get("/v1/purchase_orders/" + Id(po2), header).Json()["data"]["status"], "canceled");
  auto open = sight.Get("/v1/purchase_orders?status=open", header).Json();
  ASSERT_EQ(open["data"].size(), 1u);
  EXPECT_EQ(open["data"][0]["po_number"], "PO-24-0001");

  // 5. The token expired: the refresh token gives a new one, sent the same way.
  auto refreshed = sight.Post("/v1/auth/refresh", json{{"refreshToken", refresh}}.dump());
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  std::string fresh = refreshed.Json()["data"]["token"];
  EXPECT_NE(fresh, token);
  auto list = sight.Get("/v1/purchase_orders", {{"token", fresh}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json()["meta"]["total_count"], 2);
}

// ---- Seed 001: dropship partner --------------------------------------------------------

TEST_F(SeedFlowsTest, DropshipPartnerAuthorizesOrdersReadsRefreshesAndMeetsTheSandboxPool) {
  // The retailer's catalog and stock (first-party data, written by its owner).
  json supplier = Create("suppliers", {{"name", "Dropship Supplier Inc."}, {"external_id", "DS-1"}});
  json product = Create("products", {{"style_number", "MUG-01"}, {"name", "Stoneware mug"}, {"retail_price", "14.00"}});
  json sku = Create("skus", {{"product_id", product["id"]}, {"sku", "MUG-01-WHT"}, {"color", "White"}});
  json warehouse = Create("locations", {{"name", "Supplier warehouse"}});
  Create("stock_operations", {{"kind", "adjust"}, {"sku_id", sku["id"]}, {"location_id", warehouse["id"]}, {"quantity", 50}});

  // "Once processed, Partners will receive their own Client ID and Client Secret."
  auto registered = client_->Post("/v1/oauth/clients", R"({"name":"Dropship Sync","company":"Partner Co",
      "purpose":"Route retailer orders to dropship suppliers","redirect_uris":["https://partner.example.com/callback"],
      "scopes":["write:orders","read:products","read:shipments","offline_access"],
      "grant_types":["authorization_code","refresh_token"]})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  json app = registered.Json()["data"];
  std::string client_id = app["client_id"], secret = app["client_secret"];

  // The retailer follows the partner's link: login page, then consent; the
  // partner gets a code at its callback. The seed's link has no PKCE.
  std::string request = "response_type=code&client_id=" + client_id +
                        "&redirect_uri=https%3A%2F%2Fpartner.example.com%2Fcallback&audience=%2Fv1"
                        "&scope=write%3Aorders+read%3Aproducts+read%3Ashipments+offline_access&state=retailer-42";
  auto page = HttpClient(port_).Get("/oauth/authorize?" + request);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("name=\"password\""), std::string::npos);
  std::string location = AuthorizeWithConsent(port_, request, "owner", "Owner-pass-1");
  ASSERT_EQ(location.rfind("https://partner.example.com/callback?", 0), 0u) << location;
  EXPECT_EQ(QueryParam(location, "state"), "retailer-42");
  std::string code = QueryParam(location, "code");
  ASSERT_FALSE(code.empty()) << location;

  // Token endpoint, client credentials in the body as the seed shows them.
  auto exchanged = HttpClient(port_).Post(
      "/oauth/token", json{{"grant_type", "authorization_code"}, {"client_id", client_id}, {"client_secret", secret},
                           {"code", code}, {"redirect_uri", "https://partner.example.com/callback"}}
                          .dump());
  ASSERT_EQ(exchanged.status, 200) << exchanged.body;
  json tokens = exchanged.Json();
  EXPECT_EQ(tokens["token_type"], "Bearer");
  EXPECT_EQ(tokens["expires_in"], 86400);  // "valid for 24 hours"
  std::string access = tokens["access_token"], refresh = tokens["refresh_token"];
  ASSERT_FALSE(refresh.empty());  // offline_access was asked

  // From here every request counts against the retailer's sandbox pool.
  auto started = std::chrono::steady_clock::now();
  int spent = 0;
  HttpClient partner(port_);
  partner.SetDefaultHeaders(Bearer(access));
  auto counted = [&](HttpResponse r) {
    ++spent;
    return r;
  };

  // write:orders: a dropship order to the configured supplier.
  auto order = counted(partner.Post("/v1/orders", json{{"order_number", "DS-10001"},
                                                       {"supplier_id", "DS-1"},
                                                       {"ship_to_name", "Jane Doe"},
                                                       {"ship_to_street", "12 Harbour Road"},
                                                       {"ship_to_city", "Portland"},
                                                       {"ship_to_province", "OR"},
                                                       {"ship_to_postal_code", "97201"},
                                                       {"ship_to_country", "US"},
                                                       {"ship_to_email", "jane@example.com"},
                                                       {"items", {{{"sku_id", sku["id"]}, {"quantity", 2}, {"price", "14.00"}}}}}
                                                          .dump()));
  ASSERT_EQ(order.status, 201) << order.body;
  EXPECT_EQ(order.Header("x-ratelimit-limit"), "10");  // sandbox: pool of 10
  json placed = order.Json()["data"];
  EXPECT_EQ(placed["supplier_id"], supplier["id"]);
  EXPECT_EQ(placed["ship_to_city"], "Portland");
  EXPECT_EQ(placed["total"], "28.00");
  EXPECT_EQ(placed["status"], "open");

  // read:products
  auto products = counted(partner.Get("/v1/products"));
  ASSERT_EQ(products.status, 200) << products.body;
  ASSERT_EQ(products.Json()["data"].size(), 1u);
  EXPECT_EQ(products.Json()["data"][0]["style_number"], "MUG-01");

  // The supplier ships it (first-party); the partner reads the shipment (read:shipments).
  json ticket = Create("pick_tickets", {{"order_id", placed["id"]}, {"location_id", warehouse["id"]},
                                        {"lines", {{{"order_item_id", placed["items"][0]["id"]}, {"quantity", 2}}}}});
  ASSERT_EQ(client_->Post("/v1/pick_tickets/" + Id(ticket) + "/ship", R"({"carrier":"USPS","tracking_number":"9400111"})")
                .status,
            200);
  auto shipments = counted(partner.Get("/v1/shipments?order_id=" + Id(placed)));
  ASSERT_EQ(shipments.status, 200) << shipments.body;
  ASSERT_EQ(shipments.Json()["data"].size(), 1u);
  EXPECT_EQ(shipments.Json()["data"][0]["tracking_number"], "9400111");
  EXPECT_EQ(shipments.Json()["data"][0]["items"][0]["quantity"], 2);

  // What it was not granted is refused, naming the scope.
  auto write_products = counted(partner.Post("/v1/products", R"({"style_number":"X","name":"X"})"));
  EXPECT_EQ(write_products.status, 403) << write_products.body;
  EXPECT_NE(write_products.Json()["message"].get<std::string>().find("write:products"), std::string::npos)
      << write_products.body;
  EXPECT_EQ(counted(partner.Get("/v1/parts")).status, 403);  // no read:parts
  EXPECT_EQ(Count("products"), 1);

  // "Keep the refresh token stored. This value never changes."
  auto renewed = HttpClient(port_).Post("/oauth/token", json{{"grant_type", "refresh_token"}, {"client_id", client_id},
                                                             {"client_secret", secret}, {"refresh_token", refresh}}
                                                            .dump());
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(renewed.Json()["refresh_token"], refresh);
  std::string access2 = renewed.Json()["access_token"];
  EXPECT_NE(access2, access);
  partner.SetDefaultHeaders(Bearer(access2));

  // The pool is the retailer's, not the token's: the new token draws on the
  // same 10, and the request after the last one is 429 with Retry-After.
  HttpResponse last;
  for (int i = 0; i < 20; ++i) {
    last = counted(partner.Get("/v1/products"));
    if (last.status != 200) break;
  }
  ASSERT_EQ(last.status, 429) << last.body;
  auto elapsed = std::chrono::steady_clock::now() - started;
  int refilled = static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() / 10);
  EXPECT_EQ(spent, 10 + refilled + 1) << "10 requests in the pool, +1 every 10 s";
  EXPECT_EQ(last.Json()["error"]["code"], "rate_limited");
  int retry_after = std::stoi(last.Header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 10);
  EXPECT_EQ(last.Header("x-ratelimit-remaining"), "0");
  // The retailer's own (first-party) traffic has its own bucket.
  EXPECT_EQ(client_->Get("/v1/products").status, 200);
}

// ---- Seed 003: Stitchex ------------------------------------------------------------------

TEST_F(SeedFlowsTest, StitchexPasswordGrantSelectsTheOrganisationAndPagesEverySku) {
  // The user's second organization holds the catalog; the first has one SKU
  // that must not show up once the second is selected.
  int64_t stitchex = client_->Post("/v1/organizations", R"({"name":"Stitchex Demo"})").Json()["data"]["id"];
  Headers there{{"X-Organization-Id", std::to_string(stitchex)}};
  json elsewhere = Create("products", {{"style_number", "OTHER"}, {"name", "Other org's style"}});
  Create("skus", {{"product_id", elsewhere["id"]}, {"sku", "OTHER-1"}});
  json product = Create("products", {{"style_number", "TEE-1"}, {"name", "Crew tee"}}, there);
  constexpr int kSkus = 123;  // three pages of 50
  std::set<std::string> created;
  for (int i = 0; i < kSkus; ++i) {
    std::string code = "TEE-1-" + std::to_string(1000 + i);
    Create("skus", {{"product_id", product["id"]}, {"sku", code}, {"size", i % 2 ? "M" : "L"}}, there);
    created.insert(code);
  }

  // 1. Get an authorization token: email, password, grant_type (JSON).
  auto granted = HttpClient(port_).Post("/oauth/token",
                                        R"({"email":"owner@example.com","password":"Owner-pass-1","grant_type":"password"})");
  ASSERT_EQ(granted.status, 200) << granted.body;
  HttpClient stitch(port_);
  stitch.SetDefaultHeaders(Bearer(granted.Json()["access_token"]));

  // 2. The organisations the user can reach.
  auto orgs = stitch.Get("/organisations");
  ASSERT_EQ(orgs.status, 200) << orgs.body;
  int64_t chosen = 0;
  json listed = orgs.Json();
  for (const auto& o : listed["organisations"])
    if (o["name"] == "Stitchex Demo") chosen = o["id"];
  ASSERT_EQ(chosen, stitchex) << orgs.body;

  // 3. Register the organization with the API.
  auto set = stitch.Post("/organisations/set_current_org", json{{"organizationId", chosen}}.dump());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json(), json::parse(R"({"Status":"Updated"})"));

  // Pagination: follow meta.next_page until it is null.
  std::multiset<std::string> seen;
  int64_t page = 1, pages_read = 0;
  for (;;) {
    auto r = stitch.Get(page == 1 ? std::string("/skus") : "/skus?page=" + std::to_string(page));
    ASSERT_EQ(r.status, 200) << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.contains("meta")) << r.body;
    const json& meta = j["meta"];
    EXPECT_EQ(meta["current_page"], page);
    EXPECT_EQ(meta["total_pages"], 3);
    EXPECT_EQ(meta["total_count"], kSkus);
    if (page == 1) EXPECT_TRUE(meta["prev_page"].is_null());
    else EXPECT_EQ(meta["prev_page"], page - 1);
    for (const auto& sku : j["data"]) seen.insert(sku["sku"].get<std::string>());
    ++pages_read;
    if (meta["next_page"].is_null()) break;
    ASSERT_EQ(meta["next_page"], page + 1);
    page = meta["next_page"];
    ASSERT_LE(page, 10) << "next_page never became null";
  }
  EXPECT_EQ(pages_read, 3);
  EXPECT_EQ(seen.size(), created.size());                                    // every SKU exactly once...
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);       // ...and only this organization's

  // The other datasets Stitchex exposes answer at the root, paginated.
  for (const char* path : {"/products", "/orders", "/invoices", "/payments", "/inventory", "/pick_tickets",
                           "/receiving_tickets"}) {
    auto r = stitch.Get(std::string(path) + "?page=1");
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.contains("meta")) << path;
    for (const char* key : {"current_page", "next_page", "prev_page", "total_pages", "total_count"})
      EXPECT_TRUE(j["meta"].contains(key)) << path << " meta." << key;
    EXPECT_TRUE(j["data"].is_array()) << path;
  }
  auto products = stitch.Get("/products").Json();
  EXPECT_EQ(products["meta"]["total_count"], 1);  // the selected organization's
  EXPECT_EQ(products["data"][0]["style_number"], "TEE-1");
}

}  // namespace
}  // namespace supplyhub::testing
