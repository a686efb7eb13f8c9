#include "http/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supplyhub::http {
namespace {

using Params = std::vector<std::string_view>;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* m : {"GET", "POST"}) router_.Add(m, "/v1/parts", nullptr);
    for (const char* m : {"GET", "PUT", "PATCH", "DELETE"}) router_.Add(m, "/v1/parts/{id}", nullptr);
    for (const char* m : {"POST", "PUT"}) router_.Add(m, "/v1/parts/bulk", nullptr);
    router_.Add("GET", "/v1/orgs/{org}/members/{user}", nullptr);
    router_.Add("GET", "/v1/status", nullptr, RouteOptions{false, false, "", "System status"});
    router_.Add("GET", "/", nullptr);
  }

  // "METHOD pattern" of the matched route, or "" when none.
  std::string Matched(std::string_view method, std::string_view path) const {
    RouteMatch m = router_.Match(method, path);
    return m.route ? m.route->method + " " + m.route->pattern : "";
  }

  Router router_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  EXPECT_EQ(Matched("GET", "/v1/parts"), "GET /v1/parts");
  EXPECT_EQ(Matched("POST", "/v1/parts"), "POST /v1/parts");
  RouteMatch m = router_.Match("GET", "/v1/status");
  ASSERT_NE(m.route, nullptr);
  EXPECT_TRUE(m.params.empty());
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_EQ(m.route->options.summary, "System status");
  EXPECT_FALSE(m.route->options.authenticated);
}

TEST_F(RouterTest, RootPath) { EXPECT_EQ(Matched("GET", "/"), "GET /"); }

TEST_F(RouterTest, CapturesAPlaceholder) {
  RouteMatch m = router_.Match("PATCH", "/v1/parts/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/v1/parts/{id}");
  EXPECT_EQ(m.route->method, "PATCH");
  EXPECT_EQ(m.params, (Params{"42"}));
}

TEST_F(RouterTest, CapturesParamsInOrder) {
  RouteMatch m = router_.Match("GET", "/v1/orgs/7/members/alice");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/v1/orgs/{org}/members/{user}");
  EXPECT_EQ(m.params, (Params{"7", "alice"}));
}

TEST_F(RouterTest, ParamsAreViewsIntoThePath) {
  std::string path = "/v1/parts/abc";
  RouteMatch m = router_.Match("GET", path);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].data(), path.data() + 10);
}

TEST_F(RouterTest, LiteralBeatsPlaceholder) {
  RouteMatch bulk = router_.Match("POST", "/v1/parts/bulk");
  ASSERT_NE(bulk.route, nullptr);
  EXPECT_EQ(bulk.route->pattern, "/v1/parts/bulk");
  EXPECT_TRUE(bulk.params.empty());
  EXPECT_EQ(Matched("PUT", "/v1/parts/bulk"), "PUT /v1/parts/bulk");
  EXPECT_EQ(Matched("PUT", "/v1/parts/bulky"), "PUT /v1/parts/{id}");
}

TEST_F(RouterTest, LiteralSegmentDoesNotFallBackToThePlaceholderForOtherMethods) {
  // GET /v1/parts/bulk is the bulk path, answered 405, not "part with id bulk".
  RouteMatch m = router_.Match("GET", "/v1/parts/bulk");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"POST", "PUT"}));
}

TEST_F(RouterTest, MethodNotAllowedListsTheMethodsOfThePath) {
  RouteMatch m = router_.Match("DELETE", "/v1/parts");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
  RouteMatch id = router_.Match("POST", "/v1/parts/9");
  EXPECT_EQ(id.route, nullptr);
  EXPECT_EQ(id.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "PATCH", "PUT"}));
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  RouteMatch m = router_.Match("get", "/v1/parts");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods.size(), 2u);
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  for (const char* path : {"/v2/parts", "/v1/partz", "/v1/parts/1/extra", "/v1", "/v1/orgs/7", "/v1/orgs/7/members",
                           "/nothing"}) {
    RouteMatch m = router_.Match("GET", path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_TRUE(m.allowed_methods.empty()) << path;
    EXPECT_TRUE(m.params.empty()) << path;
  }
}

TEST_F(RouterTest, IgnoresEmptySegmentsAndTrailingSlashes) {
  EXPECT_EQ(Matched("GET", "/v1/parts/"), "GET /v1/parts");
  EXPECT_EQ(Matched("GET", "//v1//parts"), "GET /v1/parts");
  EXPECT_EQ(Matched("GET", "v1/parts"), "GET /v1/parts");
  RouteMatch m = router_.Match("GET", "/v1/parts/5/");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params, (Params{"5"}));
  EXPECT_EQ(Matched("GET", ""), "GET /");
}

TEST_F(RouterTest, RoutesKeepRegistrationOrderAndIds) {
  const auto& routes = router_.routes();
  ASSERT_EQ(routes.size(), 11u);
  for (size_t i = 0; i < routes.size(); ++i) EXPECT_EQ(routes[i]->id, static_cast<int>(i));
  EXPECT_EQ(routes[0]->pattern, "/v1/parts");
  EXPECT_EQ(router_.Match("GET", "/v1/parts/1").route, routes[2].get());
}

TEST(RouterStandaloneTest, EmptyRouterMatchesNothing) {
  Router r;
  RouteMatch m = r.Match("GET", "/");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
}

TEST(RouterStandaloneTest, ReRegisteringAMethodReplacesTheRoute) {
  Router r;
  r.Add("GET", "/a/{x}", nullptr);
  r.Add("GET", "/a/{y}", nullptr);
  RouteMatch m = r.Match("GET", "/a/1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/a/{y}");
}

}  // namespace
}  // namespace supplyhub::http
