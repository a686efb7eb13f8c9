// The Postman collection's requests: set-up, one folder per resource from the route table, the deletes.
#include "documents/postman.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "documents/examples.h"
#include "documents/postman_internal.h"
#include "schema/routes.h"
#include "schema/registry.h"

namespace supplyhub::documents {

using detail::Folder;
using detail::Request;
using schema::Action;
using schema::Child;
using schema::Field;
using schema::FieldType;
using schema::Resource;
using schema::ResourceRoute;
using schema::RouteKind;

namespace {

// ---- What the declarations cannot say: the set-up a run needs (data) ----

// A request sent at the start (or the end) of a resource's folder.
struct SetupStep {
  std::string_view resource;
  bool after = false;  // at the end of the folder instead of its start
  std::string_view name, method, path, body;
};

constexpr SetupStep kSetupSteps[] = {
    // NCR signatures (a read-only child) are recorded only when the
    // organization requires e-signatures; the folder turns them on and off.
    {"ncrs", false, "Require e-signatures on NCR changes, so that signatures are recorded", "PUT",
     "/v1/organizations/{{org_id}}/settings", R"({"ncr_esignature_required": true})"},
    {"ncrs", true, "Stop requiring e-signatures on NCR changes", "PUT", "/v1/organizations/{{org_id}}/settings",
     R"({"ncr_esignature_required": false})"},
};

// Write-only inputs sent with every write of a resource (raw JSON).
struct InputValue {
  std::string_view resource, input, json;
};

constexpr InputValue kInputValues[] = {
    {"ncrs", "esignature_password", R"("{{password}}")"},
    {"ncrs", "esignature_reason", R"("Postman collection run")"},
};

// ---- Building the requests ----

// A table's row id variable: parts -> part_id.
std::string IdVar(const Resource& table) { return table.singular + "_id"; }
std::string IdVar(std::string_view table_name) {
  const Resource* t = schema::FindTable(table_name);
  return t ? IdVar(*t) : std::string(table_name) + "_id";
}
std::string Braced(const std::string& var) { return "{{" + var + "}}"; }

// Test-script lines.
std::string ExpectStatus(int status) {
  std::string code = std::to_string(status);
  return "pm.test('answers " + code + "', function () { pm.response.to.have.status(" + code + "); });";
}
// Scripts declare nothing at their top level: newman runs them all in one
// context, where a second `const data` is an error.
std::vector<std::string> StoreId(const std::string& var) {
  return {"pm.test('stores the new id in " + var + "', function () {",
          "  const id = pm.response.json().data.id;",
          "  pm.expect(id).to.be.a('number');",
          "  pm.collectionVariables.set('" + var + "', id);",
          "});"};
}

class Builder {
 public:
  explicit Builder(std::span<const Resource* const> resources) : resources_(resources) {}

  std::vector<Folder> Build() {
    std::vector<Folder> folders{Session()};
    for (const Resource* r : resources_) folders.push_back(ResourceFolder(*r));
    folders.push_back(Deletes());
    return folders;
  }

  const std::vector<std::string>& Variables() const { return variables_; }

 private:
  void Declare(const std::string& var) {
    if (std::find(variables_.begin(), variables_.end(), var) == variables_.end()) variables_.push_back(var);
  }

  // The references of a row to delete (`disposable`) that are part of a key
  // unique together (inventory's part and location) name other rows to
  // delete, so the key is new; the rest name the folders' own rows, which
  // are in the states their actions left (an issued invoice takes payments).
  ExampleStyle Style(std::string suffix, const Resource* disposable = nullptr) const {
    ExampleStyle s;
    s.reference = [this, disposable](JsonWriter& w, const Field& f) {
      bool keyed = false;
      if (disposable)
        for (const auto& key : disposable->unique_together)
          keyed |= std::find(key.begin(), key.end(), f.name) != key.end();
      const bool other = keyed && disposables_.count(f.references);
      w.Raw(Braced(other ? DisposableVar(*schema::FindTable(f.references)) : IdVar(f.references)));
    };
    s.unique_suffix = std::move(suffix);
    s.input = [](JsonWriter& w, const Resource& r, const Field& f) {
      for (const InputValue& v : kInputValues)
        if (v.resource == r.name && v.input == f.name) {
          w.Raw(v.json);
          return true;
        }
      return false;
    };
    return s;
  }

