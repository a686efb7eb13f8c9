// Status, health, metrics, OpenAPI, unknown routes, request ids.
#include <cctype>
#include <set>

#include "schema/routes.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class SystemTest : public ServerTest {};

TEST_F(SystemTest, StatusAnswersTheSeedShape) {
  for (const char* path : {"/v1/status", "/api/v1/status"}) {
    auto r = client_->Get(path);
    ASSERT_EQ(r.status, 200);
    auto j = r.Json();
    EXPECT_EQ(j["status"], "success");
    EXPECT_EQ(j["online"], true);
    EXPECT_TRUE(j["version"].is_string());
    EXPECT_EQ(r.Header("content-type"), "application/json");
  }
}

TEST_F(SystemTest, HealthAndReadiness) {
  EXPECT_EQ(client_->Get("/healthz").status, 200);
  auto ready = client_->Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.Json()["status"], "ready");
}

TEST_F(SystemTest, MetricsCountRequestsByRouteAndStatus) {
  client_->Get("/v1/status");
  client_->Get("/v1/status");
  client_->Get("/v1/parts/999999");
  client_->Get("/nope");
  auto r = client_->Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find(R"(supplyhub_http_requests_total{route="/v1/status",method="GET",status="200"})"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"(route="/v1/parts/{id}",method="GET",status="404")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(route="unmatched",method="",status="404")"), std::string::npos);
  EXPECT_NE(r.body.find("supplyhub_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(r.body.find("le=\"+Inf\""), std::string::npos);
}

