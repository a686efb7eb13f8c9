// OAuth 2.0 (seeds 001 and 003): partner apps, the token endpoint's grants,
// refresh policies, revocation, introspection and metadata.
#include "support/oauth_flow.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class OAuthTest : public ServerTest {
 protected:
  nlohmann::json Register(const std::string& extra = "") {
    auto r = client_->Post("/v1/oauth/clients",
                           R"({"name":"Dropship Sync","company":"Acme","purpose":"orders",)"
                           R"("redirect_uris":["https://app.example.com/cb"],)"
                           R"("scopes":["read:parts","write:parts","offline_access"],)"
                           R"("grant_types":["password","client_credentials","refresh_token","authorization_code"])" +
                               extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
  HttpResponse Form(const std::string& path, const std::string& body, const Headers& headers = {}) {
    return PostForm(port_, path, body, headers);
  }
};

TEST_F(OAuthTest, PartnerAppsAreRegisteredByOwnersAndAdmins) {
  auto app = Register();
  EXPECT_EQ(app["client_id"].get<std::string>().rfind("shc_", 0), 0u);
  EXPECT_EQ(app["client_secret"].get<std::string>().size(), 43u);
  EXPECT_EQ(app["refresh_policy"], "stable");
  EXPECT_EQ(app["access_token_ttl"], 86400);
  CreateUser("member", "Member-pass-1", org_id_, http::Role::kMember);
  HttpClient m(port_);
  m.SetDefaultHeaders(Bearer(Login("member", "Member-pass-1")));
  EXPECT_EQ(m.Post("/v1/oauth/clients", R"({"name":"x","scopes":["read:parts"],"grant_types":["password"]})").status,
            403);
  auto bad = client_->Post("/v1/oauth/clients",
                           R"({"name":"x","scopes":["read:widgets"],"grant_types":["implicit"],"refresh_policy":"x",)"
                           R"("redirect_uris":["http://evil.example.com"]})");
  ASSERT_EQ(bad.status, 422);
  for (const char* f : {"scopes", "grant_types", "refresh_policy", "redirect_uris"})
    EXPECT_TRUE(bad.Json()["error"]["fields"].contains(f)) << f;
}

TEST_F(OAuthTest, SeedThreePasswordGrantWithJsonAndNoClient) {
  auto r = HttpClient(port_).Post("/oauth/token", R"({"email":"owner@example.com","password":"Owner-pass-1","grant_type":"password"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["expires_in"], 86400);
  EXPECT_TRUE(j["created_at"].is_number_integer());
  EXPECT_FALSE(j.contains("refresh_token"));  // no offline_access asked
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(j["access_token"]));
  EXPECT_EQ(c.Get("/organisations").status, 200);
  EXPECT_EQ(c.Post("/v1/suppliers", R"({"name":"via oauth"})").status, 201);
  auto wrong = HttpClient(port_).Post("/oauth/token", R"({"email":"owner@example.com","password":"nope","grant_type":"password"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.Json()["error"], "invalid_grant");
}

TEST_F(OAuthTest, ClientCredentialsActAsThePartnerWithItsScopesAndLimits) {
  auto app = Register();
  auto r = Form("/oauth/token", "grant_type=client_credentials&scope=read%3Aparts",
                {{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["scope"], "read:parts");
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(r.Json()["access_token"]));
  auto list = c.Get("/v1/parts");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.Header("x-ratelimit-limit"), "10");  // seed 001: sandbox partner pool
  EXPECT_EQ(c.Post("/v1/parts", R"({"name":"x","identification":"x"})").status, 403);
  auto wrong = Form("/oauth/token", "grant_type=client_credentials",
                    {{"Authorization", BasicAuth(app["client_id"], "not-the-secret")}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Json()["error"], "invalid_client");
  EXPECT_EQ(wrong.Header("www-authenticate"), "Basic realm=\"supplyhub\"");
  auto scope = Form("/oauth/token", "grant_type=client_credentials&scope=write%3Asuppliers",
                    {{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}});
  EXPECT_EQ(scope.Json()["error"], "invalid_scope");
}

TEST_F(OAuthTest, StableRefreshTokensNeverChange) {
  auto app = Register();
  std::string body = "grant_type=password&username=owner&password=Owner-pass-1&scope=read%3Aparts+offline_access&client_id=" +
                     app["client_id"].get<std::string>() + "&client_secret=" + app["client_secret"].get<std::string>();
  auto first = Form("/oauth/token", body).Json();
  std::string refresh = first["refresh_token"];
  auto again = Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + refresh,
                    {{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["refresh_token"], refresh);  // seed 001: "This value never changes"
  EXPECT_NE(again.Json()["access_token"], first["access_token"]);
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(again.Json()["access_token"])).status, 200);
}

TEST_F(OAuthTest, RotatingRefreshTokensDetectReuse) {
  auto app = Register(R"(,"refresh_policy":"rotate")");
  Headers auth{{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}};
  auto first = Form("/oauth/token", "grant_type=password&username=owner&password=Owner-pass-1&scope=read%3Aparts+offline_access", auth).Json();
  auto second = Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + first["refresh_token"].get<std::string>(), auth);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_NE(second.Json()["refresh_token"], first["refresh_token"]);
  std::string live_access = second.Json()["access_token"];
  ASSERT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(live_access)).status, 200);
  // The spent token comes back: theft. The whole grant dies.
  auto replay = Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + first["refresh_token"].get<std::string>(), auth);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.Json()["error"], "invalid_grant");
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(live_access)).status, 401);
  EXPECT_EQ(Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + second.Json()["refresh_token"].get<std::string>(), auth)
                .status,
            400);
}