  // What a body of `r` sends: optional references to rows the run has not
  // created yet are left out.
  std::vector<const Field*> BodyFields(const Resource& r) const {
    std::vector<const Field*> out;
    for (const Field* f : ExampleFields(r))
      if (f->type != FieldType::kReference || f->required || created_.count(f->references)) out.push_back(f);
    return out;
  }

  std::string Body(const Resource& r, const std::string& suffix, const std::vector<const Field*>& fields = {},
                   bool disposable = false, std::string_view id = {}) const {
    JsonWriter w;
    ExampleBody(w, r, Style(suffix, disposable ? &r : nullptr), fields.empty() ? BodyFields(r) : fields, id);
    return w.Take();
  }

  static std::string DisposableVar(const Resource& r) { return r.singular + "_to_delete_id"; }

  // PATCH sends one plain field: a string if there is one, else the first.
  std::vector<const Field*> PatchFields(const Resource& r) const {
    std::vector<const Field*> plain;
    for (const Field* f : BodyFields(r))
      if (!f->unique && f->type != FieldType::kReference) plain.push_back(f);
    auto text = std::find_if(plain.begin(), plain.end(), [](const Field* f) { return f->type == FieldType::kString; });
    if (text != plain.end()) return {*text};
    if (!plain.empty()) return {plain.front()};
    return BodyFields(r);
  }

  // A route's path with its ids as variables.
  // `child_var` names the child row (default: the child's own id variable).
  static std::string PathOf(const ResourceRoute& route, const std::string& id_var, const std::string& child_var) {
    std::string path = std::string(schema::kRoutePrefixes[0]) + route.path;
    auto put = [&](const std::string& placeholder, const std::string& var) {
      if (size_t at = path.find(placeholder); at != std::string::npos) path.replace(at, placeholder.size(), Braced(var));
    };
    put("{id}", id_var);
    if (route.child) put("{child_id}", child_var.empty() ? IdVar(*route.child->resource) : child_var);
    return path;
  }

  Request ForRoute(const ResourceRoute& route, const std::string& id_var, const std::string& child_var = "") {
    return {route.summary, route.method, PathOf(route, id_var, child_var), "",
            route.summary + ". Scope: `" + route.scope + "`.", {ExpectStatus(schema::SuccessStatus(route))}};
  }

  // POST a child to the row `parent_var` names; its id goes into `var`.
  Request ChildCreateRequest(const ResourceRoute& route, const std::string& parent_var, const std::string& var,
                             const std::string& suffix) {
    Request q = ForRoute(route, parent_var);
    q.body = Body(*route.child->resource, suffix);
    for (auto& line : StoreId(var)) q.tests.push_back(line);
    Declare(var);
    return q;
  }

  Request CreateRequest(const Resource& r, const ResourceRoute& route, const std::string& var,
                        const std::string& suffix, bool disposable = false) {
    Request q = ForRoute(route, "");
    q.body = Body(r, suffix, {}, disposable);
    for (auto& line : StoreId(var)) q.tests.push_back(line);
    Declare(var);
    return q;
  }

  Folder Session() {
    Folder f{"Session", "Log in once; every later request sends the token as a bearer token (collection auth).", {}};
    Request login{"Log in", "POST", "/v1/auth/login", R"({"username": "{{username}}", "password": "{{password}}"})",
                  "Logs in with the collection variables `username` and `password` and stores the token in `token`. "
                  "Also starts a new `run`, the suffix of this run's unique keys.",
                  {ExpectStatus(200), "pm.test('returns a token', function () {",
                   "  const token = pm.response.json().data.token;", "  pm.expect(token).to.be.a('string');",
                   "  pm.collectionVariables.set('token', token);",
                   "  pm.collectionVariables.set('run', Date.now().toString(36));", "});"},
                  true};
    Request who{"Who am I", "GET", "/v1/tokenInfo", "",
                "The token's user and organization (seed 004's shape, no envelope); stores the organization's id in "
                "`org_id`.",
                {ExpectStatus(200), "pm.test('names the organization', function () {",
                 "  const org = pm.response.json()._organizationId;", "  pm.expect(org).to.be.ok;",
                 "  pm.collectionVariables.set('org_id', org);", "});"}};
    Request status{"System status", "GET", "/v1/status", "", "Needs no token.", {ExpectStatus(200)}, true};
    f.requests = {std::move(login), std::move(who), std::move(status)};
    return f;
  }

