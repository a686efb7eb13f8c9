// Writes the Postman collection out as JSON: requests, their bodies and test scripts, variables.
#include "documents/postman_internal.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "documents/postman.h"

namespace supplyhub::documents::detail {
namespace {

const char* const kSchemaUrl = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

// Indents compact JSON by two spaces per level; {{variables}} pass through.
std::string Pretty(std::string_view json) {
  std::string out;
  int depth = 0;
  bool in_string = false;
  auto newline = [&] { out += '\n' + std::string(static_cast<size_t>(depth) * 2, ' '); };
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) out += json[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (json.substr(i, 2) == "{{") {
      size_t end = json.find("}}", i);
      out += json.substr(i, end + 2 - i);
      i = end + 1;
      continue;
    }
    switch (c) {
      case '"': in_string = true; out += c; break;
      case '{':
      case '[':
        out += c;
        if (i + 1 < json.size() && (json[i + 1] == '}' || json[i + 1] == ']')) {
          out += json[++i];
          break;
        }
        ++depth;
        newline();
        break;
      case '}':
      case ']': --depth; newline(); out += c; break;
      case ',': out += c; newline(); break;
      case ':': out += ": "; break;
      case ' ':
      case '\n': break;  // the layout is ours
      default: out += c;
    }
  }
  return out;
}

void Script(JsonWriter& w, const std::vector<std::string>& lines) {
  w.StartObject().Key("listen").String("test").Key("script").StartObject().Key("type").String("text/javascript");
  w.Key("exec").StartArray();
  for (const auto& line : lines) w.String(line);
  w.EndArray().EndObject().EndObject();
}

void WriteRequest(JsonWriter& w, const Request& q) {
  w.StartObject().Key("name").String(q.name);
  if (!q.tests.empty()) {
    w.Key("event").StartArray();
    Script(w, q.tests);
    w.EndArray();
  }
  w.Key("request").StartObject();
  if (q.open) w.Key("auth").StartObject().Key("type").String("noauth").EndObject();
  w.Key("method").String(q.method).Key("header").StartArray();
  if (!q.body.empty())
    w.StartObject().Key("key").String("Content-Type").Key("value").String("application/json").EndObject();
  w.EndArray();
  if (!q.body.empty()) {
    w.Key("body").StartObject().Key("mode").String("raw").Key("raw").String(Pretty(q.body));
    w.Key("options").StartObject().Key("raw").StartObject().Key("language").String("json").EndObject().EndObject();
    w.EndObject();
  }
  w.Key("url").StartObject().Key("raw").String("{{baseUrl}}" + q.path);
  w.Key("host").StartArray().String("{{baseUrl}}").EndArray().Key("path").StartArray();
  for (size_t start = 1; start < q.path.size();) {
    size_t slash = std::min(q.path.find('/', start), q.path.size());
    w.String(q.path.substr(start, slash - start));
    start = slash + 1;
  }
  w.EndArray().EndObject();
  w.Key("description").String(q.description).EndObject();
  w.Key("response").StartArray().EndArray().EndObject();
}

void Variable(JsonWriter& w, std::string_view key, std::string_view value, std::string_view description) {
  w.StartObject().Key("key").String(key).Key("value").String(value).Key("type").String("string");
  if (!description.empty()) w.Key("description").String(description);
  w.EndObject();
}

}  // namespace

std::string WriteCollection(const std::vector<Folder>& folders, const std::vector<std::string>& variables,
                            std::string_view version, std::string_view base_url) {
  JsonWriter w(1 << 18);
  w.StartObject().Key("info").StartObject();
  w.Key("name").String("Supplyhub API " + std::string(version));
  w.Key("description").String(
      "Every route of the Supplyhub route table, generated from the resource declarations (the same table the "
      "router serves and /v1/openapi.json documents), with the OpenAPI examples as bodies. Runs top to bottom "
      "against a fresh server: log in, one folder per resource in dependency order (create, list, get, update, "
      "bulk, children, then actions in an order their lifecycle allows), and every delete at the end in reverse "
      "dependency order. Creates store their ids in collection variables that later requests use. Requests named "
      "'" + std::string(kPostmanSetupPrefix) + "...' prepare others. It creates data: run it against a sandbox "
      "organization.");
  w.Key("schema").String(kSchemaUrl).EndObject();
  w.Key("auth").StartObject().Key("type").String("bearer").Key("bearer").StartArray();
  w.StartObject().Key("key").String("token").Key("value").String("{{token}}").Key("type").String("string").EndObject();
  w.EndArray().EndObject();
  w.Key("event").StartArray();
  Script(w, {"pm.test(pm.info.requestName + ' succeeds (2xx)', function () {",
             "  pm.expect(pm.response.code, pm.response.text()).to.be.within(200, 299);", "});"});
  w.EndArray();
  w.Key("variable").StartArray();
  Variable(w, "baseUrl", base_url, "The server's origin, without /v1");
  Variable(w, "username", "User1", "Who logs in (the demo server's user; use your own)");
  Variable(w, "password", "Password123", "Their password");
  Variable(w, "token", "", "Set by Log in");
  Variable(w, "run", "", "Set by Log in: makes this run's unique keys unique");
  Variable(w, "org_id", "", "Set by Who am I");
  for (const std::string& var : variables) Variable(w, var, "", "Set by a create");
  w.EndArray();
  w.Key("item").StartArray();
  for (const Folder& f : folders) {
    w.StartObject().Key("name").String(f.name).Key("description").String(f.description).Key("item").StartArray();
    for (const Request& q : f.requests) WriteRequest(w, q);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace supplyhub::documents::detail