TEST_F(OAuthTest, RevokeAndIntrospect) {
  auto app = Register();
  Headers auth{{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}};
  auto t = Form("/oauth/token", "grant_type=client_credentials&scope=read%3Aparts", auth).Json();
  std::string access = t["access_token"];
  auto info = Form("/oauth/introspect", "token=" + access, auth);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.Json()["active"], true);
  EXPECT_EQ(info.Json()["scope"], "read:parts");
  EXPECT_EQ(info.Json()["username"], "owner");
  EXPECT_EQ(Form("/oauth/introspect", "token=" + access).status, 401);  // introspection needs a client
  EXPECT_EQ(Form("/oauth/revoke", "token=" + access, auth).status, 200);
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(access)).status, 401);
  EXPECT_EQ(Form("/oauth/introspect", "token=" + access, auth).Json()["active"], false);
  EXPECT_EQ(Form("/oauth/revoke", "token=unknown", auth).status, 200);  // RFC 7009
}

TEST_F(OAuthTest, ProtocolErrorsAndMetadata) {
  EXPECT_EQ(Form("/oauth/token", "").Json()["error"], "invalid_request");
  EXPECT_EQ(Form("/oauth/token", "grant_type=implicit").Json()["error"], "unsupported_grant_type");
  EXPECT_EQ(Form("/oauth/token", "grant_type=client_credentials").status, 401);  // no client
  EXPECT_EQ(HttpClient(port_).Send("POST", "/oauth/token", "grant_type=password", {{"Content-Type", "text/plain"}}).Json()["error"],
            "invalid_request");
  auto meta = HttpClient(port_).Get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(meta.status, 200);
  auto m = meta.Json();
  EXPECT_EQ(m["token_endpoint"], m["issuer"].get<std::string>() + "/oauth/token");
  EXPECT_EQ(m["revocation_endpoint"], m["issuer"].get<std::string>() + "/oauth/revoke");
}

}  // namespace
}  // namespace supplyhub::testing

namespace supplyhub::testing {
namespace {

// Drives the HTML pages the way a browser would: GET the login page, post
// the login form, post the consent form, follow nothing (read Location).
class AuthorizeFlowTest : public OAuthTest {
 protected:
  std::string AuthorizeQuery(const nlohmann::json& app, const std::string& extra) {
    return "/oauth/authorize?response_type=code&client_id=" + app["client_id"].get<std::string>() +
           "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=read%3Aparts+offline_access&state=xyz%3C1" + extra;
  }
  // Posts login then consent; returns the redirect Location.
  std::string Approve(const nlohmann::json& app, const std::string& form_extra, const std::string& decision = "approve") {
    std::string base = "response_type=code&client_id=" + app["client_id"].get<std::string>() +
                       "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=read%3Aparts+offline_access&state=xyz%3C1" +
                       form_extra;
    return AuthorizeWithConsent(port_, base, "owner", "Owner-pass-1", decision);
  }
  static std::string Param(const std::string& location, const std::string& name) { return QueryParam(location, name); }
};

TEST_F(AuthorizeFlowTest, LoginConsentCodeAndTokensWithPkce) {
  auto app = Register();
  auto page = HttpClient(port_).Get(AuthorizeQuery(app, "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("name=\"username\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"password\""), std::string::npos);
  EXPECT_NE(page.body.find("xyz&lt;1"), std::string::npos);  // state is carried, escaped
  EXPECT_EQ(page.Header("x-frame-options"), "DENY");

  std::string pkce = "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
  std::string location = Approve(app, pkce);
  ASSERT_EQ(location.rfind("https://app.example.com/cb?code=", 0), 0u) << location;
  EXPECT_EQ(Param(location, "state"), "xyz%3C1");  // returned untouched
  std::string code = Param(location, "code");
  Headers auth{{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}};
  std::string redirect = "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb";
  // The RFC 7636 appendix B verifier for that challenge.
  std::string verifier = "&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  EXPECT_EQ(Form("/oauth/token", "grant_type=authorization_code&code=" + code + redirect + "&code_verifier=wrong", auth)
                .Json()["error"],
            "invalid_grant");
  auto tokens = Form("/oauth/token", "grant_type=authorization_code&code=" + code + redirect + verifier, auth);
  EXPECT_EQ(tokens.status, 400) << tokens.body;  // codes are claimed on first presentation, right or wrong

