#include "features/resources/resource_handlers.h"

#include <charconv>

#include "features/resources/pagination.h"
#include "http/envelope.h"
#include "http/query_string.h"
#include "schema/routes.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using schema::Mode;
using schema::RouteKind;

Result<int64_t> PathId(const schema::Resource& r, std::string_view raw) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size() || id <= 0)
    return Fail(ErrorCode::kNotFound, "No " + r.singular + " with id '" + std::string(raw) + "'");
  return id;
}

Caller CallerOf(const RequestContext& ctx) {
  return {ctx.org_id, ctx.identity ? ctx.identity->user_id : 0, std::string(ctx.request.peer)};
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
  auto id = PathId(s.resource(), ctx.params[0]);
  if (!id) co_return Fail(id.error());
  auto row = co_await s.Get(ctx.org_id, *id);
  if (!row) co_return Fail(row.error());
  co_return http::Success(200, *row);
}

// A write's body: JSON, or a form where the resource takes one (the
// dispatcher has let only those through).
Result<schema::Record> ReadBody(const schema::Resource& r, const schema::Resource& target, const RequestContext& ctx,
                                std::string_view json, Mode mode) {
  if (!r.form_bodies || !http::IsFormContentType(ctx.request.Header("Content-Type")))
    return schema::ValidateObject(target, json, mode);
  auto pairs = http::ParseFormBody(ctx.request.body);
  if (!pairs) return Fail(pairs.error());
  return schema::ValidateForm(target, *pairs, mode);
}

Task<Result<Response>> Create(ResourceService& s, RequestContext& ctx) {
  auto record = ReadBody(s.resource(), s.resource(), ctx, ctx.request.body, Mode::kCreate);
  if (!record) co_return Fail(record.error());
  auto written = co_await s.Create(CallerOf(ctx), std::move(*record));
  if (!written) co_return Fail(written.error());
  Response created = http::Success(written->replayed ? 200 : 201, written->json);
  if (written->replayed) created.AddHeader("Idempotent-Replayed", "true");
  co_return created;
}

Task<Result<Response>> Bulk(ResourceService& s, RequestContext& ctx, Mode mode) {
  auto rows = schema::ValidateArray(s.resource(), ctx.request.body, mode, kMaxBulkRows);
  if (!rows) co_return Fail(rows.error());
  int64_t count = static_cast<int64_t>(rows->size());
  // No co_await inside ?: — GCC 12 miscompiles temporaries there.
  Result<std::string> written;
  if (mode == Mode::kCreate) written = co_await s.BulkCreate(CallerOf(ctx), std::move(*rows));
  else written = co_await s.BulkReplace(CallerOf(ctx), std::move(*rows));
  if (!written) co_return Fail(written.error());
  co_return http::Success(mode == Mode::kCreate ? 201 : 200, *written, "{\"count\":" + std::to_string(count) + "}");
}

