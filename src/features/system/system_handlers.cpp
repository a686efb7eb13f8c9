#include "features/system/system_handlers.h"

#include <memory>
#include <set>
#include <vector>

#include "http/envelope.h"
#include "http/metrics.h"
#include "core/json_writer.h"
#include "documents/openapi.h"
#include "documents/postman.h"
#include "schema/resource.h"
#include "schema/routes.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The declared resources document themselves; every other route is listed
// from the router, with its scope, so nothing routed goes undocumented.
std::string OpenApi(const http::Router& router) {
  std::vector<documents::RouteDoc> others;
  std::set<std::string> declared;  // documented from the route table, with schemas
  for (const auto& route : schema::AllResourceRoutes())
    declared.insert(route.method + " " + schema::kRoutePrefixes[0] + route.path);
  for (const auto& route : router.routes()) {
    const std::string& p = route->pattern;
    if (p.rfind("/api/", 0) == 0 || p == "/v1/status") continue;  // aliases; status is described in full
    if (declared.count(route->method + " " + p)) continue;
    const http::RouteOptions& o = route->options;
    others.push_back({route->method, p, o.summary, o.authenticated, o.scope, o.request_schema, o.response_schema,
                      o.success_status});
  }
  return documents::OpenApiDocument(schema::AllResources(), SUPPLYHUB_VERSION, others);
}

// The Postman collection with {{baseUrl}} set to the origin the client asked
// (the configured public URL, else Host), so an import needs no editing.
std::string Postman(const http::Request& request) {
  static constexpr std::string_view kMarker = "@@base-url@@";
  static const std::string document =
      documents::PostmanCollection(schema::AllResources(), SUPPLYHUB_VERSION, kMarker);
  JsonWriter origin;
  origin.String(request.Origin().empty() ? "http://localhost:8080" : request.Origin());
  std::string_view escaped = origin.View().substr(1, origin.View().size() - 2);
  std::string out = document;
  if (size_t at = out.find(kMarker); at != std::string::npos) out.replace(at, kMarker.size(), escaped);
  return out;
}

}  // namespace

void AddSystemRoutes(http::Router& router, storage::Database& db, std::function<bool()> draining) {
  http::RouteOptions open{false, false, "", ""};
  static const std::string kStatus =
      std::string(R"({"status":"success","version":")") + SUPPLYHUB_VERSION + R"(","online":true})";
  for (const char* path : {"/v1/status", "/api/v1/status"}) {
    router.Add("GET", path, [](RequestContext&) -> Task<Result<Response>> { co_return Json(200, kStatus); }, open);
  }
  router.Add("GET", "/healthz", [](RequestContext&) -> Task<Result<Response>> {
    co_return Json(200, R"({"status":"ok"})");
  }, open);
  router.Add("GET", "/readyz", [&db, draining = std::move(draining)](RequestContext&) -> Task<Result<Response>> {
    // Shutting down: tell the load balancer before the listener goes away.
    if (draining()) co_return Json(503, R"({"status":"unavailable","reason":"draining"})");
    auto ready = co_await db.Read([](storage::Transaction& tx) -> Task<Result<void>> {
      auto r = co_await tx.Execute("SELECT 1", {});
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    });
    if (!ready) co_return Json(503, R"({"status":"unavailable","reason":"database"})");
    co_return Json(200, R"({"status":"ready"})");
  }, open);
  router.Add("GET", "/metrics", [&router](RequestContext&) -> Task<Result<Response>> {
    std::vector<std::string> labels;
    for (const auto& route : router.routes())
      labels.push_back("route=\"" + route->pattern + "\",method=\"" + route->method + "\"");
    Response r = Json(200, http::Metrics::Render(labels));
    r.content_type = "text/plain; version=0.0.4";
    co_return r;
  }, open);
  // Built on first use, when every feature has registered its routes.
  for (const char* path : {"/v1/openapi.json", "/api/v1/openapi.json"}) {
    router.Add("GET", path, [&router](RequestContext&) -> Task<Result<Response>> {
      static const std::string document = OpenApi(router);
      co_return Json(200, document);
    }, open);
  }
  for (const char* path : {"/v1/postman.json", "/api/v1/postman.json"}) {
    router.Add("GET", path, [](RequestContext& c) -> Task<Result<Response>> {
      co_return Json(200, Postman(c.request));
    }, open);
  }
}

}  // namespace supplyhub::features
