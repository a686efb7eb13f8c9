#include "documents/postman.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/json_writer.h"
#include "documents/examples.h"
#include "schema/routes.h"
#include "schema/registry.h"

namespace supplyhub::documents {

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

// ---- The collection as data, written out at the end ----

struct Request {
  std::string name;
  std::string method;
  std::string path;  // below {{baseUrl}}: "/v1/parts/{{part_id}}"
  std::string body;  // raw JSON; empty: none
  std::string description;
  std::vector<std::string> tests;
  bool open = false;  // sent without the collection's bearer token
};

struct Folder {
  std::string name, description;
  std::vector<Request> requests;
};

const char* const kSchemaUrl = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

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

// ---- Actions in an order their lifecycle allows ----

std::string InitialState(const Resource& r) {
  if (r.lifecycle.field.empty()) return "";
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return "";
  const Field& f = r.fields[static_cast<size_t>(i)];
  if (const auto* s = std::get_if<std::string>(&f.default_value)) return *s;
  return f.enum_values.empty() ? "" : f.enum_values.front();
}

bool Allowed(const Action& a, const std::string& state) {
  return a.from.empty() || std::find(a.from.begin(), a.from.end(), state) != a.from.end();
}

// A state no action leaves (a cancelled order); none while an action may start anywhere.
bool Terminal(const Resource& r, const std::string& state) {
  return std::none_of(r.lifecycle.actions.begin(), r.lifecycle.actions.end(),
                      [&](const Action& a) { return Allowed(a, state); });
}

// Rows of `r` that other tables may point at (a pick ticket's order).
bool Referenced(const Resource& r) {
  for (const Resource* t : schema::AllTables())
    for (const Field& f : t->fields)
      if (t != &r && f.type == FieldType::kReference && f.references == r.name && !f.read_only) return true;
  return false;
}

struct Walk {
  std::vector<const Action*> actions;
  std::vector<bool> used;
  std::vector<const Action*> path, best;
  std::function<bool(const std::string&)> may_end;  // in this state
};

// The longest sequence of distinct actions that one row can go through from
// `state` and end as `may_end` allows (the first such in declaration order).
void LongestWalk(Walk& walk, const std::string& state) {
  if (walk.path.size() > walk.best.size() && walk.may_end(state)) walk.best = walk.path;
  if (walk.best.size() == walk.actions.size()) return;
  for (size_t i = 0; i < walk.actions.size(); ++i) {
    if (walk.used[i] || !Allowed(*walk.actions[i], state)) continue;
    walk.used[i] = true;
    walk.path.push_back(walk.actions[i]);
    LongestWalk(walk, walk.actions[i]->to.empty() ? state : walk.actions[i]->to);
    walk.path.pop_back();
    walk.used[i] = false;
    if (walk.best.size() == walk.actions.size()) return;
  }
}

std::string After(const Action& a, const std::string& state) { return a.to.empty() ? state : a.to; }

// The fewest actions that take a row from `from` to a state `goal` allows
// (breadth first over the lifecycle's states), or nullopt.
std::optional<std::vector<const Action*>> ShortestPath(const Resource& r, const std::string& from, const Action& goal) {
  std::map<std::string, std::vector<const Action*>> reached{{from, {}}};
  std::vector<std::string> queue{from};
  for (size_t next = 0; next < queue.size(); ++next) {
    const std::string state = queue[next];
    if (Allowed(goal, state)) return reached[state];
    for (const Action& a : r.lifecycle.actions) {
      if (!Allowed(a, state) || reached.count(After(a, state))) continue;
      auto path = reached[state];
      path.push_back(&a);
      reached[After(a, state)] = std::move(path);
      queue.push_back(After(a, state));
    }
  }
  return std::nullopt;
}

struct Step {
  const Action* action;
  bool setup;  // repeated to reach a state: not the action's own request
};

// Every action once, in walks: each walk runs on a row created in the
// initial state. The first runs on the folder's own row; when other tables
// reference that row it must stay usable, so that walk does not end in a
// state no action leaves (orders: allocate there, close and cancel on rows
// of their own). A later walk first repeats, as set-up, the fewest actions
// that reach a state its next action starts from (a purchase order is
// confirmed again before it is closed). Actions no walk can reach end the
// last walk, where the run shows them failing.
std::vector<std::vector<Step>> ActionWalks(const Resource& r) {
  Walk walk;
  for (const Action& a : r.lifecycle.actions) walk.actions.push_back(&a);
  const std::string initial = InitialState(r);
  const bool keep_alive = Referenced(r);
  auto take_longest = [&](const std::string& from, std::vector<Step>& steps) {
    walk.used.assign(walk.actions.size(), false);
    walk.path.clear();
    walk.best.clear();
    LongestWalk(walk, from);
    for (const Action* a : walk.best) {
      steps.push_back({a, false});
      walk.actions.erase(std::find(walk.actions.begin(), walk.actions.end(), a));
    }
  };
  std::vector<std::vector<Step>> walks(1);
  walk.may_end = [&](const std::string& state) { return !keep_alive || !Terminal(r, state); };
  take_longest(initial, walks[0]);
  walk.may_end = [](const std::string&) { return true; };
  while (!walk.actions.empty()) {
    std::vector<Step> steps;
    for (const Action* next : walk.actions) {
      auto path = ShortestPath(r, initial, *next);
      if (!path) continue;
      std::string state = initial;
      for (const Action* a : *path) {
        steps.push_back({a, true});
        state = After(*a, state);
      }
      steps.push_back({next, false});
      walk.actions.erase(std::find(walk.actions.begin(), walk.actions.end(), next));
      take_longest(After(*next, state), steps);
      break;
    }
    if (steps.empty()) {  // unreachable
      for (const Action* a : walk.actions) walks.back().push_back({a, false});
      break;
    }
    walks.push_back(std::move(steps));
  }
  return walks;
}

// ---- Building the requests ----

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
    const auto walks = ActionWalks(r);
    for (size_t k = 0; k < walks.size(); ++k) {
      std::string row = id;
      if (k > 0) {  // a new row in the initial state for the actions the first could not reach
        row = r.singular + "_" + std::to_string(k + 1) + "_id";
        Request q = CreateRequest(r, *route_of(RouteKind::kCreate), row, suffix + "-" + std::to_string(k + 1));
        q.name = std::string(kPostmanSetupPrefix) + "another " + r.singular + " for the next actions";
        f.requests.push_back(std::move(q));
      }
      for (const Step& step : walks[k]) {
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
      if (auto route = route_of(**it, RouteKind::kDelete)) f.requests.push_back(ForRoute(*route, DisposableVar(**it)));
    }
    return f;
  }

  std::span<const Resource* const> resources_;
  std::set<std::string> created_;      // tables with a row by now
  std::set<std::string> disposables_;  // tables with a row to delete by now
  std::vector<std::string> variables_;
};

// ---- Writing the collection ----

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

std::string PostmanCollection(std::span<const Resource* const> resources, std::string_view version,
                              std::string_view base_url) {
  Builder builder(resources);
  const std::vector<Folder> folders = builder.Build();
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
  for (const std::string& var : builder.Variables()) Variable(w, var, "", "Set by a create");
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

}  // namespace supplyhub::documents
