// Pagination meta of both dialects, the Link header, filters, keyword, sort.
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class ListingTest : public ServerTest {
 protected:
  // n parts P-0..P-(n-1); every third is an activity; names "Part i".
  void Load(int n) {
    for (int start = 0; start < n; start += 1000) {
      nlohmann::json rows = nlohmann::json::array();
      for (int i = start; i < std::min(n, start + 1000); ++i)
        rows.push_back({{"name", "Part " + std::to_string(i)},
                        {"identification", "P-" + std::to_string(i)},
                        {"is_activity", i % 3 == 0},
                        {"unit_type", i % 2 ? "Mass" : "Volume"},
                        {"density", i * 0.5}});
      auto r = client_->Post("/v1/parts/bulk", rows.dump());
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }
  std::vector<int64_t> Ids(const HttpResponse& r) {
    std::vector<int64_t> ids;
    auto json = r.Json();  // keep the document alive while iterating
    for (auto& row : json["data"]) ids.push_back(row["id"].get<int64_t>());
    return ids;
  }
};

TEST_F(ListingTest, MetaCarriesBothDialects) {
  Load(128);
  auto r = client_->Get("/v1/parts?page=2&per_page=50");
  ASSERT_EQ(r.status, 200);
  auto m = r.Json()["meta"];
  EXPECT_EQ(m["current_page"], 2);
  EXPECT_EQ(m["next_page"], 3);
  EXPECT_EQ(m["prev_page"], 1);
  EXPECT_EQ(m["total_pages"], 3);
  EXPECT_EQ(m["total_count"], 128);
  EXPECT_EQ(m["total"], 128);
  EXPECT_EQ(m["per_page"], 50);
  EXPECT_EQ(m["from"], 51);
  EXPECT_EQ(m["to"], 100);
  EXPECT_EQ(r.Json()["data"].size(), 50u);

  auto first = client_->Get("/v1/parts").Json()["meta"];  // seed 003's first-page example shape
  EXPECT_EQ(first["current_page"], 1);
  EXPECT_TRUE(first["prev_page"].is_null());
  EXPECT_EQ(first["per_page"], 50);

  auto last = client_->Get("/v1/parts?page=3&per_page=50").Json();
  EXPECT_TRUE(last["meta"]["next_page"].is_null());
  EXPECT_EQ(last["meta"]["to"], 128);
  EXPECT_EQ(last["data"].size(), 28u);

  auto beyond = client_->Get("/v1/parts?page=9&per_page=50").Json();
  EXPECT_EQ(beyond["data"].size(), 0u);
  EXPECT_TRUE(beyond["meta"]["from"].is_null());
}

TEST_F(ListingTest, LinkHeaderPointsAtNextPage) {
  Load(120);
  auto r = client_->Get("/v1/parts?per_page=50&unit_type=Mass");
  std::string link = r.Header("link");
  EXPECT_NE(link.find("page=2>; rel=\"next\""), std::string::npos) << link;
  EXPECT_NE(link.find("unit_type=Mass"), std::string::npos) << link;
  EXPECT_NE(link.find("rel=\"last\""), std::string::npos);
  // Following next pages visits every row exactly once.
  std::set<int64_t> seen;
  std::string url = "/v1/parts?per_page=50";
  for (int guard = 0; guard < 10 && !url.empty(); ++guard) {
    auto page = client_->Get(url);
    for (auto id : Ids(page)) seen.insert(id);
    std::string l = page.Header("link");
    size_t rel = l.find(">; rel=\"next\"");
    url.clear();
    if (rel != std::string::npos) {
      size_t start = l.rfind('<', rel);
      std::string absolute = l.substr(start + 1, rel - start - 1);
      url = absolute.substr(absolute.find("/v1/"));
    }
  }
  EXPECT_EQ(seen.size(), 120u);
}

TEST_F(ListingTest, DeepPagesMatchPlainOrderAndSurviveDeletes) {
  Load(3000);
  auto all = Ids(client_->Get("/v1/parts?per_page=1000&page=1"));
  auto more = Ids(client_->Get("/v1/parts?per_page=1000&page=2"));
  auto rest = Ids(client_->Get("/v1/parts?per_page=1000&page=3"));
  all.insert(all.end(), more.begin(), more.end());
  all.insert(all.end(), rest.begin(), rest.end());
  ASSERT_EQ(all.size(), 3000u);
  ASSERT_TRUE(std::is_sorted(all.begin(), all.end()));
  // Page 50 of 50-row pages: rows 2450..2499 in id order.
  auto deep = Ids(client_->Get("/v1/parts?per_page=50&page=50"));
  EXPECT_EQ(deep, std::vector<int64_t>(all.begin() + 2450, all.begin() + 2500));
  auto deep_desc = Ids(client_->Get("/v1/parts?per_page=50&page=3&sort=-id"));
  std::vector<int64_t> expect_desc(all.rbegin() + 100, all.rbegin() + 150);
  EXPECT_EQ(deep_desc, expect_desc);
  // Delete rows before the deep page: it must shift.
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client_->Delete("/v1/parts/" + std::to_string(all[i])).status, 200);
  auto shifted = Ids(client_->Get("/v1/parts?per_page=50&page=50"));
  EXPECT_EQ(shifted, std::vector<int64_t>(all.begin() + 2455, all.begin() + 2505));
  // Appends after the anchors were built are still listed.
  ASSERT_EQ(client_->Post("/v1/parts", R"({"name":"late","identification":"LATE"})").status, 201);
  auto tail = client_->Get("/v1/parts?per_page=50&page=60").Json();
  EXPECT_EQ(tail["meta"]["total_count"], 2996);
  EXPECT_EQ(tail["data"].back()["identification"], "LATE");
}

