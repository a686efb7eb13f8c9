#include "documents/openapi.h"
#include "schema/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "schema/resource.h"
#include "schema/registry.h"

namespace supplyhub::documents {
namespace {

using nlohmann::json;
using schema::AllResources;
using schema::CamelCase;
using schema::Child;
using schema::Field;
using schema::Resource;

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    text_ = new std::string(OpenApiDocument(AllResources(), "9.8.7"));
    doc_ = new json(json::parse(*text_, nullptr, /*allow_exceptions=*/false));
  }
  static void TearDownTestSuite() {
    delete doc_;
    delete text_;
  }
  static const json& Doc() { return *doc_; }
  static const json& Schemas() { return (*doc_)["components"]["schemas"]; }

  static std::string* text_;
  static json* doc_;
};
std::string* OpenApiTest::text_ = nullptr;
json* OpenApiTest::doc_ = nullptr;

bool Contains(const json& array, const json& value) {
  return array.is_array() && std::find(array.begin(), array.end(), value) != array.end();
}

// Calls fn(node, json_pointer) for every node of the document.
void Walk(const json& node, const std::string& where, const std::function<void(const json&, const std::string&)>& fn) {
  fn(node, where);
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) Walk(v, where + "/" + k, fn);
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) Walk(node[i], where + "/" + std::to_string(i), fn);
  }
}

TEST_F(OpenApiTest, IsValidJsonWithVersionAndInfo) {
  ASSERT_FALSE(Doc().is_discarded()) << *text_;
  EXPECT_EQ(Doc()["openapi"], "3.1.0");
  EXPECT_EQ(Doc()["info"]["version"], "9.8.7");
  EXPECT_EQ(Doc()["info"]["title"], "Supplyhub API");
}

TEST_F(OpenApiTest, HasTheResourcePaths) {
  const json& paths = Doc()["paths"];
  for (const char* p : {"/v1/status", "/v1/parts", "/v1/parts/{id}", "/v1/parts/bulk", "/v1/suppliers",
                        "/v1/suppliers/{id}", "/v1/companies", "/v1/companies/{id}"})
    EXPECT_TRUE(paths.contains(p)) << p;
  EXPECT_FALSE(paths.contains("/v1/suppliers/bulk"));  // suppliers are not declared bulk
  EXPECT_FALSE(paths.contains("/v1/companies/bulk"));
}

