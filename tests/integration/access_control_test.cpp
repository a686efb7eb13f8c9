// Issue 8, access control: admin routes have scopes, no token mints a
// stronger one, tokens stay in their organization, members are found by
// email, owners are protected, redirect URIs are validated.
#include "storage/block_on.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class AccessControlTest : public ServerTest {
 protected:
  // An API token of the owner with these custom scopes.
  HttpClient TokenClient(const std::string& scopes_json) {
    auto r = client_->Post("/v1/tokens", R"({"name":"t","scope":{"custom":)" + scopes_json + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    HttpClient c(port_);
    c.SetDefaultHeaders(Bearer(r.Json()["data"]["token"]));
    return c;
  }
  std::string Members() { return "/v1/organizations/" + std::to_string(org_id_) + "/members"; }
  nlohmann::json RegisterPartner(HttpClient& as, const std::string& scopes_json, int expect = 201) {
    auto r = as.Post("/v1/oauth/clients", R"({"name":"P","redirect_uris":["https://p.example/cb"],"scopes":)" +
                                              scopes_json + R"(,"grant_types":["client_credentials","password"]})");
    EXPECT_EQ(r.status, expect) << r.body;
    return r.status == 201 ? r.Json()["data"] : nlohmann::json();
  }
  std::string PartnerToken(const nlohmann::json& app, const std::string& form) {
    auto r = HttpClient(port_).Send("POST", "/oauth/token", form,
                                    {{"Content-Type", "application/x-www-form-urlencoded"},
                                     {"Authorization", BasicAuth(app["client_id"], app["client_secret"])}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json()["access_token"].get<std::string>() : std::string();
  }
  size_t ApiTokenCount() { return client_->Get("/v1/tokens").Json()["data"].size(); }
};

TEST_F(AccessControlTest, AReadOnlyTokenReachesNoAdministrativeRoute) {
  HttpClient reader = TokenClient(R"(["read:parts"])");
  const std::string org = std::to_string(org_id_);
  struct Call { const char* method; std::string path; std::string body; };
  const Call calls[] = {
      {"POST", "/v1/tokens", R"({"name":"escalated","scope":"full"})"},
      {"GET", "/v1/tokens", ""},
      {"DELETE", "/v1/tokens/1", ""},
      {"POST", "/v1/oauth/clients", R"({"name":"x","scopes":["read:parts"],"grant_types":["client_credentials"]})"},
      {"POST", "/v1/users", R"({"username":"mallory","email":"m@example.com","password":"Mallory-pass-1","role":"admin"})"},
      {"POST", "/v1/organizations", R"({"name":"Mine now"})"},
      {"POST", "/v1/organizations/" + org + "/members", R"({"email":"owner@example.com","role":"viewer"})"},
      {"DELETE", "/v1/organizations/" + org + "/members/1", ""},
      {"PUT", "/v1/organizations/" + org + "/rate_limits", R"({"audience":"first_party","pool":10,"per_second":1})"},
      {"PUT", "/api/v1/organizations/" + org + "/rate_limits", R"({"audience":"first_party","pool":10,"per_second":1})"},
  };
  for (const Call& call : calls) {
    Headers h;
    if (!call.body.empty()) h.emplace_back("Content-Type", "application/json");
    auto r = reader.Send(call.method, call.path, call.body, h);
    EXPECT_EQ(r.status, 403) << call.method << " " << call.path << ": " << r.body;
    EXPECT_NE(r.body.find("admin:"), std::string::npos) << r.body;  // names the scope it lacks
  }
  EXPECT_EQ(ApiTokenCount(), 1u);  // only the reader itself
  EXPECT_EQ(client_->Get("/v1/organizations").Json()["data"].size(), 1u);
  EXPECT_FALSE(*storage::BlockOn(app_->identity().FindUser("mallory")));
  EXPECT_EQ(client_->Get("/v1/parts").Header("x-ratelimit-limit"), "600");
}

TEST_F(AccessControlTest, NoTokenCreatesATokenOrAppStrongerThanItself) {
  HttpClient admin = TokenClient(R"(["admin:tokens","admin:clients","read:parts"])");
  EXPECT_EQ(admin.Post("/v1/tokens", R"({"name":"x","scope":"full"})").status, 403);
  EXPECT_EQ(admin.Post("/v1/tokens", R"({"name":"x","scope":{"custom":["write:parts"]}})").status, 403);
  EXPECT_EQ(admin.Post("/v1/tokens", R"({"name":"x","scope":{"custom":["admin:members"]}})").status, 403);
  auto weaker = admin.Post("/v1/tokens", R"({"name":"x","scope":{"custom":["read:parts"]}})");
  EXPECT_EQ(weaker.status, 201) << weaker.body;
  RegisterPartner(admin, R"(["write:parts"])", 403);
  RegisterPartner(admin, R"(["read:parts","offline_access"])", 201);
  EXPECT_EQ(ApiTokenCount(), 2u);
  // Full access may grant the administrative scopes; partner apps may never hold them.
  EXPECT_EQ(client_->Post("/v1/tokens", R"({"name":"x","scope":{"custom":["admin:members"]}})").status, 201);
  RegisterPartner(*client_, R"(["read:parts","admin:tokens"])", 422);
}

TEST_F(AccessControlTest, PartnerTokensNeverAdministerNorLeaveTheirOrganization) {
  auto second = client_->Post("/v1/organizations", R"({"name":"Second"})").Json()["data"]["id"].get<int64_t>();
  auto app = RegisterPartner(*client_, R"(["read:parts"])");
  for (const std::string form : {"grant_type=client_credentials",
                                 "grant_type=password&username=owner&password=Owner-pass-1"}) {
    HttpClient partner(port_);
    partner.SetDefaultHeaders(Bearer(PartnerToken(app, form)));
    EXPECT_EQ(partner.Get("/v1/parts").status, 200);
    EXPECT_EQ(partner.Post("/v1/tokens", R"({"name":"x","scope":{"custom":["read:parts"]}})").status, 403) << form;
    auto other = partner.Get("/v1/parts", {{"X-Organization-Id", std::to_string(second)}});
    EXPECT_EQ(other.status, 403) << form << ": " << other.body;
    EXPECT_EQ(partner.Post("/organisations/set_current_org", nlohmann::json{{"organizationId", second}}.dump()).status,
              403);
  }
  EXPECT_EQ(ApiTokenCount(), 0u);
}

TEST_F(AccessControlTest, ApiTokensStayInTheirOrganization) {
  auto second = client_->Post("/v1/organizations", R"({"name":"Second"})").Json()["data"]["id"].get<int64_t>();
  HttpClient api = TokenClient(R"(["read:parts","write:parts"])");
  auto set = api.Post("/organisations/set_current_org", nlohmann::json{{"organizationId", second}}.dump());
  EXPECT_EQ(set.status, 403) << set.body;
  EXPECT_EQ(api.Get("/v1/parts", {{"X-Organization-Id", std::to_string(second)}}).status, 403);
  ASSERT_EQ(api.Post("/v1/parts", R"({"name":"here","identification":"P-1"})").status, 201);
  EXPECT_EQ(Count("parts", {{"X-Organization-Id", std::to_string(org_id_)}}), 1);
  EXPECT_EQ(Count("parts", {{"X-Organization-Id", std::to_string(second)}}), 0);
  // A login token still selects among its user's organizations.
  EXPECT_EQ(client_->Post("/organisations/set_current_org", nlohmann::json{{"organizationId", second}}.dump()).status,
            200);
}

TEST_F(AccessControlTest, MembersAreFoundByEmailNeverByUsername) {
  int64_t real = CreateUser("newhire", "Newhire-pass-1", 0, http::Role::kViewer);  // newhire@example.com
  // Usernames shaped like someone else's email are refused...
  auto squat = client_->Post("/v1/users", R"({"username":"newhire@example.com","email":"evil@example.com","password":"Evil-pass-1"})");
  EXPECT_EQ(squat.status, 422) << squat.body;
  EXPECT_EQ(client_->Post("/v1/users", R"({"username":"self@example.com","email":"self@example.com","password":"Self-pass-1"})").status,
            201);
  // ...and one that got in before that rule cannot be matched by email.
  auto wrote = storage::BlockOn(app_->database().Write([](storage::Transaction& tx) -> Task<Result<void>> {
    auto r = co_await tx.Execute("INSERT INTO users (username, email, password_hash, created_at) "
                                 "VALUES ('NewHire@example.com', 'attacker@example.com', 'x', '2026-01-01T00:00:00Z')",
                                 {});
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  ASSERT_TRUE(wrote) << wrote.error().message;
  auto added = client_->Post(Members(), R"({"email":"newhire@example.com","role":"member"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json()["data"]["user_id"], real);
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(Login("newhire@example.com", "Newhire-pass-1")));
  EXPECT_EQ(c.Get("/v1/tokenInfo").Json()["_userId"], std::to_string(real));
}

TEST_F(AccessControlTest, OnlyOwnersChangeOwnersAndTheLastOneStays) {
  CreateUser("admin", "Admin-pass-1", org_id_, http::Role::kAdmin);
  auto owner = storage::BlockOn(app_->identity().FindUser("owner"));
  ASSERT_TRUE(owner && *owner);
  int64_t owner_id = (*owner)->id;
  HttpClient admin(port_);
  admin.SetDefaultHeaders(Bearer(Login("admin", "Admin-pass-1")));
  auto demote = admin.Post(Members(), R"({"email":"owner@example.com","role":"viewer"})");
  EXPECT_EQ(demote.status, 403) << demote.body;
  EXPECT_EQ(admin.Post(Members(), R"({"email":"admin@example.com","role":"owner"})").status, 403);
  EXPECT_EQ(admin.Delete(Members() + "/" + std::to_string(owner_id)).status, 403);
  // The only owner can neither step down nor leave...
  auto alone = client_->Post(Members(), R"({"email":"owner@example.com","role":"admin"})");
  EXPECT_EQ(alone.status, 409) << alone.body;
  EXPECT_EQ(client_->Delete(Members() + "/" + std::to_string(owner_id)).status, 409);
  auto role = storage::BlockOn(app_->identity().RoleIn(owner_id, org_id_));
  EXPECT_EQ(**role, http::Role::kOwner);
  // ...until there is another.
  ASSERT_EQ(client_->Post(Members(), R"({"email":"admin@example.com","role":"owner"})").status, 201);
  EXPECT_EQ(client_->Post(Members(), R"({"email":"owner@example.com","role":"admin"})").status, 201);
  EXPECT_EQ(**storage::BlockOn(app_->identity().RoleIn(owner_id, org_id_)), http::Role::kAdmin);
}

TEST_F(AccessControlTest, RateLimitOverridesCannotLockTheOrganizationOut) {
  std::string url = "/v1/organizations/" + std::to_string(org_id_) + "/rate_limits";
  EXPECT_EQ(client_->Put(url, R"({"audience":"first_party","pool":1,"per_second":1})").status, 422);
  EXPECT_EQ(client_->Put(url, R"({"audience":"first_party","pool":100,"per_second":0.001})").status, 422);
  EXPECT_EQ(client_->Get("/v1/parts").status, 200);
  EXPECT_EQ(client_->Put(url, R"({"audience":"first_party","pool":10,"per_second":1})").status, 200);
}

TEST_F(AccessControlTest, RedirectUrisAreValidatedAtRegistration) {
  for (const std::string bad : {"http://localhost.evil.com/cb", "http://localhost@evil.com/cb",
                                "https://a.example/cb http://evil.example/steal",
                                "https://a.example/cb\r\nSet-Cookie: pwn=1", "https://a.example/cb#x",
                                "http://example.com/cb", "javascript:alert(1)", "https://user:pw@a.example/cb",
                                "https:///cb", "https://a.example:99x/cb"}) {
    auto r = client_->Post("/v1/oauth/clients",
                           nlohmann::json{{"name", "x"}, {"redirect_uris", {bad}}, {"scopes", {"read:parts"}},
                                          {"grant_types", {"authorization_code"}}}
                               .dump());
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
    EXPECT_NO_THROW(r.Json());
  }
  for (const std::string good : {"http://127.0.0.1:8765/cb", "http://[::1]/cb", "http://localhost/cb",
                                 "https://app.example.com/cb?x=1", "https://app.example.com:8443/cb"}) {
    auto r = client_->Post("/v1/oauth/clients",
                           nlohmann::json{{"name", "x"}, {"redirect_uris", {good}}, {"scopes", {"read:parts"}},
                                          {"grant_types", {"authorization_code"}}}
                               .dump());
    EXPECT_EQ(r.status, 201) << good << ": " << r.body;
  }
}

TEST_F(AccessControlTest, OpenApiListsTheAdministrativeScopes) {
  auto doc = HttpClient(port_).Get("/v1/openapi.json").Json();
  auto scopes = [&](const char* path, const char* method) { return doc["paths"][path][method]["x-scopes"]; };
  EXPECT_EQ(scopes("/v1/tokens", "post"), nlohmann::json::parse(R"(["admin:tokens"])"));
  EXPECT_EQ(scopes("/v1/oauth/clients", "post"), nlohmann::json::parse(R"(["admin:clients"])"));
  EXPECT_EQ(scopes("/v1/organizations/{id}/members", "post"), nlohmann::json::parse(R"(["admin:members"])"));
  EXPECT_EQ(scopes("/v1/organizations/{id}/rate_limits", "put"), nlohmann::json::parse(R"(["admin:organization"])"));
}

}  // namespace
}  // namespace supplyhub::testing
