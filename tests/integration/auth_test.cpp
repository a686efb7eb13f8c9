// Login tokens (seed 000): login, token header dialects, refresh, logout,
// expiry, regions, throttling, roles and organizations.
#include "core/password.h"
#include "storage/block_on.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class AuthTest : public ServerTest {
 protected:
  HttpResponse LoginAs(const std::string& username, const std::string& password) {
    return HttpClient(port_).Post("/v1/auth/login",
                                  nlohmann::json{{"username", username}, {"password", password}}.dump());
  }
  // Runs SQL against the server's database (to age tokens).
  void Exec(const std::string& sql) {
    auto done = storage::BlockOn(app_->database().Write([&](storage::Transaction& tx) -> Task<Result<void>> {
      auto r = co_await tx.Execute(sql, {});
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    }));
    ASSERT_TRUE(done) << done.error().message;
    storage::BlockOn(app_->auth().ForgetCachedTokens());
  }
};

TEST_F(AuthTest, DataRoutesNeedATokenOpenRoutesDoNot) {
  HttpClient anonymous(port_);
  for (const char* path : {"/v1/parts", "/v1/parts/1", "/v1/suppliers", "/v1/companies", "/api/v1/parts"}) {
    auto r = anonymous.Get(path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.Header("www-authenticate"), "Bearer realm=\"supplyhub\"") << path;
    EXPECT_EQ(r.Json()["error"]["code"], "unauthenticated");
  }
  EXPECT_EQ(anonymous.Post("/v1/parts", R"({"name":"x","identification":"x"})").status, 401);
  EXPECT_EQ(Count("parts"), 0);
  for (const char* path : {"/v1/status", "/healthz", "/readyz", "/metrics", "/v1/openapi.json"})
    EXPECT_EQ(anonymous.Get(path).status, 200) << path;
}

TEST_F(AuthTest, LoginAcceptsPlainAndSha512PasswordsByUsernameOrEmail) {
  CreateUser("User1", "Password123", org_id_, http::Role::kMember);
  std::string sha = Sha512Hex("Password123");
  std::string upper = sha;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto [login, password] : std::vector<std::pair<std::string, std::string>>{
           {"User1", "Password123"}, {"User1", sha}, {"user1@example.com", upper}, {"user1", sha}}) {
    auto r = LoginAs(login, password);
    ASSERT_EQ(r.status, 200) << login << " " << r.body;
    auto d = r.Json()["data"];
    EXPECT_EQ(d["expiresIn"], 3600);
    EXPECT_EQ(d["username"], "User1");
    EXPECT_EQ(d["orgName"], "Test Org");
    EXPECT_EQ(d["token"].get<std::string>().rfind("local_lt_", 0), 0u);
    EXPECT_EQ(d["refreshToken"].get<std::string>().rfind("local_rt_", 0), 0u);
  }
  EXPECT_EQ(LoginAs("User1", "password123").status, 401);
  EXPECT_EQ(LoginAs("nobody", "Password123").status, 401);
  EXPECT_EQ(HttpClient(port_).Post("/v1/auth/login", R"({"username":"User1"})").status, 422);
}

TEST_F(AuthTest, TokenWorksAsBearerAndAsTokenHeader) {
  HttpClient c(port_);
  EXPECT_EQ(c.Get("/v1/parts", {{"token", token_}}).status, 200);
  EXPECT_EQ(c.Get("/v1/parts", {{"Authorization", "Bearer " + token_}}).status, 200);
  EXPECT_EQ(c.Get("/v1/parts", {{"Authorization", "bearer " + token_}}).status, 200);
}

TEST_F(AuthTest, BadTokensAre401WithAReason) {
  HttpClient c(port_);
  auto malformed = c.Get("/v1/parts", Bearer("not-a-token"));
  EXPECT_EQ(malformed.status, 401);
  EXPECT_EQ(malformed.Json()["message"], "Malformed token");
  std::string unknown = token_;
  unknown.back() = unknown.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(c.Get("/v1/parts", Bearer(unknown)).Json()["message"], "Unknown token");
  std::string foreign = "eu-west_" + token_.substr(token_.find('_') + 1);
  auto wrong_region = c.Get("/v1/parts", Bearer(foreign));
  EXPECT_EQ(wrong_region.status, 401);
  EXPECT_NE(wrong_region.Json()["message"].get<std::string>().find("'eu-west'"), std::string::npos);
}

TEST_F(AuthTest, RefreshIssuesANewPairAndRefreshTokensCannotAuthorize) {
  auto login = LoginAs("owner", "Owner-pass-1").Json()["data"];
  std::string refresh = login["refreshToken"];
  HttpClient c(port_);
  EXPECT_EQ(c.Get("/v1/parts", Bearer(refresh)).status, 401);
  auto r = c.Post("/v1/auth/refresh", nlohmann::json{{"refreshToken", refresh}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  std::string fresh = r.Json()["data"]["token"];
  EXPECT_NE(fresh, login["token"].get<std::string>());
  EXPECT_EQ(c.Get("/v1/parts", Bearer(fresh)).status, 200);
  // An access token is not a refresh token.
  EXPECT_EQ(c.Post("/v1/auth/refresh", nlohmann::json{{"refreshToken", fresh}}.dump()).status, 401);
  EXPECT_EQ(c.Post("/v1/auth/refresh", R"({"refreshToken":"junk"})").status, 401);
}

TEST_F(AuthTest, LogoutBlacklistsTheTokenAndItsRefreshToken) {
  auto login = LoginAs("owner", "Owner-pass-1").Json()["data"];
  std::string token = login["token"], refresh = login["refreshToken"];
  HttpClient c(port_);
  ASSERT_EQ(c.Post("/v1/auth/logout", "", Bearer(token)).status, 200);
  auto after = c.Get("/v1/parts", Bearer(token));
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.Json()["message"], "This token has been revoked");
  EXPECT_EQ(c.Post("/v1/auth/refresh", nlohmann::json{{"refreshToken", refresh}}.dump()).status, 401);
  EXPECT_EQ(c.Get("/v1/parts").status, 401);           // no token at all
  EXPECT_EQ(client_->Get("/v1/parts").status, 200);    // other logins are untouched
}

TEST_F(AuthTest, ExpiredTokensAre401) {
  Exec("UPDATE tokens SET expires_at = 1 WHERE kind = 'lt'");
  auto r = client_->Get("/v1/parts");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["message"], "This token has expired");
}

