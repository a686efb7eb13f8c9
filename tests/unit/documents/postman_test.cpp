// The generated Postman collection, checked against the route table it is
// generated from: every route once, variables set before they are used,
// actions only where their lifecycle allows, bodies the validator accepts.
// (That the collection runs against a live server is e2e.postman_newman.)
#include "documents/postman.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "documents/examples.h"
#include "schema/resource.h"
#include "schema/routes.h"
#include "schema/validate.h"
#include "schema/registry.h"

namespace supplyhub::documents {
namespace {

using nlohmann::json;
using schema::Action;
using schema::AllResourceRoutes;
using schema::AllResources;
using schema::AllTables;
using schema::Field;
using schema::FindResource;
using schema::kRoutePrefixes;
using schema::Mode;
using schema::Record;
using schema::Resource;
using schema::ResourceRoute;
using schema::ResourceRoutes;
using schema::ValidateArray;
using schema::ValidateObject;

struct Item {
  std::string folder;
  const json* node;
  std::string name, method, path, body;
  bool setup() const { return name.rfind(kPostmanSetupPrefix, 0) == 0; }
};

class PostmanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    doc_ = new json(json::parse(PostmanCollection(AllResources(), "9.8.7", "http://127.0.0.1:1234")));
    items_ = new std::vector<Item>;
    for (const json& folder : (*doc_)["item"])
      for (const json& item : folder["item"]) {
        const json& request = item["request"];
        std::string path;
        for (const json& segment : request["url"]["path"]) path += "/" + segment.get<std::string>();
        items_->push_back({folder["name"], &item, item["name"], request["method"], path,
                           request.contains("body") ? request["body"]["raw"].get<std::string>() : ""});
      }
  }
  static void TearDownTestSuite() {
    delete items_;
    delete doc_;
  }

  static json* doc_;
  static std::vector<Item>* items_;
};
json* PostmanTest::doc_ = nullptr;
std::vector<Item>* PostmanTest::items_ = nullptr;

// "/v1/parts/{{part_id}}" and "/v1/parts/{id}" both -> "/v1/parts/{}".
std::string Pattern(const std::string& method, std::string path) {
  path = std::regex_replace(path, std::regex(R"(\{\{[^}]*\}\}|\{[a-z_]+\})"), "{}");
  return method + " " + path;
}

std::string RouteKey(const ResourceRoute& route) { return Pattern(route.method, kRoutePrefixes[0] + route.path); }

std::string Tests(const json& item) {
  std::string out;
  if (item.contains("event"))
    for (const json& e : item["event"])
      for (const json& line : e["script"]["exec"]) out += line.get<std::string>() + "\n";
  return out;
}

// A body with its {{variables}} filled in as a run would: ids are numbers.
std::string Filled(const std::string& body) {
  std::string out = std::regex_replace(body, std::regex(R"(\{\{run\}\})"), "r1");
  out = std::regex_replace(out, std::regex(R"(\{\{password\}\})"), "pw");
  return std::regex_replace(out, std::regex(R"(\{\{[a-z_0-9]+\}\})"), "7");
}