TEST_F(ListingTest, FiltersKeywordAndSort) {
  Load(30);
  auto activities = client_->Get("/v1/parts?is_activity=true&per_page=100").Json();
  EXPECT_EQ(activities["meta"]["total_count"], 10);
  for (auto& row : activities["data"]) EXPECT_EQ(row["is_activity"], true);

  auto mass = client_->Get("/v1/parts?unit_type=mass").Json();  // enum values match case-insensitively
  EXPECT_EQ(mass["meta"]["total_count"], 15);

  auto keyword = client_->Get("/v1/parts?keyword=part%202").Json();  // "Part 2", "Part 20".."Part 29"
  EXPECT_EQ(keyword["meta"]["total_count"], 11);

  auto exact = client_->Get("/v1/parts?identification=P-7").Json();
  ASSERT_EQ(exact["data"].size(), 1u);
  EXPECT_EQ(exact["data"][0]["name"], "Part 7");

  auto by_name = client_->Get("/v1/parts?sort=-name&per_page=3").Json();  // text order: "Part 9" first
  EXPECT_EQ(by_name["data"][0]["identification"], "P-9");
  EXPECT_EQ(by_name["data"][2]["identification"], "P-7");
  EXPECT_EQ(client_->Get("/v1/parts?sort=density").status, 400);  // not declared sortable

  auto wildcard = client_->Get("/v1/parts?keyword=%25").Json();  // a literal %, not "match all"
  EXPECT_EQ(wildcard["meta"]["total_count"], 0);
}

TEST_F(ListingTest, BadListParametersAre400) {
  for (const char* q : {"page=0", "page=abc", "per_page=0", "per_page=1001", "sort=notes", "sort=-batch_ids",
                        "is_activity=maybe", "unit_type=liters", "colour=red", "supplier_id=x", "name=%zz"}) {
    auto r = client_->Get(std::string("/v1/parts?") + q);
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "bad_request") << q;
  }
}

}  // namespace
}  // namespace supplyhub::testing