TEST_F(AuthTest, FailedLoginsAreThrottledPerAccount) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(LoginAs("owner", "wrong").status, 401);
  auto r = LoginAs("owner", "Owner-pass-1");  // even the right password waits now
  EXPECT_EQ(r.status, 429);
  EXPECT_GT(std::stoi(r.Header("retry-after")), 0);
  EXPECT_EQ(r.Json()["error"]["code"], "rate_limited");
}

// Behind nginx (--trusted-proxies), failures are counted per real client
// address from X-Forwarded-For; from anyone else the header is ignored.
class ProxiedAuthTest : public AuthTest {
 protected:
  void Configure(Config& c) override { c.trusted_proxies = {"127.0.0.1"}; }
};

TEST_F(ProxiedAuthTest, FailedLoginsAreThrottledPerForwardedAddress) {
  HttpClient c(port_);
  auto login = [&](const std::string& user, const std::string& from) {
    return c.Post("/v1/auth/login", nlohmann::json{{"username", user}, {"password", "wrong"}}.dump(),
                  {{"X-Forwarded-For", "1.2.3.4, " + from}});
  };
  for (int i = 0; i < 20; ++i) ASSERT_EQ(login("nobody" + std::to_string(i), "203.0.113.7").status, 401) << i;
  EXPECT_EQ(login("someone", "203.0.113.7").status, 429);   // that client is throttled...
  EXPECT_EQ(login("someone", "198.51.100.9").status, 401);  // ...not every client behind nginx
}

TEST_F(ProxiedAuthTest, ForwardedProtoHttpsMakesHttpsUrls) {
  HttpClient c(port_);
  auto meta = c.Get("/.well-known/oauth-authorization-server",
                    {{"X-Forwarded-For", "198.51.100.9"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(meta.status, 200);
  EXPECT_EQ(meta.Json()["issuer"].get<std::string>().rfind("https://", 0), 0u) << meta.body;
  auto direct = c.Get("/.well-known/oauth-authorization-server", {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(direct.Json()["issuer"].get<std::string>().rfind("http://", 0), 0u);  // no forwarded client: not via nginx
}

TEST_F(AuthTest, ForwardedForIsIgnoredWithoutTrustedProxies) {
  HttpClient c(port_);
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(c.Post("/v1/auth/login", nlohmann::json{{"username", "n" + std::to_string(i)}, {"password", "x"}}.dump(),
                     {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}})
                  .status,
              401);
  // All twenty came from 127.0.0.1 whatever the header said.
  EXPECT_EQ(c.Post("/v1/auth/login", R"({"username":"owner","password":"Owner-pass-1"})").status, 429);
}

TEST_F(AuthTest, ViewersReadButCannotWrite) {
  CreateUser("viewer", "Viewer-pass-1", org_id_, http::Role::kViewer);
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(Login("viewer", "Viewer-pass-1")));
  EXPECT_EQ(c.Get("/v1/parts").status, 200);
  auto denied = c.Post("/v1/parts", R"({"name":"x","identification":"x"})");
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.Json()["message"].get<std::string>().find("write:parts"), std::string::npos);
  EXPECT_EQ(c.Delete("/v1/parts/1").status, 403);
  EXPECT_EQ(Count("parts"), 0);
}

TEST_F(AuthTest, OrganizationHeaderPicksAMembershipOnly) {
  auto other = storage::BlockOn(app_->identity().CreateOrganization("Second", "production"));
  ASSERT_TRUE(other);
  auto me = storage::BlockOn(app_->identity().FindUser("owner"));
  ASSERT_TRUE(storage::BlockOn(app_->identity().AddMember(*other, (*me)->id, http::Role::kMember)));
  storage::BlockOn(app_->auth().ForgetCachedTokens());
  Headers second{{"X-Organization-Id", std::to_string(*other)}};
  ASSERT_EQ(client_->Post("/v1/suppliers", R"({"name":"In second"})", second).status, 201);
  EXPECT_EQ(Count("suppliers", second), 1);
  EXPECT_EQ(Count("suppliers"), 0);  // the default organization is untouched
  auto strangers = OtherOrganization();
  (void)strangers;
  auto foreign = client_->Get("/v1/suppliers", {{"X-Organization-Id", std::to_string(*other + 1)}});
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(client_->Get("/v1/suppliers", {{"X-Organization-Id", "x"}}).status, 404);
}

}  // namespace
}  // namespace supplyhub::testing
