#include "features/resources/resource_handlers.h"

#include <charconv>

#include "features/events/actor.h"
#include "http/pagination.h"
#include "http/envelope.h"
#include "http/etag.h"
#include "http/query_string.h"
#include "schema/routes.h"
#include "http/path_id.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using schema::Mode;
using schema::RouteKind;
using Recorder = IdempotencyStore::Recorder;

Caller CallerOf(const RequestContext& ctx) {
  Caller caller{ctx.org_id, ctx.identity ? ctx.identity->user_id : 0, std::string(ctx.request.peer)};
  caller.actor = ActorJson(ctx.identity);
  return caller;
}

// If-Match / If-None-Match, when sent.
Result<std::optional<http::EntityTags>> Conditional(const http::Request& request, std::string_view name) {
  auto header = request.FindHeader(name);
  if (!header) return std::optional<http::EntityTags>{};
  auto tags = http::ParseEntityTags(*header, name);
  if (!tags) return Fail(tags.error());
  return std::optional<http::EntityTags>(std::move(*tags));
}

// The answer to a write or read of one row: its JSON and its ETag.
Response RowAnswer(int status, std::string_view row) {
  Response r = http::Success(status, row);
  r.AddHeader("ETag", http::ETagOf(row));
  return r;
}

// A read of one row: 304 without a body when If-None-Match names its ETag.
Response ReadAnswer(std::string_view row, const std::optional<http::EntityTags>& if_none_match) {
  std::string etag = http::ETagOf(row);
  if (if_none_match && if_none_match->MatchesWeakly(etag)) {
    Response r;
    r.status = 304;
    r.content_type.clear();
    r.AddHeader("ETag", std::move(etag));
    return r;
  }
  Response r = http::Success(200, row);
  r.AddHeader("ETag", std::move(etag));
  return r;
}

Task<Result<Response>> List(ResourceService& s, RequestContext& ctx) {
  auto params = http::ParseQuery(ctx.request.query);
  if (!params) co_return Fail(params.error());
  auto query = ParseListQuery(s.resource(), *params);
  if (!query) co_return Fail(query.error());
  http::PageInfo info{query->page, query->per_page, 0, 0};
  info.keyset = query->keyset;
  auto page = co_await s.List(ctx.org_id, std::move(*query));
  if (!page) co_return Fail(page.error());
  info.total = page->total;
  info.rows = page->rows;
  info.counted = page->counted;
  info.next_cursor = std::move(page->next_cursor);
  Response r = http::Success(200, page->data_json, http::PageMeta(info));
  r.AddHeader("Link", http::PageLinks(ctx.request, *params, info));
  co_return r;
}

