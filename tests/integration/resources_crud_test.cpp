// Create, read, replace, patch and delete through the declared routes.
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class ResourcesCrudTest : public ServerTest {};

// Seed 002's sample supplier body, as is.
const char* kSeedSupplier = R"({
  "name": "ABC Manufacturing Inc.",
  "primary_name": "John Smith",
  "primary_email": "johnsmith@abc.com",
  "primary_phone": "1-649-123-4567",
  "primary_position": "Project Manager",
  "secondary_name": "Jane Smith",
  "secondary_email": "janesmith@abc.com",
  "secondary_phone": "1-649-123-4567",
  "secondary_position": "Project Lead",
  "notes": "These are some sample notes for the supplier"
})";

TEST_F(ResourcesCrudTest, SeedSupplierSampleIsAcceptedAsIs) {
  auto r = client_->Post("/v1/suppliers", kSeedSupplier);
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["status"], "success");
  EXPECT_EQ(j["message"], "The request was successful");
  auto d = j["data"];
  EXPECT_GT(d["id"].get<int64_t>(), 0);
  EXPECT_EQ(d["name"], "ABC Manufacturing Inc.");
  EXPECT_EQ(d["secondary_position"], "Project Lead");
  EXPECT_EQ(d["notes"], "These are some sample notes for the supplier");
  EXPECT_TRUE(d["created_at"].is_string());

  auto got = client_->Get("/v1/suppliers/" + std::to_string(d["id"].get<int64_t>()));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json()["data"], d);
  // The /api/v1 alias serves the same rows.
  EXPECT_EQ(client_->Get("/api/v1/suppliers/" + std::to_string(d["id"].get<int64_t>())).Json()["data"], d);
}

TEST_F(ResourcesCrudTest, PartLifecycle) {
  auto supplier = client_->Post("/v1/suppliers", R"({"name":"Acme"})").Json()["data"]["id"].get<int64_t>();
  std::string body = R"j({"name":"Blue Juice (500 mL)","company_id":null,"is_activity":false,"identification":"BJUICE500",
    "is_finished_product":true,"batch_ids":["B1","B2"],"supplier_id":)j" + std::to_string(supplier) +
                     R"(,"unit_type":"Volume","unit_of_measure":"ml","density":0.314,"density_mass_unit":"g",
    "density_volume_unit":"ml"})";
  auto created = client_->Post("/v1/parts", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto part = created.Json()["data"];
  std::string url = "/v1/parts/" + std::to_string(part["id"].get<int64_t>());
  EXPECT_EQ(part["batch_ids"], nlohmann::json::parse(R"(["B1","B2"])"));
  EXPECT_EQ(part["density"], 0.314);
  EXPECT_EQ(part["supplier_id"], supplier);

  // PATCH changes only what it names.
  auto patched = client_->Patch(url, R"j({"name":"Blue Juice (1 L)"})j");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["data"]["name"], "Blue Juice (1 L)");
  EXPECT_EQ(patched.Json()["data"]["identification"], "BJUICE500");
  EXPECT_EQ(patched.Json()["data"]["unit_of_measure"], "ml");

  // PUT keeps what it does not send (seed 002's update samples send two fields); null clears.
  auto replaced = client_->Put(url, R"({"name":"Juice","identification":"J1","density":null})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  auto r = replaced.Json()["data"];
  EXPECT_EQ(r["identification"], "J1");
  EXPECT_EQ(r["unit_of_measure"], "ml");
  EXPECT_TRUE(r["density"].is_null());
  EXPECT_EQ(r["is_finished_product"], true);
  EXPECT_EQ(r["created_at"], part["created_at"]);

  auto deleted = client_->Delete(url);
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.Json()["data"]["id"], part["id"]);
  EXPECT_EQ(client_->Get(url).status, 404);
  EXPECT_EQ(client_->Delete(url).status, 404);
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(ResourcesCrudTest, CompaniesTakeSeedCustomerFields) {
  auto r = client_->Post("/v1/companies", R"({"name":"Customers Inc.","primary_email":"johnsmith@customers.com",
    "street":"Test Street 1","city":"Toronto","province":"Ontario","country":"Canada","postal_code":"n4n4n4",
    "custom_field_1":"Custom value 2","custom_field_2":"Custom value 2"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["data"]["city"], "Toronto");
}

TEST_F(ResourcesCrudTest, ReferencesMustExistInTheOrganization) {
  auto r = client_->Post("/v1/parts", R"({"name":"X","identification":"X1","supplier_id":424242})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.Json()["error"]["fields"].contains("supplier_id"));
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(ResourcesCrudTest, UniqueKeyConflictIs409AndWritesNothing) {
  ASSERT_EQ(client_->Post("/v1/parts", R"({"name":"A","identification":"SAME"})").status, 201);
  auto again = client_->Post("/v1/parts", R"({"name":"B","identification":"SAME"})");
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Json()["error"]["fields"]["identification"][0], "is already taken");
  EXPECT_EQ(Count("parts"), 1);
  // PUT onto a taken key conflicts too, and leaves the row as it was.
  auto other = client_->Post("/v1/parts", R"({"name":"C","identification":"OTHER"})").Json()["data"];
  auto put = client_->Put("/v1/parts/" + std::to_string(other["id"].get<int64_t>()),
                          R"({"name":"C","identification":"SAME"})");
  EXPECT_EQ(put.status, 409);
  EXPECT_EQ(client_->Get("/v1/parts/" + std::to_string(other["id"].get<int64_t>())).Json()["data"]["identification"],
            "OTHER");
}

TEST_F(ResourcesCrudTest, DeletingAReferencedRowIsAConflict) {
  auto supplier = client_->Post("/v1/suppliers", R"({"name":"Acme"})").Json()["data"]["id"].get<int64_t>();
  ASSERT_EQ(client_->Post("/v1/parts", R"({"name":"P","identification":"P1","supplier_id":)" +
                                           std::to_string(supplier) + "}")
                .status,
            201);
  auto r = client_->Delete("/v1/suppliers/" + std::to_string(supplier));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(Count("suppliers"), 1);
}

TEST_F(ResourcesCrudTest, NonNumericOrMissingIdsAre404) {
  EXPECT_EQ(client_->Get("/v1/parts/abc").status, 404);
  EXPECT_EQ(client_->Get("/v1/parts/0").status, 404);
  EXPECT_EQ(client_->Get("/v1/parts/-1").status, 404);
  EXPECT_EQ(client_->Get("/v1/parts/99999999999999999999").status, 404);
  EXPECT_EQ(client_->Patch("/v1/parts/77", R"({"name":"x"})").status, 404);
}

}  // namespace
}  // namespace supplyhub::testing