TEST_F(SystemTest, OpenApiIsGeneratedFromDeclarations) {
  auto r = client_->Get("/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto j = r.Json();
  EXPECT_EQ(j["openapi"], "3.1.0");
  for (const char* path : {"/v1/companies", "/v1/suppliers/{id}", "/v1/parts", "/v1/parts/{id}", "/v1/parts/bulk"})
    EXPECT_TRUE(j["paths"].contains(path)) << path;
  EXPECT_FALSE(j["paths"].contains("/v1/suppliers/bulk"));  // only declared bulk resources
  auto unit_type = j["components"]["schemas"]["PartInput"]["properties"]["unit_type"]["enum"];
  EXPECT_NE(std::find(unit_type.begin(), unit_type.end(), "Volume"), unit_type.end());
}

TEST_F(SystemTest, OpenApiListsEveryOtherRouteWithItsSecurity) {
  auto j = client_->Get("/v1/openapi.json").Json();
  for (const char* path : {"/v1/auth/login", "/v1/auth/refresh", "/v1/auth/logout", "/v1/organizations",
                           "/v1/organizations/{id}/members", "/v1/users", "/v1/tokens", "/v1/tokens/{id}",
                           "/v1/tokenInfo", "/organisations", "/organisations/set_current_org", "/oauth/authorize",
                           "/oauth/token", "/oauth/revoke", "/oauth/introspect", "/v1/oauth/clients",
                           "/.well-known/oauth-authorization-server", "/healthz", "/metrics"})
    EXPECT_TRUE(j["paths"].contains(path)) << path;
  EXPECT_FALSE(j["paths"].contains("/api/v1/tokens"));  // aliases are not repeated
  EXPECT_TRUE(j["paths"]["/v1/auth/login"]["post"]["security"].empty());
  EXPECT_EQ(j["paths"]["/v1/tokens"]["post"]["security"][0].count("bearerAuth"), 1u);
}

// Routes that are not declared resources declare their bodies (RouteOptions),
// so OpenAPI documents every body a route takes, not only the resources'.
TEST_F(SystemTest, EveryRouteThatTakesAJsonBodyDocumentsIt) {
  std::set<std::string> declared;
  for (const auto& route : schema::AllResourceRoutes()) declared.insert(route.method + " /v1" + route.path);
  auto doc = client_->Get("/v1/openapi.json").Json();
  size_t checked = 0;
  for (const auto& route : app_->router().routes()) {
    const std::string& path = route->pattern;
    if (!route->options.json_body || !path.starts_with("/v1/") || declared.count(route->method + " " + path)) continue;
    SCOPED_TRACE(route->method + " " + path);
    ASSERT_FALSE(route->options.request_schema.empty());
    auto body = nlohmann::json::parse(route->options.request_schema, nullptr, false);
    ASSERT_TRUE(body.is_object());
    std::string method = route->method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"], body);
    ++checked;
  }
  EXPECT_GE(checked, 8u);  // login, refresh, organizations, members, users, settings, rate limits, tokens, clients…
  // The answers of the routes moved to handler → service → repository are documented too.
  for (auto [path, method] : {std::pair{"/v1/organizations/{id}/settings", "get"}, {"/v1/organizations/{id}/settings", "put"},
                              {"/v1/organizations/{id}/rate_limits", "put"}, {"/v1/tokens", "get"},
                              {"/v1/events", "get"}, {"/v1/events/{id}", "get"}, {"/v1/event_types", "get"}}) {
    SCOPED_TRACE(std::string(method) + " " + path);
    const auto& responses = doc["paths"][path][method]["responses"];
    ASSERT_TRUE(responses.contains("200"));
    EXPECT_EQ(responses["200"]["content"]["application/json"]["schema"]["properties"]["status"]["const"], "success");
  }
  EXPECT_EQ(doc["paths"]["/v1/tokens"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
               ["properties"]["data"]["required"],
            nlohmann::json::parse(R"(["id","token"])"));
}

// A documented example body is one the route takes.
TEST_F(SystemTest, TheDocumentedTokenExampleIsAccepted) {
  auto doc = client_->Get("/v1/openapi.json").Json();
  auto example = doc["paths"]["/v1/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"]["examples"][0];
  ASSERT_TRUE(example.is_object());
  auto r = client_->Post("/v1/tokens", example.dump());
  EXPECT_EQ(r.status, 201) << r.body;
}

// The collection itself is checked by PostmanTest (unit) and run by newman
// (e2e.postman_newman); here: it is served, needs no token, and its
// {{baseUrl}} is the origin the client asked for.
TEST_F(SystemTest, PostmanCollectionIsServedForTheAskedOrigin) {
  for (const char* path : {"/v1/postman.json", "/api/v1/postman.json"}) {
    auto r = client_->Get(path, {{"Host", "api.example.test:8443"}});
    ASSERT_EQ(r.status, 200) << path;
    auto j = r.Json();
    EXPECT_EQ(j["info"]["schema"], "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
    EXPECT_EQ(j["variable"][0]["key"], "baseUrl");
    EXPECT_EQ(j["variable"][0]["value"], "http://api.example.test:8443");
    EXPECT_EQ(j["auth"]["type"], "bearer");
  }
  auto openapi = client_->Get("/v1/openapi.json").Json();
  EXPECT_TRUE(openapi["paths"].contains("/v1/postman.json"));
}

TEST_F(SystemTest, UnknownRouteIs404WithEnvelope) {
  auto r = client_->Get("/v1/nothing-here");
  ASSERT_EQ(r.status, 404);
  auto j = r.Json();
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_NE(j["message"].get<std::string>().find("/v1/nothing-here"), std::string::npos);
  EXPECT_EQ(j["request_id"], r.Header("x-request-id"));
}

TEST_F(SystemTest, RequestIdIsEchoedWhenSuppliedAndMadeOtherwise) {
  auto mine = client_->Get("/v1/nothing", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(mine.Header("x-request-id"), "abc-123");
  EXPECT_EQ(mine.Json()["request_id"], "abc-123");
  auto made = client_->Get("/v1/status");
  EXPECT_EQ(made.Header("x-request-id").size(), 16u);
  auto other = client_->Get("/v1/status");
  EXPECT_NE(made.Header("x-request-id"), other.Header("x-request-id"));
}

}  // namespace
}  // namespace supplyhub::testing