// Every other route kind; `route` names the child or action it serves.
Task<Result<Response>> Serve(ResourceService& s, const schema::ResourceRoute& route, RequestContext& ctx) {
  const schema::Resource& r = s.resource();
  const schema::Resource& target = route.child ? *route.child->resource : r;
  Result<std::string> row;
  int status = 200;
  int64_t id = 0, child_id = 0;
  if (!ctx.params.empty()) {
    auto parsed = PathId(r, ctx.params[0]);
    if (!parsed) co_return Fail(parsed.error());
    id = *parsed;
  }
  if (ctx.params.size() > 1) {
    auto parsed = PathId(target, ctx.params[1]);
    if (!parsed) co_return Fail(parsed.error());
    child_id = *parsed;
  }
  Mode mode = route.method == "POST" ? Mode::kCreate : route.method == "PUT" ? Mode::kReplace : Mode::kPatch;
  switch (route.kind) {
    case RouteKind::kList: co_return co_await List(s, ctx);
    case RouteKind::kGet: co_return co_await Get(s, ctx);
    case RouteKind::kCreate: co_return co_await Create(s, ctx);
    case RouteKind::kReplace:
    case RouteKind::kPatch: {
      auto record = ReadBody(r, r, ctx, ctx.request.body, mode);
      if (!record) co_return Fail(record.error());
      row = co_await s.Update(CallerOf(ctx), id, std::move(*record));
      break;
    }
    case RouteKind::kDelete: row = co_await s.Delete(CallerOf(ctx), id); break;
    case RouteKind::kBulkCreate:
    case RouteKind::kBulkReplace: co_return co_await Bulk(s, ctx, mode);
    case RouteKind::kChildList: row = co_await s.ListChildren(ctx.org_id, *route.child, id); break;
    case RouteKind::kChildGet: row = co_await s.GetChild(ctx.org_id, *route.child, id, child_id); break;
    case RouteKind::kChildCreate:
    case RouteKind::kChildReplace:
    case RouteKind::kChildPatch: {
      std::string_view json = ctx.request.body.empty() ? std::string_view("{}") : std::string_view(ctx.request.body);
      auto record = ReadBody(r, target, ctx, json, mode);
      if (!record) co_return Fail(record.error());
      if (route.kind == RouteKind::kChildCreate) {
        row = co_await s.CreateChild(CallerOf(ctx), *route.child, id, std::move(*record));
        status = 201;
      } else {
        row = co_await s.UpdateChild(CallerOf(ctx), *route.child, id, child_id, std::move(*record));
      }
      break;
    }
    case RouteKind::kChildDelete: row = co_await s.DeleteChild(CallerOf(ctx), *route.child, id, child_id); break;
    case RouteKind::kAction: {
      // The action's own fields, and the resource's write inputs (an e-signature).
      schema::Resource body{route.action->name, route.action->name, "", route.action->inputs};
      body.inputs = r.inputs;
      std::string_view json = ctx.request.body.empty() ? std::string_view("{}") : std::string_view(ctx.request.body);
      auto input = schema::ValidateObject(body, json, Mode::kPatch);
      if (!input) co_return Fail(input.error());
      row = co_await s.Act(CallerOf(ctx), id, *route.action, std::move(*input));
      break;
    }
  }
  if (!row) co_return Fail(row.error());
  co_return http::Success(status, *row);
}

}  // namespace

void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services) {
  for (auto& owned : services) {
    ResourceService* s = owned.get();
    for (const schema::ResourceRoute& route : schema::ResourceRoutes(s->resource())) {
      // Every route checks read:<name> or write:<name>; bodies are JSON.
      // Bodies of actions and of new children are optional (seed 002 adds an
      // inspection sample with no body); when sent they are still JSON-validated.
      bool optional_body = route.kind == schema::RouteKind::kAction || route.kind == schema::RouteKind::kChildCreate;
      bool body = !optional_body && (route.method == "POST" || route.method == "PUT" || route.method == "PATCH");
      http::RouteOptions options{body, true, route.scope, route.summary};
      options.form_body = body && s->resource().form_bodies && route.kind != schema::RouteKind::kBulkCreate &&
                          route.kind != schema::RouteKind::kBulkReplace;
      // The hot routes get small coroutines of their own: Serve's frame holds
      // every kind's locals (measured: get by id 27k -> 41k req/s).
      http::Handler handler = [s, route](RequestContext& c) { return Serve(*s, route, c); };
      if (route.kind == schema::RouteKind::kList) handler = [s](RequestContext& c) { return List(*s, c); };
      if (route.kind == schema::RouteKind::kGet) handler = [s](RequestContext& c) { return Get(*s, c); };
      if (route.kind == schema::RouteKind::kCreate) handler = [s](RequestContext& c) { return Create(*s, c); };
      if (route.kind == schema::RouteKind::kBulkCreate)
        handler = [s](RequestContext& c) { return Bulk(*s, c, Mode::kCreate); };
      if (route.kind == schema::RouteKind::kBulkReplace)
        handler = [s](RequestContext& c) { return Bulk(*s, c, Mode::kReplace); };
      for (const char* prefix : schema::kRoutePrefixes) router.Add(route.method, prefix + route.path, handler, options);
      if (route.resource->root_alias) router.Add(route.method, route.path, handler, options);  // seed 003: GET /skus
    }
  }
}

}  // namespace supplyhub::features