Task<Result<Response>> Get(ResourceService& s, RequestContext& ctx) {
  auto id = http::PathId(ctx.params[0], s.resource().singular);
  if (!id) co_return Fail(id.error());
  auto if_none_match = Conditional(ctx.request, "If-None-Match");
  if (!if_none_match) co_return Fail(if_none_match.error());
  auto row = co_await s.Get(ctx.org_id, *id);
  if (!row) co_return Fail(row.error());
  co_return ReadAnswer(*row, *if_none_match);
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

// The caller of a POST, with its Idempotency-Key's recorder (null: no key)
// told how the handler answers.
Caller Poster(const RequestContext& ctx, Recorder* key, std::function<Response(std::string_view)> answer) {
  Caller caller = CallerOf(ctx);
  if (key) {
    key->answer = std::move(answer);
    caller.hook = key;
  }
  return caller;
}

Task<Result<Response>> Create(ResourceService& s, RequestContext& ctx, Recorder* key) {
  auto record = ReadBody(s.resource(), s.resource(), ctx, ctx.request.body, Mode::kCreate);
  if (!record) co_return Fail(record.error());
  auto written = co_await s.Create(Poster(ctx, key, [](std::string_view row) { return RowAnswer(201, row); }),
                                   std::move(*record));
  if (!written) co_return Fail(written.error());
  if (!written->replayed) co_return RowAnswer(201, written->json);
  Response replayed = RowAnswer(200, written->json);  // the same idempotency_key field again
  MarkReplayed(replayed);
  co_return replayed;
}

Task<Result<Response>> Bulk(ResourceService& s, RequestContext& ctx, Mode mode, Recorder* key) {
  auto rows = schema::ValidateArray(s.resource(), ctx.request.body, mode, kMaxBulkRows);
  if (!rows) co_return Fail(rows.error());
  std::string meta = "{\"count\":" + std::to_string(rows->size()) + "}";
  int status = mode == Mode::kCreate ? 201 : 200;
  auto answer = [status, meta](std::string_view data) { return http::Success(status, data, meta); };
  Caller caller = Poster(ctx, key, answer);
  // No co_await inside ?: — GCC 12 miscompiles temporaries there.
  Result<std::string> written;
  if (mode == Mode::kCreate) written = co_await s.BulkCreate(std::move(caller), std::move(*rows));
  else written = co_await s.BulkReplace(std::move(caller), std::move(*rows));
  if (!written) co_return Fail(written.error());
  co_return answer(*written);
}

// Every other route kind; `route` names the child or action it serves.
Task<Result<Response>> Serve(ResourceService& s, const schema::ResourceRoute& route, RequestContext& ctx,
                             Recorder* key) {
  const schema::Resource& r = s.resource();
  const schema::Resource& target = route.child ? *route.child->resource : r;
  Result<std::string> row;
  int status = route.kind == RouteKind::kChildCreate ? 201 : 200;
  // Rows read or written answer with their ETag; deletes and child lists do not.
  bool tagged = route.kind != RouteKind::kDelete && route.kind != RouteKind::kChildDelete &&
                route.kind != RouteKind::kChildList;
  auto answer = [status, tagged](std::string_view data) {
    return tagged ? RowAnswer(status, data) : http::Success(status, data);
  };
  auto if_match = Conditional(ctx.request, "If-Match");
  if (!if_match) co_return Fail(if_match.error());
  Caller caller = Poster(ctx, key, answer);
  if (*if_match) caller.if_match = &**if_match;
  int64_t id = 0, child_id = 0;
  if (!ctx.params.empty()) {
    auto parsed = http::PathId(ctx.params[0], r.singular);
    if (!parsed) co_return Fail(parsed.error());
    id = *parsed;
  }
  if (ctx.params.size() > 1) {
    auto parsed = http::PathId(ctx.params[1], target.singular);
    if (!parsed) co_return Fail(parsed.error());
    child_id = *parsed;
  }
  Mode mode = route.method == "POST" ? Mode::kCreate : route.method == "PUT" ? Mode::kReplace : Mode::kPatch;
  switch (route.kind) {
    case RouteKind::kList: co_return co_await List(s, ctx);
    case RouteKind::kGet: co_return co_await Get(s, ctx);
    case RouteKind::kCreate: co_return co_await Create(s, ctx, key);
    case RouteKind::kReplace:
    case RouteKind::kPatch: {
      auto record = ReadBody(r, r, ctx, ctx.request.body, mode);
      if (!record) co_return Fail(record.error());
      row = co_await s.Update(caller, id, std::move(*record));
      break;
    }
    case RouteKind::kDelete: row = co_await s.Delete(caller, id); break;
    case RouteKind::kBulkCreate:
    case RouteKind::kBulkReplace: co_return co_await Bulk(s, ctx, mode, key);
    case RouteKind::kChildList: row = co_await s.ListChildren(ctx.org_id, *route.child, id); break;
    case RouteKind::kChildGet: {
      auto if_none_match = Conditional(ctx.request, "If-None-Match");
      if (!if_none_match) co_return Fail(if_none_match.error());
      row = co_await s.GetChild(ctx.org_id, *route.child, id, child_id);
      if (!row) co_return Fail(row.error());
      co_return ReadAnswer(*row, *if_none_match);
    }
    case RouteKind::kChildCreate:
    case RouteKind::kChildReplace:
    case RouteKind::kChildPatch: {
      std::string_view json = ctx.request.body.empty() ? std::string_view("{}") : std::string_view(ctx.request.body);
      auto record = ReadBody(r, target, ctx, json, mode);
      if (!record) co_return Fail(record.error());
      if (route.kind == RouteKind::kChildCreate) row = co_await s.CreateChild(caller, *route.child, id, std::move(*record));
      else row = co_await s.UpdateChild(caller, *route.child, id, child_id, std::move(*record));
      break;
    }
    case RouteKind::kChildDelete: row = co_await s.DeleteChild(caller, *route.child, id, child_id); break;
    case RouteKind::kAction: {
      // The action's own fields, and the resource's write inputs (an e-signature).
      schema::Resource body{route.action->name, route.action->name, "", route.action->inputs};
      body.inputs = r.inputs;
      std::string_view json = ctx.request.body.empty() ? std::string_view("{}") : std::string_view(ctx.request.body);
      auto input = schema::ValidateObject(body, json, Mode::kPatch);
      if (!input) co_return Fail(input.error());
      row = co_await s.Act(caller, id, *route.action, std::move(*input));
      break;
    }
  }
  if (!row) co_return Fail(row.error());
  co_return answer(*row);
}

using KeyedHandler = std::function<Task<Result<Response>>(RequestContext&, Recorder*)>;

// A POST with an Idempotency-Key: the stored answer when there is one, else
// the handler with a recorder joining its write (see idempotency.h).
Task<Result<Response>> WithIdempotencyKey(IdempotencyStore& store, RequestContext& ctx, std::string_view header,
                                          const KeyedHandler& handler) {
  auto key = IdempotencyStore::ParseKey(header);
  if (!key) co_return Fail(key.error());
  KeyScope scope{ctx.org_id, ctx.identity ? ctx.identity->user_id : 0, ctx.identity ? ctx.identity->family : 0};
  std::string fingerprint = IdempotencyStore::Fingerprint(ctx.request);
  auto claim = store.Begin(scope, *key, fingerprint);
  if (!claim) co_return Fail(claim.error());
  auto stored = co_await store.Replay(scope, *key, fingerprint);
  if (!stored) co_return Fail(stored.error());
  if (*stored) co_return std::move(**stored);
  Recorder recorder(store, scope, *key, fingerprint);
  auto result = co_await handler(ctx, &recorder);
  if (result || !recorder.raced()) co_return result;
  // Another node's request with this key committed first: its answer.
  auto theirs = co_await store.Replay(scope, *key, fingerprint);
  if (!theirs) co_return Fail(theirs.error());
  if (!*theirs) co_return result;
  co_return std::move(**theirs);
}

}  // namespace

