// API tokens (seed 004): create, use, scope limits, list, revoke, purge, tokenInfo.
#include "storage/block_on.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class ApiTokensTest : public ServerTest {
 protected:
  nlohmann::json Create(const std::string& body) {
    auto r = client_->Post("/v1/tokens", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
};

TEST_F(ApiTokensTest, FullTokenWorksAndIsShownOnce) {
  auto t = Create(R"({"name":"ERP sync","description":"nightly","scope":"full","auto_purge":"never"})");
  std::string token = t["token"];
  EXPECT_EQ(token.rfind("local_at_", 0), 0u);
  EXPECT_EQ(t["scope"], "full");
  EXPECT_TRUE(t["expires_at"].is_null());
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(token));
  EXPECT_EQ(c.Post("/v1/suppliers", R"({"name":"via API token"})").status, 201);
  auto info = c.Get("/v1/tokenInfo");
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.Json()["scope"], "*");
  EXPECT_FALSE(info.Json()["_userId"].get<std::string>().empty());
  auto list = client_->Get("/v1/tokens");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["data"].size(), 1u);
  EXPECT_EQ(list.Json()["data"][0]["name"], "ERP sync");
  EXPECT_EQ(list.body.find(token), std::string::npos);  // never shown again
  EXPECT_EQ(list.body.find(token.substr(9)), std::string::npos);
}

TEST_F(ApiTokensTest, CustomScopesLimitTheToken) {
  auto t = Create(R"({"name":"reader","scope":{"custom":["read:parts"]},"auto_purge":"1d"})");
  EXPECT_EQ(t["scope"], nlohmann::json::parse(R"({"custom":["read:parts"]})"));
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(t["token"]));
  EXPECT_EQ(c.Get("/v1/parts").status, 200);
  auto write = c.Post("/v1/parts", R"({"name":"x","identification":"x"})");
  EXPECT_EQ(write.status, 403);
  EXPECT_NE(write.Json()["message"].get<std::string>().find("write:parts"), std::string::npos);
  EXPECT_EQ(c.Get("/v1/suppliers").status, 403);
  EXPECT_EQ(c.Get("/v1/tokenInfo").Json()["scope"], nlohmann::json::parse(R"(["read:parts"])"));
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(ApiTokensTest, RevokedAndPurgedTokensStopWorking) {
  auto revoked = Create(R"({"name":"a","scope":"full"})");
  auto purged = Create(R"({"name":"b","scope":"full","auto_purge":"1h"})");
  int64_t in_an_hour = purged["expires_at"];
  EXPECT_NEAR(static_cast<double>(in_an_hour), static_cast<double>(std::time(nullptr) + 3600), 5);
  HttpClient c(port_);
  ASSERT_EQ(c.Get("/v1/parts", Bearer(revoked["token"])).status, 200);
  std::string url = "/v1/tokens/" + std::to_string(revoked["id"].get<int64_t>());
  ASSERT_EQ(client_->Delete(url).status, 200);
  EXPECT_EQ(c.Get("/v1/parts", Bearer(revoked["token"])).status, 401);
  EXPECT_EQ(client_->Delete(url).status, 404);
  // The purge time passing (simulated by moving it into the past).
  auto aged = storage::BlockOn(app_->database().Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    storage::Value p[] = {storage::Value{purged["id"].get<int64_t>()}};
    auto r = co_await tx.Execute("UPDATE tokens SET expires_at = 1 WHERE id = $1", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  ASSERT_TRUE(aged);
  storage::BlockOn(app_->auth().ForgetCachedTokens());
  EXPECT_EQ(c.Get("/v1/parts", Bearer(purged["token"])).status, 401);
  EXPECT_EQ(client_->Get("/v1/tokens").Json()["data"].size(), 0u);
}

TEST_F(ApiTokensTest, OnlyOwnersAndAdminsManageTokens) {
  CreateUser("member", "Member-pass-1", org_id_, http::Role::kMember);
  HttpClient m(port_);
  m.SetDefaultHeaders(Bearer(Login("member", "Member-pass-1")));
  EXPECT_EQ(m.Post("/v1/tokens", R"({"name":"x","scope":"full"})").status, 403);
  EXPECT_EQ(m.Get("/v1/tokens").status, 403);
  // Another organization cannot revoke ours.
  auto t = Create(R"({"name":"ours","scope":"full"})");
  auto other = OtherOrganization();
  EXPECT_EQ(client_->Delete("/v1/tokens/" + std::to_string(t["id"].get<int64_t>()), other).status, 404);
  // An API token stays in its organization.
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", {{"Authorization", "Bearer " + t["token"].get<std::string>()},
                                                {"X-Organization-Id", "999"}})
                .status,
            403);
}

TEST_F(ApiTokensTest, BadRequestsAreExplained) {
  auto bad = [&](const std::string& body, int status, const std::string& field) {
    auto r = client_->Post("/v1/tokens", body);
    EXPECT_EQ(r.status, status) << body << " " << r.body;
    if (!field.empty()) {
      EXPECT_TRUE(r.Json()["error"]["fields"].contains(field)) << body << " " << r.body;
    }
  };
  bad(R"({"scope":"full"})", 422, "name");
  bad(R"({"name":"x"})", 422, "scope");
  bad(R"({"name":"x","scope":"partial"})", 422, "scope");
  bad(R"({"name":"x","scope":{"custom":["read:widgets"]}})", 422, "scope");
  bad(R"({"name":"x","scope":{"custom":[]}})", 422, "scope");
  bad(R"({"name":"x","scope":"full","auto_purge":"2d"})", 422, "auto_purge");
  bad(R"({"name":"x","scope":"full","colour":"red"})", 422, "colour");
  bad(R"({"name":"x",)", 400, "");
  EXPECT_EQ(client_->Get("/v1/tokens").Json()["data"].size(), 0u);
}

}  // namespace
}  // namespace supplyhub::testing