  void AddSetup(Folder& folder, const Resource& r, bool after) {
    for (const SetupStep& s : kSetupSteps)
      if (s.resource == r.name && s.after == after)
        folder.requests.push_back({std::string(kPostmanSetupPrefix) + std::string(s.name), std::string(s.method),
                                   std::string(s.path), std::string(s.body), "Prepares the requests of this folder.",
                                   {ExpectStatus(200)}});
  }

  Folder ResourceFolder(const Resource& r) {
    Folder f{r.name, r.description, {}};
    AddSetup(f, r, false);
    const std::vector<ResourceRoute> routes = schema::ResourceRoutes(r);
    auto route_of = [&](RouteKind kind, const Child* c = nullptr, const Action* a = nullptr) -> const ResourceRoute* {
      for (const auto& route : routes)
        if (route.kind == kind && route.child == c && route.action == a) return &route;
      return nullptr;
    };
    const std::string id = IdVar(r), suffix = "-{{run}}";
    created_.insert(r.name);
    if (const auto* route = route_of(RouteKind::kCreate)) f.requests.push_back(CreateRequest(r, *route, id, suffix));
    if (const auto* route = route_of(RouteKind::kList)) f.requests.push_back(ForRoute(*route, id));
    if (const auto* route = route_of(RouteKind::kGet)) {
      Request q = ForRoute(*route, id);
      q.tests.push_back("pm.test('is the row asked for', function () { pm.expect(pm.response.json().data.id)"
                        ".to.eql(Number(pm.collectionVariables.get('" + id + "'))); });");
      f.requests.push_back(std::move(q));
    }
    if (const auto* route = route_of(RouteKind::kReplace)) {
      Request q = ForRoute(*route, id);
      q.body = Body(r, suffix);
      f.requests.push_back(std::move(q));
    }
    if (const auto* route = route_of(RouteKind::kPatch)) {
      Request q = ForRoute(*route, id);
      q.body = Body(r, suffix, PatchFields(r));
      f.requests.push_back(std::move(q));
    }
    if (const auto* route = route_of(RouteKind::kBulkCreate)) {
      Request q = ForRoute(*route, id);
      q.body = "[" + Body(r, suffix + "-bulk1") + "," + Body(r, suffix + "-bulk2") + "]";
      f.requests.push_back(std::move(q));
    }
    if (const auto* route = route_of(RouteKind::kBulkReplace)) {
      Request q = ForRoute(*route, id);
      q.body = "[" + Body(r, suffix, {}, false, Braced(id)) + "]";
      f.requests.push_back(std::move(q));
    }
    for (const Child& c : r.children) {
      const std::string child_id = IdVar(*c.resource);
      created_.insert(c.resource->name);
      if (const auto* route = route_of(RouteKind::kChildCreate, &c))
        f.requests.push_back(ChildCreateRequest(*route, id, child_id, suffix));
      if (const auto* route = route_of(RouteKind::kChildList, &c)) {
        Request q = ForRoute(*route, id);
        if (c.read_only) {  // written by the server: show the first one it wrote
          for (std::string line : {"pm.test('has " + c.name + " to show', function () {",
                                   std::string("  const rows = pm.response.json().data;"),
                                   std::string("  pm.expect(rows).to.not.be.empty;"),
                                   "  pm.collectionVariables.set('" + child_id + "', rows[0].id);", std::string("});")})
            q.tests.push_back(std::move(line));
          Declare(child_id);
        }
        f.requests.push_back(std::move(q));
      }
      if (const auto* route = route_of(RouteKind::kChildGet, &c)) f.requests.push_back(ForRoute(*route, id));
      if (const auto* route = route_of(RouteKind::kChildReplace, &c)) {
        Request q = ForRoute(*route, id);
        q.body = Body(*c.resource, suffix);
        f.requests.push_back(std::move(q));
      }
      if (const auto* route = route_of(RouteKind::kChildPatch, &c)) {
        Request q = ForRoute(*route, id);
        q.body = Body(*c.resource, suffix, PatchFields(*c.resource));
        f.requests.push_back(std::move(q));
      }
    }
    const auto walks = detail::ActionWalks(r);
    for (size_t k = 0; k < walks.size(); ++k) {
      std::string row = id;
      if (k > 0) {  // a new row in the initial state for the actions the first could not reach
        row = r.singular + "_" + std::to_string(k + 1) + "_id";
        Request q = CreateRequest(r, *route_of(RouteKind::kCreate), row, suffix + "-" + std::to_string(k + 1));
        q.name = std::string(kPostmanSetupPrefix) + "another " + r.singular + " for the next actions";
        f.requests.push_back(std::move(q));
      }
      for (const detail::Step& step : walks[k]) {
        const Action* a = step.action;
        Request q = ForRoute(*route_of(RouteKind::kAction, nullptr, a), row);
        if (step.setup) q.name = std::string(kPostmanSetupPrefix) + a->name + " it again, to reach " + a->to;
        JsonWriter body;
        ExampleActionBody(body, r, *a, Style(suffix));
        q.body = body.Take();
        if (!a->to.empty())
          q.tests.push_back("pm.test('" + r.lifecycle.field + " is " + a->to + "', function () { pm.expect(pm.response."
                            "json().data." + r.lifecycle.field + ").to.eql('" + a->to + "'); });");
        f.requests.push_back(std::move(q));
      }
    }
    AddSetup(f, r, true);
    return f;
  }

