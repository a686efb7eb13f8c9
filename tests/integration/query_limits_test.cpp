// Queries too large to serve are a 400 naming the limit, never a 500, and
// change nothing.
#include <string>

#include "features/resources/list_query.h"
#include "http/query_string.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class QueryLimitsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto r = client_->Post("/v1/parts", R"({"name":"Bolt","identification":"B-1","is_activity":false})");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  static std::string Repeated(const std::string& term, size_t times) {
    std::string q;
    for (size_t i = 0; i < times; ++i) q += (i ? "&" : "") + term;
    return q;
  }

  void ExpectBadRequest(const HttpResponse& r, const std::string& limit_text) {
    EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
    auto j = r.Json();
    EXPECT_EQ(j["error"]["code"], "bad_request");
    EXPECT_NE(j["message"].get<std::string>().find(limit_text), std::string::npos) << j["message"];
    EXPECT_EQ(Count("parts"), 1);
  }
};

TEST_F(QueryLimitsTest, TooManyFiltersIs400NamingTheLimit) {
  // 999 used to reach SQLite as one expression too deep for it: a 500. That
  // many no longer fit in a query string.
  ExpectBadRequest(client_->Get("/v1/parts?keyword=zz&" + Repeated("is_activity=0", 999)),
                   "Query string too long: at most " + std::to_string(http::kMaxQueryLength) + " bytes");
  ExpectBadRequest(client_->Get("/v1/parts?keyword=zz&" + Repeated("is_activity=0", features::kMaxFilters + 1)),
                   "Too many filters: at most " + std::to_string(features::kMaxFilters) + " per request");
}

TEST_F(QueryLimitsTest, AQueryStringOverTheLimitIs400NamingIt) {
  std::string query = "keyword=" + std::string(5000, 'a');
  ASSERT_GT(query.size(), http::kMaxQueryLength);
  ExpectBadRequest(client_->Get("/v1/parts?" + query),
                   "Query string too long: at most " + std::to_string(http::kMaxQueryLength) + " bytes");
}

TEST_F(QueryLimitsTest, UpToTheLimitsQueriesStillWork) {
  auto r = client_->Get("/v1/parts?" + Repeated("is_activity=0", features::kMaxFilters));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["meta"]["total_count"], 1);
  r = client_->Get("/v1/parts?" + Repeated("is_activity=1", features::kMaxFilters));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["meta"]["total_count"], 0);

  std::string query = "identification=B-1&keyword=";
  query += std::string(http::kMaxQueryLength - query.size(), 'b');
  r = client_->Get("/v1/parts?" + query);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.Json()["meta"]["total_count"], 0);
}

}  // namespace
}  // namespace supplyhub::testing
