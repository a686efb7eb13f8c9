#include "features/events/events_handlers.h"

#include <charconv>

#include "core/clock.h"
#include "features/events/event_json.h"
#include "schema/event_types.h"
#include "features/events/log_page.h"
#include "http/envelope.h"
#include "schema/resource.h"
#include "storage/dialect.h"
#include "http/path_id.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using storage::Value;

constexpr std::string_view kCursorKind = "events";

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

// The WHERE terms of the list filters, after `org_id = $1`.
Result<std::string> Filters(const http::QueryParams& params, std::vector<Value>& args) {
  std::string where;
  auto next = [&args](Value v) {
    args.push_back(std::move(v));
    return storage::Placeholder(args.size());
  };
  for (const auto& [key, value] : params) {
    if (key == "type") {
      auto patterns = SplitCommas(value);
      if (patterns.empty() || patterns.size() > 20) return Fail(ErrorCode::kBadRequest, "type takes 1 to 20 patterns");
      std::string any;
      for (const auto& p : patterns) {
        if (!schema::IsEventPattern(p))
          return Fail(ErrorCode::kBadRequest, "type '" + p + "' names no event type (see GET /v1/event_types; "
                                              "patterns: part.created, part.*, *)");
        if (p == "*") { any = "1 = 1"; break; }
        std::string term = p.ends_with(".*") ? "substr(type, 1, " + std::to_string(p.size() - 1) + ") = " +
                                                   next(p.substr(0, p.size() - 1))
                                             : "type = " + next(p);
        any += (any.empty() ? "" : " OR ") + term;
      }
      where += " AND (" + any + ")";
    } else if (key == "resource") {
      const schema::Resource* r = schema::FindResource(value);
      if (!r) return Fail(ErrorCode::kBadRequest, "resource '" + value + "' is not a resource");
      where += " AND resource = " + next(r->name);
    } else if (key == "resource_id") {
      int64_t id = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (ec != std::errc() || p != value.data() + value.size() || id <= 0)
        return Fail(ErrorCode::kBadRequest, "resource_id must be a positive integer");
      where += " AND resource_id = " + next(id);
    } else if (key == "since") {
      auto since = ParseTimestamp(value);
      if (!since) return Fail(ErrorCode::kBadRequest, "since must be an RFC 3339 time or unix seconds");
      where += " AND created_unix >= " + next(*since);
    } else if (key != "after" && key != "per_page" && key != "limit") {
      return Fail(ErrorCode::kBadRequest, "Unknown parameter '" + key + "' (type, resource, resource_id, since, "
                                          "after, per_page)");
    }
  }
  return where;
}

Task<Result<Response>> ListEvents(storage::Database& db, RequestContext& c) {
  auto params = http::ParseQuery(c.request.query);
  if (!params) co_return Fail(params.error());
  auto page = LogPage::Parse(*params, kCursorKind);
  if (!page) co_return Fail(page.error());
  std::vector<Value> args{Value{c.org_id}};
  auto where = Filters(*params, args);
  if (!where) co_return Fail(where.error());
  args.push_back(Value{page->after});
  std::string sql = std::string("SELECT ") + std::string(kEventColumns) +
                    " FROM events WHERE org_id = $1 AND endpoint_id IS NULL" + *where + " AND seq > $" +
                    std::to_string(args.size()) + " ORDER BY seq LIMIT " + std::to_string(page->per_page + 1);
  JsonWriter w(8192);
  w.StartArray();
  int64_t rows = 0, last = 0;
  auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto ran = co_await tx.Execute(sql, args, [&](const storage::Row& row) {
      if (++rows > page->per_page) return;
      last = row.Int(1);
      WriteEvent(row, w);
    });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return http::Success(200, w.View(), page->Meta(rows, last, kCursorKind));
}

Task<Result<Response>> GetEvent(storage::Database& db, RequestContext& c) {
  auto parsed = http::PathId(c.params[0], "event");
  if (!parsed) co_return Fail(parsed.error());
  int64_t id = *parsed;
  JsonWriter w;
  bool found = false;
  auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    Value args[] = {Value{c.org_id}, Value{id}};
    auto ran = co_await tx.Execute(std::string("SELECT ") + std::string(kEventColumns) +
                                       " FROM events WHERE org_id = $1 AND id = $2",
                                   args, [&](const storage::Row& row) { found = true, WriteEvent(row, w); });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  if (!found) co_return Fail(ErrorCode::kNotFound, "No event with id " + std::to_string(id));
  co_return http::Success(200, w.View());
}

}  // namespace

void AddEventRoutes(http::Router& router, storage::Database& db) {
  http::RouteOptions list{false, true, "read:events", "Events of this organization, oldest first (cursor pages)"};
  http::RouteOptions one{false, true, "read:events", "One event"};
  http::RouteOptions types{false, true, "read:events", "Every event type, with the resource its data.object is"};
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("GET", prefix + "/events", [&db](RequestContext& c) { return ListEvents(db, c); }, list);
    router.Add("GET", prefix + "/events/{id}", [&db](RequestContext& c) { return GetEvent(db, c); }, one);
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