  // The folders' own rows stay: rows that cannot be deleted (immutable ones,
  // those an action wrote) may reference them. Instead a row of every
  // resource that has a delete, and a child of it for each child delete, is
  // created to be deleted, in dependency order (see Style for what they
  // reference), and all are deleted in reverse dependency order, children first.
  Folder Deletes() {
    Folder f{"Deletes", "Rows created to be deleted, then every delete in reverse dependency order.", {}};
    auto route_of = [](const Resource& r, RouteKind kind) -> std::optional<ResourceRoute> {
      for (auto& route : schema::ResourceRoutes(r))
        if (route.kind == kind) return route;
      return std::nullopt;
    };
    for (const Resource* r : resources_) {
      auto create = route_of(*r, RouteKind::kCreate);
      if (!create || !route_of(*r, RouteKind::kDelete)) continue;
      Request q = CreateRequest(*r, *create, DisposableVar(*r), "-{{run}}-deleted", true);
      q.name = std::string(kPostmanSetupPrefix) + schema::WithArticle(r->singular) + " to delete";
      f.requests.push_back(std::move(q));
      disposables_.insert(r->name);
      for (const auto& route : schema::ResourceRoutes(*r))  // and a child of it for each child delete
        if (route.kind == RouteKind::kChildCreate) {
          Request child = ChildCreateRequest(route, DisposableVar(*r), DisposableVar(*route.child->resource),
                                             "-{{run}}-deleted");
          child.name = std::string(kPostmanSetupPrefix) + schema::WithArticle(route.child->resource->singular) +
                       " to delete";
          f.requests.push_back(std::move(child));
        }
    }
    for (auto it = resources_.rbegin(); it != resources_.rend(); ++it) {
      for (const auto& route : schema::ResourceRoutes(**it))
        if (route.kind == RouteKind::kChildDelete)
          f.requests.push_back(ForRoute(route, DisposableVar(**it), DisposableVar(*route.child->resource)));
      auto route = route_of(**it, RouteKind::kDelete);
      if (!route) continue;
      // A row its lock keeps (a posted payment) first moves to a state that lets it go.
      for (const Action* a : detail::PathToDeletable(**it))
        for (const auto& act : schema::ResourceRoutes(**it)) {
          if (act.action != a) continue;
          Request q = ForRoute(act, DisposableVar(**it));
          q.name = std::string(kPostmanSetupPrefix) + a->name + " it, so that it may be deleted";
          JsonWriter body;
          ExampleActionBody(body, **it, *a, Style("-{{run}}-deleted"));
          q.body = body.Take();
          f.requests.push_back(std::move(q));
        }
      f.requests.push_back(ForRoute(*route, DisposableVar(**it)));
    }
    return f;
  }

  std::span<const Resource* const> resources_;
  std::set<std::string> created_;      // tables with a row by now
  std::set<std::string> disposables_;  // tables with a row to delete by now
  std::vector<std::string> variables_;
};

}  // namespace

std::string PostmanCollection(std::span<const Resource* const> resources, std::string_view version,
                              std::string_view base_url) {
  Builder builder(resources);
  const std::vector<Folder> folders = builder.Build();
  return detail::WriteCollection(folders, builder.Variables(), version, base_url);
}

}  // namespace supplyhub::documents