TEST_F(OpenApiTest, OperationsPerPath) {
  const json& paths = Doc()["paths"];
  auto methods = [&](const char* p) {
    std::set<std::string> out;
    for (const auto& [m, _] : paths[p].items()) out.insert(m);
    return out;
  };
  EXPECT_EQ(methods("/v1/parts"), (std::set<std::string>{"get", "post"}));
  EXPECT_EQ(methods("/v1/parts/{id}"), (std::set<std::string>{"delete", "get", "patch", "put"}));
  EXPECT_EQ(methods("/v1/parts/bulk"), (std::set<std::string>{"post", "put"}));
  const json& create = paths["/v1/parts"]["post"];
  EXPECT_EQ(create["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/PartInput");
  EXPECT_TRUE(create["responses"].contains("201"));
  EXPECT_TRUE(create["responses"].contains("422"));
  const json& bulk = paths["/v1/parts/bulk"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(bulk["type"], "array");
  EXPECT_EQ(bulk["maxItems"], 1000);
  EXPECT_EQ(bulk["items"]["$ref"], "#/components/schemas/PartInput");
}

TEST_F(OpenApiTest, ListTakesPagingAndFilterParameters) {
  std::set<std::string> names;
  for (const json& p : Doc()["paths"]["/v1/parts"]["get"]["parameters"]) {
    names.insert(p["name"].get<std::string>());
    EXPECT_EQ(p["in"], "query");
  }
  for (const char* n : {"page", "per_page", "keyword", "sort", "unit_type", "is_activity", "supplier_id", "identification"})
    EXPECT_TRUE(names.count(n)) << n;
  EXPECT_FALSE(names.count("name"));     // sortable, not filterable
  EXPECT_FALSE(names.count("density"));  // neither sortable nor filterable
  const json& id = Doc()["paths"]["/v1/parts/{id}"]["get"]["parameters"][0];
  EXPECT_EQ(id["name"], "id");
  EXPECT_EQ(id["in"], "path");
  EXPECT_EQ(id["required"], true);
}

TEST_F(OpenApiTest, PartSchemas) {
  const json& part = Schemas()["Part"];
  const json& input = Schemas()["PartInput"];
  ASSERT_TRUE(part.is_object());
  ASSERT_TRUE(input.is_object());
  for (const json* s : {&part, &input}) {
    const json& unit_type = (*s)["properties"]["unit_type"];
    EXPECT_TRUE(Contains(unit_type["enum"], "Volume"));
    EXPECT_TRUE(Contains(unit_type["enum"], "Mass"));
    EXPECT_TRUE(Contains(unit_type["enum"], "Length"));
    EXPECT_TRUE(Contains(unit_type["enum"], nullptr));  // optional: null allowed
    EXPECT_EQ(unit_type["type"], json::array({"string", "null"}));
    EXPECT_EQ((*s)["properties"]["name"]["type"], "string");
    EXPECT_EQ((*s)["properties"]["name"]["maxLength"], 255);
    EXPECT_EQ((*s)["properties"]["is_activity"]["default"], false);
    EXPECT_EQ((*s)["properties"]["is_finished_product"]["default"], true);
    EXPECT_EQ((*s)["properties"]["batch_ids"]["items"]["type"], "string");
  }
  EXPECT_TRUE(Contains(input["required"], "name"));
  EXPECT_TRUE(Contains(input["required"], "identification"));
  EXPECT_FALSE(Contains(input["required"], "id"));
  EXPECT_TRUE(Contains(part["required"], "id"));
  EXPECT_TRUE(Contains(part["required"], "name"));
  EXPECT_TRUE(part["properties"].contains("id"));
  EXPECT_TRUE(part["properties"].contains("created_at"));
  EXPECT_FALSE(input["properties"].contains("id"));
  EXPECT_FALSE(input["properties"].contains("updated_at"));
}

// PUT and PATCH keep the fields not sent (only a create needs the required
// ones), and each row of PUT /bulk names the row it updates.
TEST_F(OpenApiTest, UpdateBodiesRequireNothingButABulkRowsId) {
  const json& paths = Doc()["paths"];
  auto body_ref = [&](const char* path, const char* method) {
    return paths[path][method]["requestBody"]["content"]["application/json"]["schema"];
  };
  EXPECT_EQ(body_ref("/v1/parts/{id}", "put")["$ref"], "#/components/schemas/PartUpdate");
  EXPECT_EQ(body_ref("/v1/parts/{id}", "patch")["$ref"], "#/components/schemas/PartUpdate");
  EXPECT_EQ(body_ref("/v1/parts/bulk", "put")["items"]["$ref"], "#/components/schemas/PartBulkUpdate");
  EXPECT_EQ(body_ref("/v1/specifications/{id}/characteristics/{child_id}", "patch")["$ref"],
            "#/components/schemas/SpecificationCharacteristicsUpdate");
  EXPECT_EQ(Schemas()["PartUpdate"]["required"], json::array());
  EXPECT_EQ(Schemas()["PartBulkUpdate"]["required"], json::array({"id"}));
  EXPECT_TRUE(Schemas()["PartBulkUpdate"]["properties"].contains("id"));
  EXPECT_EQ(Schemas()["PartBulkUpdate"]["examples"][0]["id"], 1);
  EXPECT_EQ(Schemas()["PartUpdate"]["properties"].size(), Schemas()["PartInput"]["properties"].size());
}

TEST_F(OpenApiTest, InputsForbidAdditionalProperties) {
  for (const char* name : {"PartInput", "SupplierInput", "CompanyInput"}) {
    ASSERT_TRUE(Schemas().contains(name)) << name;
    EXPECT_EQ(Schemas()[name]["additionalProperties"], false) << name;
  }
  EXPECT_FALSE(Schemas()["Part"].contains("additionalProperties"));
}

TEST_F(OpenApiTest, EveryPropertyOfADeclarationIsDescribed) {
  for (const Resource* r : AllResources()) {
    std::string title = CamelCase(r->singular);
    const json& props = Schemas()[title + "Input"]["properties"];
    size_t writable = 0;
    for (const Field& f : r->fields) {
      EXPECT_EQ(props.contains(f.name), !f.read_only) << title << "." << f.name;  // server-set fields are not input
      writable += f.read_only ? 0 : 1;
    }
    for (const Field& f : r->inputs) EXPECT_TRUE(props.contains(f.name)) << title << "." << f.name;
    for (const Child& c : r->children) EXPECT_EQ(props.contains(c.name), !c.read_only) << title << "." << c.name;
    EXPECT_EQ(props.size(), writable + r->inputs.size() + r->children.size() -
                                static_cast<size_t>(std::count_if(r->children.begin(), r->children.end(),
                                                                  [](const Child& c) { return c.read_only; })))
        << title;
  }
}

TEST_F(OpenApiTest, EveryRefResolves) {
  size_t refs = 0;
  Walk(Doc(), "", [&](const json& node, const std::string& where) {
    if (!node.is_object() || !node.contains("$ref")) return;
    ++refs;
    std::string ref = node["$ref"].get<std::string>();
    const std::string prefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << where << ": " << ref;
    EXPECT_TRUE(Schemas().contains(ref.substr(prefix.size()))) << where << ": " << ref;
  });
  EXPECT_GT(refs, 20u);
}

TEST_F(OpenApiTest, CommonSchemas) {
  EXPECT_TRUE(Schemas()["PageMeta"]["properties"].contains("total_pages"));
  EXPECT_EQ(Schemas()["Error"]["properties"]["status"]["const"], "error");
}

// Regression: list query parameters use FieldTypeName() as their JSON Schema type, so
// reference filters get {"type":"reference"} and enum filters {"type":"enum"}.
// Neither is a JSON Schema type, which makes the served OpenAPI document invalid
// (e.g. for openapi-generator / swagger validators). Expected: "integer" for
// references, "string" (with the enum values) for enums.
TEST_F(OpenApiTest, EverySchemaTypeIsAJsonSchemaType) {
  const std::set<std::string> valid = {"null", "boolean", "object", "array", "number", "string", "integer"};
  Walk(Doc(), "", [&](const json& node, const std::string& where) {
    if (!node.is_object() || !node.contains("type")) return;
    if (where.find("/properties/type") != std::string::npos) return;  // a property named "type"
    if (where.find("/securitySchemes/") != std::string::npos) return;  // "type": "http" is not a schema
    const json& type = node["type"];
    std::vector<std::string> types;
    if (type.is_string()) types.push_back(type.get<std::string>());
    else if (type.is_array())
      for (const json& t : type) types.push_back(t.get<std::string>());
    else return;  // a "type" property definition, not a schema keyword
    for (const std::string& t : types) EXPECT_TRUE(valid.count(t)) << where << ": \"type\": \"" << t << "\"";
  });
}

TEST_F(OpenApiTest, EveryResourceRouteListsItsScope) {
  json doc = Doc();
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(doc["paths"]["/v1/parts"]["get"]["security"][0]["bearerAuth"][0], "read:parts");
  EXPECT_EQ(doc["paths"]["/v1/parts"]["post"]["security"][0]["bearerAuth"][0], "write:parts");
  EXPECT_EQ(doc["paths"]["/v1/suppliers/{id}"]["delete"]["x-scopes"][0], "write:suppliers");
  EXPECT_EQ(doc["paths"]["/v1/parts/bulk"]["put"]["security"][0]["bearerAuth"][0], "write:parts");
  EXPECT_TRUE(doc["paths"]["/v1/parts"]["get"]["responses"].contains("429"));
  EXPECT_TRUE(doc["paths"]["/v1/status"]["get"]["security"].empty());  // open
}

}  // namespace
}  // namespace supplyhub::documents