void AddResourceRoutes(http::Router& router, std::vector<std::unique_ptr<ResourceService>>& services,
                       IdempotencyStore& keys) {
  // Every POST takes an Idempotency-Key; without one it goes straight to its handler.
  auto keyed = [store = &keys](KeyedHandler handler) -> http::Handler {
    return [store, handler = std::move(handler)](RequestContext& c) -> Task<Result<Response>> {
      auto header = c.request.FindHeader("Idempotency-Key");
      if (!header) return handler(c, nullptr);
      return WithIdempotencyKey(*store, c, *header, handler);
    };
  };
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
      http::Handler handler = [s, route](RequestContext& c) { return Serve(*s, route, c, nullptr); };
      if (route.method == "POST") handler = keyed([s, route](RequestContext& c, Recorder* k) { return Serve(*s, route, c, k); });
      if (route.kind == schema::RouteKind::kList) handler = [s](RequestContext& c) { return List(*s, c); };
      if (route.kind == schema::RouteKind::kGet) handler = [s](RequestContext& c) { return Get(*s, c); };
      if (route.kind == schema::RouteKind::kCreate)
        handler = keyed([s](RequestContext& c, Recorder* k) { return Create(*s, c, k); });
      if (route.kind == schema::RouteKind::kBulkCreate)
        handler = keyed([s](RequestContext& c, Recorder* k) { return Bulk(*s, c, Mode::kCreate, k); });
      if (route.kind == schema::RouteKind::kBulkReplace)
        handler = [s](RequestContext& c) { return Bulk(*s, c, Mode::kReplace, nullptr); };
      for (const char* prefix : schema::kRoutePrefixes) router.Add(route.method, prefix + route.path, handler, options);
      if (route.resource->root_alias) router.Add(route.method, route.path, handler, options);  // seed 003: GET /skus
    }
  }
}

}  // namespace supplyhub::features
