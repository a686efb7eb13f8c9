#include "documents/openapi.h"

#include "schema/event_types.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "core/json_writer.h"
#include "documents/examples.h"
#include "documents/json_schema.h"
#include "schema/routes.h"

namespace supplyhub::documents {

using schema::Field;
using schema::FieldType;
using schema::Resource;
using schema::RouteKind;

namespace {

void Envelope(JsonWriter& w, const std::string& data_ref, bool list) {
  w.StartObject().Key("type").String("object").Key("properties").StartObject();
  w.Key("status").StartObject().Key("const").String("success").EndObject();
  w.Key("message").StartObject().Key("type").String("string").EndObject();
  if (list) w.Key("meta").StartObject().Key("$ref").String(Ref("PageMeta")).EndObject();
  w.Key("data");
  if (list) w.StartObject().Key("type").String("array").Key("items").StartObject().Key("$ref").String(data_ref).EndObject().EndObject();
  else w.StartObject().Key("$ref").String(data_ref).EndObject();
  w.EndObject().EndObject();
}

void JsonContent(JsonWriter& w, const std::function<void()>& schema) {
  w.Key("content").StartObject().Key("application/json").StartObject().Key("schema");
  schema();
  w.EndObject().EndObject();
}

// `describe`: a code's description (default "Error").
void ErrorResponses(JsonWriter& w, std::span<const char* const> codes,
                    const std::function<std::string(std::string_view)>& describe = {}) {
  for (const char* code : codes) {
    w.Key(code).StartObject().Key("description").String(describe ? describe(code) : std::string("Error"));
    JsonContent(w, [&] { w.StartObject().Key("$ref").String(Ref("Error")).EndObject(); });
    w.EndObject();
  }
}

// `scope`: the scope the route checks; empty for open routes. `ok_headers`
// writes the success response's "headers" members; `extra` writes more
// responses (a 304).
void Operation(JsonWriter& w, const char* method, const std::string& summary, const std::string& tag,
               const std::function<void()>& params, const std::function<void()>& body, const char* ok_code,
               const std::function<void()>& ok_schema, std::span<const char* const> errors,
               const std::string& scope = {}, const std::function<void()>& ok_headers = {},
               const std::function<void()>& extra = {},
               const std::function<std::string(std::string_view)>& describe = {}) {
  w.Key(method).StartObject().Key("summary").String(summary);
  w.Key("security").StartArray();
  if (!scope.empty()) w.StartObject().Key("bearerAuth").StartArray().String(scope).EndArray().EndObject();
  w.EndArray();
  if (!scope.empty()) w.Key("x-scopes").StartArray().String(scope).EndArray();
  w.Key("tags").StartArray().String(tag).EndArray();
  w.Key("parameters").StartArray();
  if (params) params();
  w.EndArray();
  if (body) {
    w.Key("requestBody").StartObject().Key("required").Bool(true);
    JsonContent(w, body);
    w.EndObject();
  }
  w.Key("responses").StartObject();
  w.Key(ok_code).StartObject().Key("description").String("Success");
  if (ok_headers) {
    w.Key("headers").StartObject();
    ok_headers();
    w.EndObject();
  }
  JsonContent(w, ok_schema);
  w.EndObject();
  if (extra) extra();
  ErrorResponses(w, errors, describe);
  static const char* const kAuthErrors[] = {"401", "403", "429"};
  if (!scope.empty()) ErrorResponses(w, kAuthErrors);
  w.EndObject().EndObject();
}

void ResponseHeader(JsonWriter& w, const char* name, std::string_view description) {
  w.Key(name).StartObject().Key("description").String(description);
  w.Key("schema").StartObject().Key("type").String("string").EndObject().EndObject();
}

void HeaderParam(JsonWriter& w, const char* name, std::string_view description, size_t max_length = 0) {
  w.StartObject().Key("name").String(name).Key("in").String("header").Key("required").Bool(false);
  w.Key("description").String(description);
  w.Key("schema").StartObject().Key("type").String("string");
  if (max_length) w.Key("minLength").Int(1).Key("maxLength").Int(static_cast<int64_t>(max_length));
  w.EndObject().EndObject();
}

void QueryParam(JsonWriter& w, std::string_view name, const char* type, std::string_view description) {
  w.StartObject().Key("name").String(name).Key("in").String("query").Key("required").Bool(false);
  w.Key("description").String(description);
  w.Key("schema").StartObject().Key("type").String(type).EndObject().EndObject();
}

void PathParam(JsonWriter& w, const char* name) {
  w.StartObject().Key("name").String(name).Key("in").String("path").Key("required").Bool(true);
  w.Key("schema").StartObject().Key("type").String("integer").Key("format").String("int64").EndObject().EndObject();
}

// The locks (schema::Lock) a client write through `route` can run into, as
// "<rule> (in <states>)"; empty when none.
std::string LocksOf(const schema::ResourceRoute& route) {
  const Resource& r = *route.resource;
  const bool whole = route.kind == RouteKind::kReplace || route.kind == RouteKind::kPatch ||
                     route.kind == RouteKind::kBulkReplace;
  const bool child = route.kind == RouteKind::kChildCreate || route.kind == RouteKind::kChildReplace ||
                     route.kind == RouteKind::kChildPatch || route.kind == RouteKind::kChildDelete;
  std::string out;
  for (const schema::Lock& lock : r.locks) {
    bool hit = route.kind == RouteKind::kDelete && lock.row;
    for (const std::string& m : lock.members)
      hit = hit || whole || (child && route.child && route.child->name == m);
    if (!hit) continue;
    std::string states;
    for (const std::string& s : lock.states) states += (states.empty() ? "" : ", ") + s;
    out += (out.empty() ? "" : "; ") + lock.rule + " (" + r.lifecycle.field + ": " + states + ")";
  }
  return out;
}

// What an error of a declared route means (the status map is http/envelope.cpp's).
std::string ErrorDescription(const schema::ResourceRoute& route, std::string_view code) {
  if (code == "400") return "bad_request: malformed JSON, query, path id or header";
  if (code == "404") return "not_found: no such row in this organization";
  if (code == "412") return "precondition_failed: If-Match names a version the row no longer has; nothing was written";
  if (code == "413") return "payload_too_large";
  if (code == "415") return "unsupported_media_type: the body must be JSON";
  if (code == "422")
    return "validation_failed: error.fields names each invalid field and what its declaration allows (required, "
           "type, minimum, maximum, length, references in this organization); an amount or quantity the server "
           "computes (a total, a stock level) that would leave its declared maximum, or 64 bits, names that field";
  if (code != "409") return "Error";
  std::string d = "error.code says which conflict: conflict (a unique key, or a row still referenced), "
                  "invalid_transition (the lifecycle does not allow it), insufficient_stock, "
                  "idempotency_key_in_flight, or immutable (what is final in the row's state)";
  if (std::string locks = LocksOf(route); !locks.empty()) d += ". immutable here: " + locks;
  return d;
}

// Every route of the route table that `r` declares, grouped by path.
void ResourcePaths(JsonWriter& w, const Resource& r) {
  auto routes = schema::ResourceRoutes(r);
  auto ref = [&](const std::string& to) { return [&w, to] { w.StartObject().Key("$ref").String(to).EndObject(); }; };
  auto array_of = [&](const std::string& to) {
    return [&w, to] {
      w.StartObject().Key("type").String("array").Key("maxItems").Int(1000);
      w.Key("items").StartObject().Key("$ref").String(to).EndObject().EndObject();
    };
  };
  std::vector<std::string> paths;
  for (const auto& route : routes)
    if (std::find(paths.begin(), paths.end(), route.path) == paths.end()) paths.push_back(route.path);
  for (const std::string& path : paths) {
    w.Key(std::string(schema::kRoutePrefixes[0]) + path).StartObject();
    for (const auto& route : routes) {
      if (route.path != path) continue;
      const Resource& target = route.child ? *route.child->resource : r;
      std::string output = Ref(SchemaName(target)), input = Ref(SchemaName(target) + "Input");
      if (route.action) input = Ref(SchemaName(r) + schema::CamelCase(route.action->name) + "Input");
      else if (route.method == "PUT" || route.method == "PATCH") input = Ref(SchemaName(target) + "Update");
      std::string method = route.method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool list = route.kind == RouteKind::kList || route.kind == RouteKind::kChildList ||
                  route.kind == RouteKind::kBulkCreate || route.kind == RouteKind::kBulkReplace;
      bool has_body = route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
      std::function<void()> body;
      if (route.kind == RouteKind::kBulkCreate) body = array_of(input);
      else if (route.kind == RouteKind::kBulkReplace) body = array_of(Ref(SchemaName(r) + "BulkUpdate"));
      else if (has_body) body = ref(input);
      // The conventions of every resource: which routes take which headers.
      bool one_row = route.kind == RouteKind::kGet || route.kind == RouteKind::kChildGet;
      bool conditional_write = route.kind == RouteKind::kReplace || route.kind == RouteKind::kPatch ||
                               route.kind == RouteKind::kDelete || route.kind == RouteKind::kChildReplace ||
                               route.kind == RouteKind::kChildPatch || route.kind == RouteKind::kChildDelete ||
                               route.kind == RouteKind::kAction;
      bool keyed = route.method == "POST";
      bool tagged = one_row || (conditional_write && route.kind != RouteKind::kDelete &&
                                route.kind != RouteKind::kChildDelete) ||
                    route.kind == RouteKind::kCreate || route.kind == RouteKind::kChildCreate;
      auto params = [&] {
        if (path.find("{id}") != std::string::npos) PathParam(w, "id");
        if (path.find("{child_id}") != std::string::npos) PathParam(w, "child_id");
        if (one_row)
          HeaderParam(w, "If-None-Match",
                      "ETags (or *) of a copy the client has: when one matches, 304 Not Modified without a body");
        if (conditional_write)
          HeaderParam(w, "If-Match",
                      "ETags (or *) the row must still have, checked in the write's transaction: else 412 "
                      "precondition_failed and nothing is written");
        if (keyed)
          HeaderParam(w, "Idempotency-Key",
                      "Makes a retry safe: the first answer is stored for 24 h and replayed (with "
                      "Idempotent-Replayed: true) to the same request with the same key; the key on a different "
                      "request is 422 idempotency_key_reused, while the first is running 409 "
                      "idempotency_key_in_flight. Per organization and token. Only answers of completed writes are "
                      "stored.",
                      255);
        if (route.kind != RouteKind::kList) return;
        QueryParam(w, "page", "integer", "Page number, from 1");
        QueryParam(w, "per_page", "integer", "Rows per page, 1 to 1000 (default 50)");
        QueryParam(w, "after", "string",
                   "Cursor paging for exports: meta.next_cursor of the previous page (empty: start at the "
                   "beginning). Costs the same at any depth, keeps its place while rows are added, works with "
                   "filters and sort (a cursor is bound to both). Not with page");
        QueryParam(w, "keyword", "string", "Case-insensitive match on searchable fields");
        QueryParam(w, "sort", "string", "Sort field; prefix with - for descending");
        for (const Field& f : r.fields)
          if (f.filterable) QueryParam(w, f.name, JsonSchemaType(f.type), "Exact match");
      };
      std::vector<const char*> errors;
      for (const auto& e : route.errors) errors.push_back(e.c_str());
      const std::string ok = std::to_string(schema::SuccessStatus(route));
      auto headers = [&] {
        if (tagged) ResponseHeader(w, "ETag", "The row's entity tag, for If-Match and If-None-Match");
        if (keyed) ResponseHeader(w, "Idempotent-Replayed", "\"true\" on an answer replayed for an Idempotency-Key");
        if (route.kind == RouteKind::kList) ResponseHeader(w, "Link", "next, prev, first and last pages (RFC 8288)");
      };
      auto not_modified = [&] {
        if (!one_row) return;
        w.Key("304").StartObject().Key("description").String("Not Modified: If-None-Match named the row's ETag");
        w.Key("headers").StartObject();
        ResponseHeader(w, "ETag", "The row's entity tag");
        w.EndObject().EndObject();
      };
      Operation(w, method.c_str(), route.summary, r.name, params, body, ok.c_str(), [&] { Envelope(w, output, list); },
                errors, route.scope, headers, not_modified,
                [&route](std::string_view code) { return ErrorDescription(route, code); });
    }
    w.EndObject();
  }
}

void CommonSchemas(JsonWriter& w) {
  w.Key("PageMeta").StartObject().Key("type").String("object");
  w.Key("description").String("Both pagination dialects. On a cursor page (?after=) the page numbers are null, and "
                              "the counts are null when filters or a keyword apply");
  w.Key("properties").StartObject();
  for (const char* k : {"current_page", "next_page", "prev_page", "total_pages", "total_count", "per_page", "from",
                        "to", "total"})
    w.Key(k).StartObject().Key("type").StartArray().String("integer").String("null").EndArray().EndObject();
  w.Key("next_cursor").StartObject().Key("type").StartArray().String("string").String("null").EndArray();
  w.Key("description").String("Pass as ?after= for the rows after this page; null after the last row").EndObject();
  w.EndObject().EndObject();
  w.Key("Error").StartObject().Key("type").String("object").Key("properties").StartObject();
  w.Key("status").StartObject().Key("const").String("error").EndObject();
  w.Key("message").StartObject().Key("type").String("string").EndObject();
  w.Key("error").StartObject().Key("type").String("object").Key("properties").StartObject();
  w.Key("code").StartObject().Key("type").String("string").EndObject();
  w.Key("fields").StartObject().Key("type").String("object").Key("additionalProperties").StartObject()
      .Key("type").String("array").Key("items").StartObject().Key("type").String("string").EndObject()
      .EndObject().EndObject();
  w.Key("rows").StartObject().Key("type").String("array").EndObject();
  w.EndObject().EndObject();
  w.Key("request_id").StartObject().Key("type").String("string").EndObject();
  w.EndObject().EndObject();
}

}  // namespace

namespace {

// OpenAPI 3.1 `webhooks`: what a subscribed endpoint receives, per event type.
void Webhooks(JsonWriter& w) {
  auto type = [&w](std::string_view name, std::string_view t) { w.Key(name).StartObject().Key("type").String(t).EndObject(); };
  w.Key("webhooks").StartObject();
  for (const schema::EventTypeDoc& e : schema::EventCatalogue()) {
    w.Key(e.type).StartObject().Key("post").StartObject().Key("summary").String(e.description);
    w.Key("description").String("Signed per Standard Webhooks: headers webhook-id, webhook-timestamp and "
                                "webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>).");
    w.Key("requestBody").StartObject().Key("required").Bool(true).Key("content").StartObject();
    w.Key("application/json").StartObject().Key("schema").StartObject().Key("type").String("object");
    w.Key("required").StartArray().String("type").String("timestamp").String("data").EndArray();
    w.Key("properties").StartObject();
    w.Key("type").StartObject().Key("type").String("string").Key("const").String(e.type).EndObject();
    w.Key("timestamp").StartObject().Key("type").String("string").Key("format").String("date-time").EndObject();
    w.Key("data").StartObject().Key("type").String("object").Key("properties").StartObject();
    type("id", "integer");
    type("sequence", "integer");
    type("organization_id", "integer");
    type("resource", "string");
    type("resource_id", "integer");
    w.Key("actor").StartObject().Key("type").StartArray().String("object").String("null").EndArray().EndObject();
    w.Key("object");
    if (e.resource) w.StartObject().Key("$ref").String("#/components/schemas/" + SchemaName(*e.resource)).EndObject();
    else w.StartObject().Key("type").String("object").EndObject();
    w.Key("changed").StartObject().Key("type").StartArray().String("array").String("null").EndArray();
    w.Key("items").StartObject().Key("type").String("string").EndObject().EndObject();
    w.EndObject().EndObject();  // data
    w.EndObject().EndObject().EndObject().EndObject().EndObject();  // properties, schema, media, content, requestBody
    w.Key("responses").StartObject().Key("2XX").StartObject().Key("description").String("Delivered");
    w.EndObject().EndObject().EndObject().EndObject();  // responses, post, type
  }
  w.EndObject();
}

void OtherRoutes(JsonWriter& w, std::span<const RouteDoc> routes) {
  std::map<std::string, std::vector<const RouteDoc*>> by_path;
  for (const RouteDoc& r : routes) by_path[r.path].push_back(&r);
  for (const auto& [path, ops] : by_path) {
    w.Key(path).StartObject();
    for (const RouteDoc* r : ops) {
      std::string method = r->method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      w.Key(method).StartObject().Key("summary").String(r->summary.empty() ? r->method + " " + r->path : r->summary);
      w.Key("security").StartArray();
      if (r->authenticated) {
        w.StartObject().Key("bearerAuth").StartArray();
        if (!r->scope.empty()) w.String(r->scope);
        w.EndArray().EndObject();
      }
      w.EndArray();
      if (!r->scope.empty()) w.Key("x-scopes").StartArray().String(r->scope).EndArray();
      std::vector<std::string_view> params;  // "{id}" segments
      for (size_t at = r->path.find('{'); at != std::string::npos; at = r->path.find('{', at + 1))
        params.push_back(std::string_view(r->path).substr(at + 1, r->path.find('}', at) - at - 1));
      if (!params.empty()) {
        w.Key("parameters").StartArray();
        for (std::string_view p : params) {
          w.StartObject().Key("name").String(p).Key("in").String("path").Key("required").Bool(true);
          w.Key("schema").StartObject().Key("type").String("string").EndObject().EndObject();
        }
        w.EndArray();
      }
      if (!r->request_schema.empty()) {
        w.Key("requestBody").StartObject().Key("required").Bool(true);
        JsonContent(w, [&] { w.Raw(r->request_schema); });
        w.EndObject();
      }
      w.Key("responses").StartObject();
      if (!r->response_schema.empty()) {
        w.Key(std::to_string(r->success_status)).StartObject().Key("description").String("Success");
        JsonContent(w, [&] { w.Raw(r->response_schema); });
        w.EndObject();
        static const char* const kErrors[] = {"400", "401", "403", "404", "409", "413", "415", "422", "429"};
        ErrorResponses(w, kErrors);
      } else {
        w.Key("default").StartObject().Key("description").String("See the envelope and error schemas").EndObject();
      }
      w.EndObject().EndObject();
    }
    w.EndObject();
  }
}

}  // namespace

std::string OpenApiDocument(std::span<const Resource* const> resources, std::string_view version,
                            std::span<const RouteDoc> other_routes) {
  JsonWriter w;
  w.StartObject().Key("openapi").String("3.1.0");
  w.Key("info").StartObject().Key("title").String("Supplyhub API").Key("version").String(version);
  w.Key("description").String("Supply-chain quality and operations data. Generated from the resource declarations.");
  w.EndObject();
  w.Key("servers").StartArray().StartObject().Key("url").String("/").EndObject().EndArray();
  w.Key("paths").StartObject();
  w.Key("/v1/status").StartObject();
  Operation(w, "get", "System status", "system", nullptr, nullptr, "200",
            [&] {
              w.StartObject().Key("type").String("object").Key("properties").StartObject();
              w.Key("status").StartObject().Key("type").String("string").EndObject();
              w.Key("version").StartObject().Key("type").String("string").EndObject();
              w.Key("online").StartObject().Key("type").String("boolean").EndObject();
              w.EndObject().EndObject();
            },
            {});
  w.EndObject();
  for (const Resource* r : resources) ResourcePaths(w, *r);
  OtherRoutes(w, other_routes);
  w.EndObject();
  Webhooks(w);
  w.Key("components").StartObject();
  w.Key("securitySchemes").StartObject().Key("bearerAuth").StartObject().Key("type").String("http");
  w.Key("scheme").String("bearer").Key("description")
      .String("A login token (POST /v1/auth/login) or an API token; also accepted in a `token` header.");
  w.EndObject().EndObject();
  w.Key("schemas").StartObject();
  CommonSchemas(w);
  for (const Resource* r : resources) {
    std::string title = SchemaName(*r);
    ResourceSchema(w.Key(title), *r, Shape::kRow);
    ResourceSchema(w.Key(title + "Input"), *r, Shape::kCreate);
    if (!r->immutable) ResourceSchema(w.Key(title + "Update"), *r, Shape::kUpdate);
    if (r->bulk) ResourceSchema(w.Key(title + "BulkUpdate"), *r, Shape::kBulkUpdate);
    for (const schema::Child& c : r->children) {
      ResourceSchema(w.Key(SchemaName(*c.resource)), *c.resource, Shape::kRow);
      ResourceSchema(w.Key(SchemaName(*c.resource) + "Input"), *c.resource, Shape::kCreate);
      if (!c.read_only) ResourceSchema(w.Key(SchemaName(*c.resource) + "Update"), *c.resource, Shape::kUpdate);
    }
    for (const schema::Action& a : r->lifecycle.actions) {
      Resource body{a.name, a.name, a.summary, a.inputs};
      body.inputs = r->inputs;  // an action takes the resource's write inputs too (an e-signature)
      ResourceSchema(w.Key(title + schema::CamelCase(a.name) + "Input"), body, Shape::kCreate,
                     [&] { ExampleActionBody(w, *r, a); });
    }
  }
  w.EndObject().EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace supplyhub::documents