  // A fresh code, presented correctly, works once.
  code = Param(Approve(app, pkce), "code");
  tokens = Form("/oauth/token", "grant_type=authorization_code&code=" + code + redirect + verifier, auth);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  std::string access = tokens.Json()["access_token"];
  EXPECT_FALSE(tokens.Json()["refresh_token"].get<std::string>().empty());
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(access)).status, 200);
  // Second use: refused, and what the first use issued is revoked.
  auto again = Form("/oauth/token", "grant_type=authorization_code&code=" + code + redirect + verifier, auth);
  EXPECT_EQ(again.Json()["error"], "invalid_grant");
  EXPECT_EQ(HttpClient(port_).Get("/v1/parts", Bearer(access)).status, 401);
}

TEST_F(AuthorizeFlowTest, RedirectUriMustMatchExactly) {
  auto app = Register();
  auto bad = HttpClient(port_).Get("/oauth/authorize?response_type=code&client_id=" + app["client_id"].get<std::string>() +
                                   "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%2Fevil");
  EXPECT_EQ(bad.status, 400);  // shown, never redirected to an unregistered URI
  EXPECT_TRUE(bad.Header("location").empty());
  std::string code = Param(Approve(app, ""), "code");
  auto tokens = Form("/oauth/token", "grant_type=authorization_code&code=" + code +
                                         "&redirect_uri=https%3A%2F%2Fother.example.com%2Fcb",
                     {{"Authorization", BasicAuth(app["client_id"], app["client_secret"])}});
  EXPECT_EQ(tokens.Json()["error"], "invalid_grant");
}

TEST_F(AuthorizeFlowTest, DenyAndBadRequestsRedirectWithErrors) {
  auto app = Register();
  std::string denied = Approve(app, "", "deny");
  EXPECT_EQ(Param(denied, "error"), "access_denied");
  EXPECT_EQ(Param(denied, "state"), "xyz%3C1");
  auto wrong_type = HttpClient(port_).Get(AuthorizeQuery(app, "").replace(24, 4, "token"));
  EXPECT_EQ(wrong_type.status, 302);
  EXPECT_EQ(Param(wrong_type.Header("location"), "error"), "unsupported_response_type");
  auto scope = HttpClient(port_).Get("/oauth/authorize?response_type=code&client_id=" + app["client_id"].get<std::string>() +
                                     "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=write%3Asuppliers&state=s");
  EXPECT_EQ(Param(scope.Header("location"), "error"), "invalid_scope");
  auto wrong_password = Form("/oauth/authorize", "response_type=code&client_id=" + app["client_id"].get<std::string>() +
                                                     "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&username=owner&password=nope");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_NE(wrong_password.body.find("Invalid username or password"), std::string::npos);
  auto forged = Form("/oauth/authorize", "response_type=code&client_id=" + app["client_id"].get<std::string>() +
                                             "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&login_ticket=forged&decision=approve");
  EXPECT_EQ(forged.status, 401);  // no valid login: back to the login page
}

TEST_F(AuthorizeFlowTest, PublicClientsMustUsePkce) {
  auto r = client_->Post("/v1/oauth/clients",
                         R"({"name":"SPA","token_endpoint_auth_method":"none","redirect_uris":["https://app.example.com/cb"],)"
                         R"("scopes":["read:parts"],"grant_types":["authorization_code","client_credentials"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto app = r.Json()["data"];
  EXPECT_FALSE(app.contains("client_secret"));
  auto no_pkce = HttpClient(port_).Get("/oauth/authorize?response_type=code&client_id=" + app["client_id"].get<std::string>() +
                                       "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=read%3Aparts");
  EXPECT_EQ(Param(no_pkce.Header("location"), "error"), "invalid_request");
  EXPECT_EQ(Form("/oauth/token", "grant_type=client_credentials&client_id=" + app["client_id"].get<std::string>()).Json()["error"],
            "unauthorized_client");
}

}  // namespace
}  // namespace supplyhub::testing
