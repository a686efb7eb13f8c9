#include "schema/openapi.h"

#include <cctype>
#include <functional>
#include <map>

#include "core/json_writer.h"

namespace supplyhub::schema {
namespace {

// The JSON Schema type that carries a field's values.
const char* JsonSchemaType(FieldType t) {
  switch (t) {
    case FieldType::kInteger:
    case FieldType::kReference: return "integer";
    case FieldType::kNumber: return "number";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kArray: return "array";
    case FieldType::kObject: return "object";
    default: return "string";
  }
}

std::string Ref(std::string_view name) { return "#/components/schemas/" + std::string(name); }

std::string TitleCase(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void FieldSchema(JsonWriter& w, const Field& f) {
  w.StartObject();
  auto nullable = [&](const char* type) {
    w.Key("type");
    if (f.required) {
      w.String(type);
    } else {
      w.StartArray().String(type).String("null").EndArray();
    }
  };
  switch (f.type) {
    case FieldType::kString: nullable("string"); w.Key("maxLength").Int(static_cast<int64_t>(f.max_length)); break;
    case FieldType::kInteger: nullable("integer"); w.Key("format").String("int64"); break;
    case FieldType::kReference:
      nullable("integer");
      w.Key("format").String("int64").Key("description").String("id of a " + f.references + " row");
      break;
    case FieldType::kNumber: nullable("number"); break;
    case FieldType::kBoolean: nullable("boolean"); break;
    case FieldType::kDate: nullable("string"); w.Key("format").String("date"); break;
    case FieldType::kDateTime: nullable("string"); w.Key("format").String("date-time"); break;
    case FieldType::kEnum:
      nullable("string");
      w.Key("enum").StartArray();
      for (const auto& v : f.enum_values) w.String(v);
      if (!f.required) w.Null();
      w.EndArray();
      break;
    case FieldType::kArray:
      nullable("array");
      w.Key("maxItems").Int(static_cast<int64_t>(f.max_length));
      w.Key("items").StartObject().Key("type").String(FieldTypeName(f.item_type)).EndObject();
      break;
    case FieldType::kObject: nullable("object"); break;
  }
  if (!f.description.empty() && f.type != FieldType::kReference) w.Key("description").String(f.description);
  if (const auto* i = std::get_if<int64_t>(&f.default_value)) {
    if (f.type == FieldType::kBoolean) w.Key("default").Bool(*i != 0);
    else w.Key("default").Int(*i);
  }
  w.EndObject();
}

// `input`: the request body schema (no id/timestamps, no unknown fields).
void ResourceSchema(JsonWriter& w, const Resource& r, bool input) {
  w.StartObject().Key("type").String("object");
  if (!r.description.empty()) w.Key("description").String(r.description);
  w.Key("properties").StartObject();
  if (!input) w.Key("id").StartObject().Key("type").String("integer").Key("format").String("int64").EndObject();
  for (const Field& f : r.fields) FieldSchema(w.Key(f.name), f);
  if (!input) {
    for (const char* ts : {"created_at", "updated_at"})
      w.Key(ts).StartObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  }
  w.EndObject();
  w.Key("required").StartArray();
  if (!input) w.String("id");
  for (const Field& f : r.fields)
    if (f.required) w.String(f.name);
  w.EndArray();
  if (input) w.Key("additionalProperties").Bool(false);
  w.EndObject();
}

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

void ErrorResponses(JsonWriter& w, std::initializer_list<const char*> codes) {
  for (const char* code : codes) {
    w.Key(code).StartObject().Key("description").String("Error");
    JsonContent(w, [&] { w.StartObject().Key("$ref").String(Ref("Error")).EndObject(); });
    w.EndObject();
  }
}

// `scope`: the scope the route checks; empty for open routes.
void Operation(JsonWriter& w, const char* method, const std::string& summary, const std::string& tag,
               const std::function<void()>& params, const std::function<void()>& body, const char* ok_code,
               const std::function<void()>& ok_schema, std::initializer_list<const char*> errors,
               const std::string& scope = {}) {
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
  JsonContent(w, ok_schema);
  w.EndObject();
  ErrorResponses(w, errors);
  if (!scope.empty()) ErrorResponses(w, {"401", "403", "429"});
  w.EndObject().EndObject();
}

void QueryParam(JsonWriter& w, std::string_view name, const char* type, std::string_view description) {
  w.StartObject().Key("name").String(name).Key("in").String("query").Key("required").Bool(false);
  w.Key("description").String(description);
  w.Key("schema").StartObject().Key("type").String(type).EndObject().EndObject();
}

void IdParam(JsonWriter& w) {
  w.StartObject().Key("name").String("id").Key("in").String("path").Key("required").Bool(true);
  w.Key("schema").StartObject().Key("type").String("integer").Key("format").String("int64").EndObject().EndObject();
}

void ResourcePaths(JsonWriter& w, const Resource& r) {
  std::string title = TitleCase(r.singular), input = Ref(title + "Input"), output = Ref(title);
  const std::string read = "read:" + r.name, write = "write:" + r.name;
  auto ref = [&](const std::string& to) { return [&w, to] { w.StartObject().Key("$ref").String(to).EndObject(); }; };
  auto list_env = [&] { Envelope(w, output, true); };
  auto one_env = [&] { Envelope(w, output, false); };
  auto array_of = [&](const std::string& to) {
    return [&w, to] {
      w.StartObject().Key("type").String("array").Key("maxItems").Int(1000);
      w.Key("items").StartObject().Key("$ref").String(to).EndObject().EndObject();
    };
  };

  w.Key("/v1/" + r.name).StartObject();
  Operation(w, "get", "List " + r.name, r.name,
            [&] {
              QueryParam(w, "page", "integer", "Page number, from 1");
              QueryParam(w, "per_page", "integer", "Rows per page, 1 to 1000 (default 50)");
              QueryParam(w, "keyword", "string", "Case-insensitive match on searchable fields");
              QueryParam(w, "sort", "string", "Sort field; prefix with - for descending");
              for (const Field& f : r.fields)
                if (f.filterable) QueryParam(w, f.name, JsonSchemaType(f.type), "Exact match");
            },
            nullptr, "200", list_env, {"400"}, read);
  Operation(w, "post", "Create a " + r.singular, r.name, nullptr, ref(input), "201", one_env,
            {"400", "409", "413", "415", "422"}, write);
  w.EndObject();

  w.Key("/v1/" + r.name + "/{id}").StartObject();
  Operation(w, "get", "Get a " + r.singular, r.name, [&] { IdParam(w); }, nullptr, "200", one_env, {"404"}, read);
  Operation(w, "put", "Replace a " + r.singular, r.name, [&] { IdParam(w); }, ref(input), "200", one_env,
            {"400", "404", "409", "415", "422"}, write);
  Operation(w, "patch", "Update some fields of a " + r.singular, r.name, [&] { IdParam(w); }, ref(input), "200",
            one_env, {"400", "404", "409", "415", "422"}, write);
  Operation(w, "delete", "Delete a " + r.singular, r.name, [&] { IdParam(w); }, nullptr, "200", one_env,
            {"404", "409"}, write);
  w.EndObject();

  if (r.bulk) {
    w.Key("/v1/" + r.name + "/bulk").StartObject();
    Operation(w, "post", "Create up to 1000 " + r.name + " (all or nothing)", r.name, nullptr, array_of(input), "201",
              list_env, {"400", "413", "415", "422"}, write);
    Operation(w, "put", "Replace up to 1000 " + r.name + " by id (all or nothing)", r.name, nullptr,
              array_of(input), "200", list_env, {"400", "413", "415", "422"}, write);
    w.EndObject();
  }
}

void CommonSchemas(JsonWriter& w) {
  w.Key("PageMeta").StartObject().Key("type").String("object").Key("properties").StartObject();
  for (const char* k : {"current_page", "next_page", "prev_page", "total_pages", "total_count", "per_page", "from",
                        "to", "total"})
    w.Key(k).StartObject().Key("type").StartArray().String("integer").String("null").EndArray().EndObject();
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
      w.Key("responses").StartObject().Key("default").StartObject().Key("description").String("See the envelope and error schemas");
      w.EndObject().EndObject().EndObject();
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
  w.Key("components").StartObject();
  w.Key("securitySchemes").StartObject().Key("bearerAuth").StartObject().Key("type").String("http");
  w.Key("scheme").String("bearer").Key("description")
      .String("A login token (POST /v1/auth/login) or an API token; also accepted in a `token` header.");
  w.EndObject().EndObject();
  w.Key("schemas").StartObject();
  CommonSchemas(w);
  for (const Resource* r : resources) {
    std::string title = TitleCase(r->singular);
    ResourceSchema(w.Key(title), *r, false);
    ResourceSchema(w.Key(title + "Input"), *r, true);
  }
  w.EndObject().EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace supplyhub::schema
