// Status, health, metrics, OpenAPI, unknown routes, request ids.
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
