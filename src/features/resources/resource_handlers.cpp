#include "features/resources/resource_handlers.h"

#include <charconv>

#include "features/resources/pagination.h"
#include "http/envelope.h"
#include "http/query_string.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

Result<int64_t> PathId(const ResourceService& s, std::string_view raw) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size() || id <= 0)
    return Fail(ErrorCode::kNotFound, "No " + s.resource().singular + " with id '" + std::string(raw) + "'");
  return id;
}

Task<Result<Response>> List(ResourceService& s, RequestContext& ctx) {
  auto params = http::ParseQuery(ctx.request.query);
  if (!params) co_return Fail(params.error());
  auto query = ParseListQuery(s.resource(), *params);
  if (!query) co_return Fail(query.error());
  PageInfo info{query->page, query->per_page, 0, 0};
  auto page = co_await s.List(ctx.org_id, std::move(*query));
  if (!page) co_return Fail(page.error());
  info.total = page->total;
  info.rows = page->rows;
  Response r = http::Success(200, page->data_json, PageMeta(info));
  r.AddHeader("Link", PageLinks(ctx.request, *params, info));
  co_return r;
}

Task<Result<Response>> Get(ResourceService& s, RequestContext& ctx) {
  auto id = PathId(s, ctx.params[0]);
  if (!id) co_return Fail(id.error());
  auto row = co_await s.Get(ctx.org_id, *id);
  if (!row) co_return Fail(row.error());
  co_return http::Success(200, *row);
}

Task<Result<Response>> Create(ResourceService& s, RequestContext& ctx) {
  auto record = schema::ValidateObject(s.resource(), ctx.request.body, schema::Mode::kCreate);
  if (!record) co_return Fail(record.error());
  auto row = co_await s.Create(ctx.org_id, std::move(*record));
  if (!row) co_return Fail(row.error());
  co_return http::Success(201, *row);
}

Task<Result<Response>> Update(ResourceService& s, RequestContext& ctx, schema::Mode mode) {
  auto id = PathId(s, ctx.params[0]);
  if (!id) co_return Fail(id.error());
  auto record = schema::ValidateObject(s.resource(), ctx.request.body, mode);
  if (!record) co_return Fail(record.error());
  auto row = co_await s.Update(ctx.org_id, *id, std::move(*record), mode);
  if (!row) co_return Fail(row.error());
  co_return http::Success(200, *row);
}

Task<Result<Response>> Delete(ResourceService& s, RequestContext& ctx) {
  auto id = PathId(s, ctx.params[0]);
  if (!id) co_return Fail(id.error());
  auto row = co_await s.Delete(ctx.org_id, *id);
  if (!row) co_return Fail(row.error());
  co_return http::Success(200, *row);
}

Task<Result<Response>> Bulk(ResourceService& s, RequestContext& ctx, schema::Mode mode) {
  auto rows = schema::ValidateArray(s.resource(), ctx.request.body, mode, kMaxBulkRows);
  if (!rows) co_return Fail(rows.error());
  int64_t count = static_cast<int64_t>(rows->size());
  // No co_await inside ?: — GCC 12 miscompiles temporaries there.
  Result<std::string> written;
  if (mode == schema::Mode::kCreate) written = co_await s.BulkCreate(ctx.org_id, std::move(*rows));
  else written = co_await s.BulkReplace(ctx.org_id, std::move(*rows));
  if (!written) co_return Fail(written.error());
  co_return http::Success(mode == schema::Mode::kCreate ? 201 : 200, *written,
                          "{\"count\":" + std::to_string(count) + "}");
}

}  // namespace

void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services) {
  for (auto& owned : services) {
    ResourceService* s = owned.get();
    const auto& r = s->resource();
    // Every route checks read:<name> or write:<name>.
    http::RouteOptions read{false, true, "read:" + r.name, ""};
    http::RouteOptions write{true, true, "write:" + r.name, ""};
    http::RouteOptions remove{false, true, "write:" + r.name, ""};
    for (std::string prefix : {"/v1/", "/api/v1/"}) {
      std::string base = prefix + r.name;
      router.Add("GET", base, [s](RequestContext& c) { return List(*s, c); }, read);
      router.Add("POST", base, [s](RequestContext& c) { return Create(*s, c); }, write);
      router.Add("GET", base + "/{id}", [s](RequestContext& c) { return Get(*s, c); }, read);
      router.Add("PUT", base + "/{id}", [s](RequestContext& c) { return Update(*s, c, schema::Mode::kReplace); }, write);
      router.Add("PATCH", base + "/{id}", [s](RequestContext& c) { return Update(*s, c, schema::Mode::kPatch); }, write);
      router.Add("DELETE", base + "/{id}", [s](RequestContext& c) { return Delete(*s, c); }, remove);
      if (r.bulk) {
        router.Add("POST", base + "/bulk", [s](RequestContext& c) { return Bulk(*s, c, schema::Mode::kCreate); }, write);
        router.Add("PUT", base + "/bulk", [s](RequestContext& c) { return Bulk(*s, c, schema::Mode::kReplace); }, write);
      }
    }
  }
}

}  // namespace supplyhub::features
