// POST/PUT /v1/parts/bulk: up to 1000 rows, all or nothing, per-row errors.
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class BulkTest : public ServerTest {};

nlohmann::json Rows(int n, const std::string& prefix = "B-") {
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < n; ++i)
    rows.push_back({{"name", "Bulk " + std::to_string(i)}, {"identification", prefix + std::to_string(i)},
                    {"unit_type", "Length"}, {"unit_of_measure", "mm"}, {"batch_ids", {"L1"}}});
  return rows;
}

TEST_F(BulkTest, CreatesAThousandRows) {
  auto r = client_->Post("/v1/parts/bulk", Rows(1000).dump());
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 500);
  auto j = r.Json();
  ASSERT_EQ(j["data"].size(), 1000u);
  EXPECT_EQ(j["meta"]["count"], 1000);
  EXPECT_EQ(j["data"][999]["identification"], "B-999");
  EXPECT_EQ(j["data"][0]["is_finished_product"], true);  // default applied
  EXPECT_EQ(Count("parts"), 1000);
}

TEST_F(BulkTest, MoreThanAThousandRowsIsRejected) {
  auto r = client_->Post("/v1/parts/bulk", Rows(1001).dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.Json()["message"].get<std::string>().find("1000"), std::string::npos);
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(BulkTest, InvalidRowsFailTheWholeRequestWithPerRowErrors) {
  auto rows = Rows(10);
  rows[3]["unit_type"] = "Weight";
  rows[7].erase("name");
  rows[8] = "not an object";
  auto r = client_->Post("/v1/parts/bulk", rows.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.Json()["error"]["rows"];
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0]["index"], 3);
  EXPECT_TRUE(errors[0]["fields"].contains("unit_type"));
  EXPECT_EQ(errors[1]["index"], 7);
  EXPECT_EQ(errors[1]["fields"]["name"][0], "is required");
  EXPECT_EQ(errors[2]["index"], 8);
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(BulkTest, DuplicateKeysInsideOrAgainstStoredRowsWriteNothing) {
  ASSERT_EQ(client_->Post("/v1/parts", R"({"name":"Old","identification":"B-5"})").status, 201);
  auto rows = Rows(20);
  rows[12]["identification"] = "B-11";  // clashes with row 11 of the same request
  auto r = client_->Post("/v1/parts/bulk", rows.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.Json()["error"]["rows"];
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0]["index"], 5);
  EXPECT_EQ(errors[0]["fields"]["identification"][0], "is already taken");
  EXPECT_EQ(errors[1]["index"], 12);
  EXPECT_EQ(Count("parts"), 1);
}

TEST_F(BulkTest, BadReferencesAreReportedPerRow) {
  auto rows = Rows(3);
  rows[1]["supplier_id"] = 987654;
  auto r = client_->Post("/v1/parts/bulk", rows.dump());
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.Json()["error"]["rows"][0]["index"], 1);
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(BulkTest, BulkReplaceUpdatesByIdAllOrNothing) {
  auto created = client_->Post("/v1/parts/bulk", Rows(3).dump()).Json()["data"];
  nlohmann::json update = nlohmann::json::array();
  for (auto& row : created)
    update.push_back({{"id", row["id"]}, {"name", "Renamed"}, {"identification", row["identification"]}});
  auto ok = client_->Put("/v1/parts/bulk", update.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["data"][2]["name"], "Renamed");
  EXPECT_EQ(ok.Json()["data"][2]["unit_type"], created[2]["unit_type"]);  // fields not sent are kept

  update[0]["name"] = "Again";
  update[1]["id"] = 999999;   // no such row
  update[2].erase("id");      // no id at all
  auto bad = client_->Put("/v1/parts/bulk", update.dump());
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto errors = bad.Json()["error"]["rows"];
  ASSERT_EQ(errors.size(), 1u);  // the missing id is caught by validation, before storage
  EXPECT_EQ(errors[0]["index"], 2);
  update[2]["id"] = created[2]["id"];
  bad = client_->Put("/v1/parts/bulk", update.dump());
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["rows"][0]["index"], 1);
  // Nothing of either failed request was written.
  EXPECT_EQ(client_->Get("/v1/parts/" + std::to_string(created[0]["id"].get<int64_t>())).Json()["data"]["name"],
            "Renamed");
}

TEST_F(BulkTest, EmptyOrNonArrayBodies) {
  EXPECT_EQ(client_->Post("/v1/parts/bulk", "[]").status, 422);
  EXPECT_EQ(client_->Post("/v1/parts/bulk", R"({"name":"x"})").status, 400);
  EXPECT_EQ(client_->Post("/v1/parts/bulk", "[{]").status, 400);
}

}  // namespace
}  // namespace supplyhub::testing
