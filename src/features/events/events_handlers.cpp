#include "documents/json_schema.h"
#include "features/events/events_handlers.h"

#include <charconv>

#include "core/clock.h"
#include "features/events/event_repository.h"
#include "features/events/event_scope.h"
#include "features/events/log_page.h"
#include "http/envelope.h"
#include "http/path_id.h"
#include "schema/event_types.h"
#include "schema/registry.h"
#include "schema/resource.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

constexpr std::string_view kCursorKind = "events";

// An event as WriteEvent writes it (event_json.h).
constexpr const char* kEventSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"type":{"type":"string"},)"
    R"("sequence":{"type":"integer"},"organization_id":{"type":"integer"},"resource":{"type":"string"},)"
    R"("resource_id":{"type":"integer"},"actor":{"type":["object","null"]},"data":{"type":"object","properties":)"
    R"({"object":{"type":"object"},"changed":{"type":["array","null"],"items":{"type":"string"}}}},)"
    R"("created_at":{"type":"string","format":"date-time"}},"required":["id","type","sequence","data"]})";

std::vector<std::string> SplitCommas(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = s.find(',', i);
    if (end == std::string_view::npos) end = s.size();
    if (end > i) out.emplace_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

// The list filters of the query string (after and per_page are the page's).
Result<EventFilter> ParseFilter(const http::QueryParams& params) {
  EventFilter filter;
  for (const auto& [key, value] : params) {
    if (key == "type") {
      filter.types = SplitCommas(value);
      if (filter.types.empty() || filter.types.size() > 20) return Fail(ErrorCode::kBadRequest, "type takes 1 to 20 patterns");
      for (const auto& p : filter.types)
        if (!schema::IsEventPattern(p))
          return Fail(ErrorCode::kBadRequest, "type '" + p + "' names no event type (see GET /v1/event_types; "
                                              "patterns: part.created, part.*, *)");
    } else if (key == "resource") {
      const schema::Resource* r = schema::FindResource(value);
      if (!r) return Fail(ErrorCode::kBadRequest, "resource '" + value + "' is not a resource");
      filter.resource = r->name;
    } else if (key == "resource_id") {
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), filter.resource_id);
      if (ec != std::errc() || p != value.data() + value.size() || filter.resource_id <= 0)
        return Fail(ErrorCode::kBadRequest, "resource_id must be a positive integer");
    } else if (key == "since") {
      filter.since = ParseTimestamp(value);
      if (!filter.since) return Fail(ErrorCode::kBadRequest, "since must be an RFC 3339 time or unix seconds");
    } else if (key != "after" && key != "per_page" && key != "limit") {
      return Fail(ErrorCode::kBadRequest, "Unknown parameter '" + key + "' (type, resource, resource_id, since, "
                                          "after, per_page)");
    }
  }
  return filter;
}

Task<Result<Response>> List(storage::Database& db, RequestContext& c) {
  auto params = http::ParseQuery(c.request.query);
  if (!params) co_return Fail(params.error());
  auto page = LogPage::Parse(*params, kCursorKind);
  if (!page) co_return Fail(page.error());
  auto filter = ParseFilter(*params);
  if (!filter) co_return Fail(filter.error());
  filter->readable = ReadableEventResources(*c.identity);
  JsonWriter w(8192);
  w.StartArray();
  EventRows got;
  auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto listed = co_await ListEvents(tx, c.org_id, *filter, page->after, page->per_page + 1, page->per_page, w);
    if (!listed) co_return Fail(listed.error());
    got = *listed;
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return http::Success(200, w.View(), page->Meta(got.rows, got.last_seq, kCursorKind));
}

Task<Result<Response>> Get(storage::Database& db, RequestContext& c) {
  auto id = http::PathId(c.params[0], "event");
  if (!id) co_return Fail(id.error());
  const auto readable = ReadableEventResources(*c.identity);
  JsonWriter w;
  bool found = false;
  auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto got = co_await GetEvent(tx, c.org_id, *id, readable, w);
    if (!got) co_return Fail(got.error());
    found = *got;
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!found) co_return Fail(ErrorCode::kNotFound, "No event with id " + std::to_string(*id));
  co_return http::Success(200, w.View());
}

}  // namespace

void AddEventRoutes(http::Router& router, storage::Database& db) {
  http::RouteOptions list{false, true, "read:events", "Events of this organization, oldest first (cursor pages)"};
  list.response_schema = documents::EnvelopeSchema(kEventSchema, true);
  http::RouteOptions one{false, true, "read:events", "One event"};
  one.response_schema = documents::EnvelopeSchema(kEventSchema);
  http::RouteOptions types{false, true, "read:events", "Every event type, with the resource its data.object is"};
  types.response_schema = documents::EnvelopeSchema(
      R"({"type":"object","properties":{"type":{"type":"string"},"description":{"type":"string"},)"
      R"("resource":{"type":["string","null"]}},"required":["type","description","resource"]})", true);
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("GET", prefix + "/events", [&db](RequestContext& c) { return List(db, c); }, list);
    router.Add("GET", prefix + "/events/{id}", [&db](RequestContext& c) { return Get(db, c); }, one);
    router.Add("GET", prefix + "/event_types", [](RequestContext&) -> Task<Result<Response>> {
      JsonWriter w;
      w.StartArray();
      for (const auto& t : schema::EventCatalogue()) {
        w.StartObject().Key("type").String(t.type).Key("description").String(t.description);
        w.Key("resource");
        if (t.resource) w.String(t.resource->name);
        else w.Null();
        w.EndObject();
      }
      w.EndArray();
      co_return http::Success(200, w.View());
    }, types);
  }
}

}  // namespace supplyhub::features