TEST_F(PostmanTest, IsACollectionV21WithBearerAuthAndVariables) {
  const json& doc = *doc_;
  EXPECT_EQ(doc["info"]["schema"], "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
  EXPECT_EQ(doc["info"]["name"], "Supplyhub API 9.8.7");
  EXPECT_EQ(doc["auth"]["type"], "bearer");
  EXPECT_EQ(doc["auth"]["bearer"][0]["value"], "{{token}}");
  std::map<std::string, std::string> vars;
  for (const json& v : doc["variable"]) vars[v["key"]] = v["value"];
  EXPECT_EQ(vars["baseUrl"], "http://127.0.0.1:1234");
  EXPECT_EQ(vars["username"], "User1");
  for (const char* k : {"password", "token", "run", "org_id", "part_id"}) EXPECT_TRUE(vars.count(k)) << k;
  ASSERT_FALSE(items_->empty());
  EXPECT_EQ(items_->front().name, "Log in");
  EXPECT_EQ((*items_->front().node)["request"]["auth"]["type"], "noauth");
  EXPECT_NE(Tests(*items_->front().node).find("pm.collectionVariables.set('token'"), std::string::npos);
  // Every request checks its success status; the collection checks 2xx for all.
  EXPECT_NE(doc["event"][0]["script"]["exec"].dump().find("within(200, 299)"), std::string::npos);
  for (const Item& item : *items_)
    EXPECT_NE(Tests(*item.node).find("pm.response.to.have.status("), std::string::npos) << item.name;
}

TEST_F(PostmanTest, FoldersAreSessionThenResourcesInDependencyOrderThenDeletes) {
  std::vector<std::string> names, expected{"Session"};
  for (const json& folder : (*doc_)["item"]) names.push_back(folder["name"]);
  for (const Resource* r : AllResources()) expected.push_back(r->name);
  expected.push_back("Deletes");
  EXPECT_EQ(names, expected);
}

TEST_F(PostmanTest, EveryRouteOfTheTableAppearsExactlyOnce) {
  std::map<std::string, int> seen;
  for (const Item& item : *items_)
    if (!item.setup() && item.folder != "Session") ++seen[Pattern(item.method, item.path)];
  std::set<std::string> routes;
  for (const auto& route : AllResourceRoutes()) {
    routes.insert(RouteKey(route));
    EXPECT_EQ(seen[RouteKey(route)], 1) << RouteKey(route);
  }
  for (const auto& [key, count] : seen) EXPECT_TRUE(routes.count(key)) << key << " is not in the route table";
  EXPECT_EQ(seen.size(), routes.size());
}

// Set-up requests are of five kinds: a row to delete per delete route,
// another row for actions the folder's own row cannot reach, an action
// repeated to reach a state, an action that lets a row to delete go (a lock
// keeps a posted payment), and the steps of the set-up table.
TEST_F(PostmanTest, SetupRequestsAreOfTheKnownKinds) {
  size_t to_delete = 0, deletable = 0;
  const std::regex kinds("Setup: (an? [a-z_]+ to delete|another [a-z_]+ for the next actions|[a-z_]+ it again, to "
                         "reach [a-z_]+|[a-z_]+ it, so that it may be deleted|(Require|Stop requiring) e-signatures on NCR changes.*)");
  for (const Item& item : *items_) {
    if (!item.setup()) continue;
    EXPECT_TRUE(std::regex_match(item.name, kinds)) << item.name;
    to_delete += item.name.find(" to delete") != std::string::npos;
  }
  for (const auto& route : AllResourceRoutes()) deletable += route.method == "DELETE";
  EXPECT_EQ(to_delete, deletable);  // one row for each delete, children included
}

TEST_F(PostmanTest, EveryVariableIsSetBeforeItIsUsed) {
  std::set<std::string> set{"baseUrl", "username", "password"};
  const std::regex use(R"(\{\{([^}]+)\}\})"), store(R"(pm\.collectionVariables\.set\('([^']+)')");
  for (const Item& item : *items_) {
    std::string text = item.path + " " + item.body;
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it)
      EXPECT_TRUE(set.count((*it)[1])) << item.folder << " / " << item.name << " uses {{" << (*it)[1]
                                        << "}} before any request sets it";
    std::string tests = Tests(*item.node);
    for (std::sregex_iterator it(tests.begin(), tests.end(), store), end; it != end; ++it) set.insert((*it)[1]);
  }
}

TEST_F(PostmanTest, CreatesStoreTheirIdAndEveryDeleteDeletesRowsCreatedForIt) {
  for (const Item& item : *items_) {
    if (item.method == "POST" && item.path.find("{{") == std::string::npos && item.folder != "Session" &&
        item.path.find("/bulk") == std::string::npos) {
      EXPECT_NE(Tests(*item.node).find("pm.collectionVariables.set("), std::string::npos) << item.name;
    }
    if (item.method == "DELETE") {  // every variable of its path names a row created to be deleted
      const std::regex var(R"(\{\{([a-z_0-9]+)\}\})");
      for (std::sregex_iterator it(item.path.begin(), item.path.end(), var), end; it != end; ++it)
        EXPECT_TRUE((*it)[1].str().ends_with("_to_delete_id")) << item.path;
    }
  }
}

TEST_F(PostmanTest, DeletesComeLastInReverseDependencyOrder) {
  std::vector<std::string> order;
  bool in_deletes = false;
  for (const Item& item : *items_) {
    if (item.method == "DELETE") {
      EXPECT_EQ(item.folder, "Deletes") << item.path;
      if (item.setup()) continue;
      std::string resource = item.path.substr(4, item.path.find('/', 4) - 4);
      if (order.empty() || order.back() != resource) order.push_back(resource);
    }
    if (item.folder == "Deletes") in_deletes = true;
    else EXPECT_FALSE(in_deletes) << item.name << " comes after the deletes";
  }
  std::vector<std::string> expected;
  for (const Resource* r : AllResources())
    for (const auto& route : ResourceRoutes(*r))
      if (route.method == "DELETE" && (expected.empty() || expected.back() != r->name)) expected.push_back(r->name);
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(order, expected);
}

TEST_F(PostmanTest, ActionsRunOnlyFromStatesTheirLifecycleAllows) {
  std::map<std::string, std::string> state;  // row variable -> its state
  for (const Item& item : *items_) {
    const Resource* r = FindResource(item.folder);
    if (!r || r->lifecycle.field.empty()) continue;
    std::smatch m;
    if (item.method == "POST" && std::regex_match(item.path, m, std::regex("/v1/" + r->name))) {
      std::string var = std::regex_replace(Tests(*item.node), std::regex(R"([\s\S]*set\('([^']+)'[\s\S]*)"), "$1");
      int i = r->FieldIndex(r->lifecycle.field);
      const Field& f = r->fields[static_cast<size_t>(i)];
      const auto* initial = std::get_if<std::string>(&f.default_value);
      state[var] = initial ? *initial : f.enum_values.front();
      continue;
    }
    if (!std::regex_match(item.path, m, std::regex("/v1/" + r->name + R"(/\{\{([a-z_0-9]+)\}\}/([a-z_]+))"))) continue;
    const Action* a = r->FindAction(m[2].str());
    if (!a) continue;  // a child route
    ASSERT_TRUE(state.count(m[1])) << item.name << " acts on a row no request created";
    std::string& now = state[m[1]];
    EXPECT_TRUE(a->from.empty() || std::find(a->from.begin(), a->from.end(), now) != a->from.end())
        << r->name << "/" << a->name << " runs in state " << now;
    if (!a->to.empty()) now = a->to;
  }
  // A row other tables reference stays usable: some action still leaves its final state.
  for (const Resource* r : AllResources()) {
    if (r->lifecycle.actions.empty() || !state.count(r->singular + "_id")) continue;
    bool referenced = false;
    for (const Resource* t : AllTables())
      for (const Field& f : t->fields) referenced |= t != r && f.references == r->name && !f.read_only;
    if (!referenced) continue;
    const std::string& end = state[r->singular + "_id"];
    EXPECT_TRUE(std::any_of(r->lifecycle.actions.begin(), r->lifecycle.actions.end(), [&](const Action& a) {
      return a.from.empty() || std::find(a.from.begin(), a.from.end(), end) != a.from.end();
    })) << r->name << "'s own row ends in " << end << ", which no action leaves";
  }
}

TEST_F(PostmanTest, BodiesPassTheServersValidation) {
  size_t checked = 0;
  for (const Item& item : *items_) {
    if (item.body.empty() || item.folder == "Session" || item.path.find("/organizations/") != std::string::npos) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(item.path, m, std::regex(R"(/v1/([a-z_]+)(/[^/]+)?(/([a-z_]+))?(/[^/]+)?)")))
        << item.path;
    const Resource* r = FindResource(m[1].str());
    ASSERT_NE(r, nullptr) << item.path;
    std::string body = Filled(item.body);
    Result<Record> ok = Fail(ErrorCode::kInternal, "unchecked");
    if (m[2] == "/bulk") {
      auto rows = ValidateArray(*r, body, item.method == "POST" ? Mode::kCreate : Mode::kReplace, 1000);
      EXPECT_TRUE(rows) << item.name << ": " << rows.error().message << "\n" << body;
      ++checked;
      continue;
    }
    Mode mode = item.method == "PATCH" ? Mode::kPatch : item.method == "PUT" ? Mode::kReplace : Mode::kCreate;
    if (m[4].matched) {
      const Resource* target = nullptr;
      Resource action_body;
      if (int c = r->ChildIndex(m[4].str()); c >= 0) {
        target = r->children[static_cast<size_t>(c)].resource;
      } else if (const Action* a = r->FindAction(m[4].str())) {
        action_body = Resource{a->name, a->name, a->summary, a->inputs};
        action_body.inputs = r->inputs;
        target = &action_body;
        mode = Mode::kCreate;
      }
      ASSERT_NE(target, nullptr) << item.path;
      ok = ValidateObject(*target, body, mode);
    } else {
      ok = ValidateObject(*r, body, mode);
    }
    EXPECT_TRUE(ok) << item.name << " (" << item.path << "): " << ok.error().message << "\n" << body;
    ++checked;
  }
  EXPECT_GT(checked, AllResources().size() * 2);
}

TEST(PostmanExamplesTest, OpenApiAndPostmanShareTheExampleValues) {
  // The table's rules hold in both: an adjustment's example names no transfer locations.
  const Resource* ops = FindResource("stock_operations");
  ASSERT_NE(ops, nullptr);
  for (const Field* f : ExampleFields(*ops)) {
    EXPECT_NE(f->name, "from_location_id");
    EXPECT_NE(f->name, "to_location_id");
  }
  // Lifecycle states are never sent: only actions move them.
  for (const Resource* r : AllResources())
    for (const Field* f : ExampleFields(*r)) {
      EXPECT_NE(f->name, r->lifecycle.field.empty() ? "-" : r->lifecycle.field) << r->name;
      EXPECT_FALSE(f->read_only) << r->name << "." << f->name;
    }
}

}  // namespace
}  // namespace supplyhub::documents
