// Every declared resource, tested from its declaration over real HTTP: the
// bodies are generated from the fields (tests as data), so a new resource,
// field, child or route is covered without a new test. Each suite is
// instantiated over the resources it applies to, one instance per resource.
// A table of data at the top: RulesTable(), the business rules a
// declaration does not state. Helpers throw on a failed set-up step (gtest reports
// the exception as the test's failure); the checks are EXPECT/ASSERTs.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "schema/resource.h"
#include "schema/routes.h"
#include "support/test_server.h"
#include "schema/registry.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
using schema::Child;
using schema::Field;
using schema::FieldType;
using schema::Resource;

// ---- Business rules the declarations do not carry (keyed by table name) ----
struct Rules {
  json fixed = json::object();  // values every generated body of the table uses
  std::string replay_key;       // a unique field whose repeat returns the first row (200), not a 409
  // reference field -> action run on the row created for it (a payment needs an issued invoice)
  std::map<std::string, std::string> reference_actions = {};
};

const std::map<std::string, Rules>& RulesTable() {
  static const std::map<std::string, Rules> rules = {
      // An adjustment needs a location and a non-zero change, and stock never goes
      // below zero: a positive adjustment (a transfer would need stock first). The
      // same idempotency_key again answers with the first operation.
      {"stock_operations",
       {json::object({{"kind", "adjust"}, {"quantity", 5}, {"from_location_id", nullptr}, {"to_location_id", nullptr},
                      {"sku_id", nullptr}}),
        "idempotency_key"}},
      // Stock is of exactly one item: a part (these bodies) or a SKU.
      {"inventory", {json::object({{"sku_id", nullptr}}), ""}},
      // Payments go to issued invoices.
      {"payments", {json::object({{"currency", "USD"}}), "", {{"invoice_id", "issue"}}}},
      // Results must name characteristics of the inspection's specification: none.
      {"inspection_samples", {json::object({{"results", json::array()}}), ""}},
      // (inventory: one row per part_id+location_id holds because every body
      // references freshly created rows.)
  };
  return rules;
}

const Rules& RulesFor(const Resource& r) {
  static const Rules none;
  auto it = RulesTable().find(r.name);
  return it == RulesTable().end() ? none : it->second;
}

// ---- What the declarations say ----
// A lifecycle's state or its boolean mirror: changing it runs an action, so bodies keep the initial state.
bool IsState(const Resource& r, const Field& f) { return f.name == r.lifecycle.field || f.name == r.lifecycle.flag_field; }
bool IsSelfReference(const Resource& r, const Field& f) {
  return f.type == FieldType::kReference && f.references == r.name;
}
bool IsFixed(const Resource& r, const Field& f) { return IsState(r, f) || RulesFor(r).fixed.contains(f.name); }

// The state a new row starts in ("" without a lifecycle).
std::string StartState(const Resource& r) {
  int i = r.FieldIndex(r.lifecycle.field);
  if (i < 0) return "";
  const auto* s = std::get_if<std::string>(&r.fields[static_cast<size_t>(i)].default_value);
  return s ? *s : "";
}
// Final from the start (a posted payment's amount, schema::Lock): writes that
// change it are 409, checked by DeclaredResourcesLockTest. "" names the row (DELETE).
bool LockedAtStart(const Resource& r, const std::string& member) {
  return r.LockOn(StartState(r), member) != nullptr;
}

// Required, or one of an exactly_one group (then the body keeps the one it set).
bool Needed(const Resource& r, const Field& f) {
  if (f.required) return true;
  for (const auto& group : r.exactly_one)
    if (std::count(group.begin(), group.end(), f.name)) return true;
  return false;
}

bool AnyField(const Resource& r, const std::function<bool(const Field&)>& test) {
  return std::any_of(r.fields.begin(), r.fields.end(), test);
}

// Writable fields whose generated value differs between variants.
std::vector<const Field*> Varied(const Resource& r) {
  std::vector<const Field*> out;
  for (const Field& f : r.fields)
    if (!f.read_only && !IsFixed(r, f) && !IsSelfReference(r, f) && !LockedAtStart(r, f.name) &&
        (f.type != FieldType::kEnum || f.enum_values.size() > 1))
      out.push_back(&f);
  return out;
}

std::vector<const Field*> WritableReferences(const Resource& r) {
  std::vector<const Field*> out;
  for (const Field& f : r.fields)
    if (!f.read_only && f.type == FieldType::kReference && !IsFixed(r, f)) out.push_back(&f);
  return out;
}

std::vector<const Child*> WritableChildren(const Resource& r) {
  std::vector<const Child*> out;
  for (const Child& c : r.children)
    if (!c.read_only && !LockedAtStart(r, c.name)) out.push_back(&c);
  return out;
}

// (child, field) for every writable reference field of a writable child.
std::vector<std::pair<const Child*, const Field*>> ChildReferences(const Resource& r) {
  std::vector<std::pair<const Child*, const Field*>> out;
  for (const Child* c : WritableChildren(r))
    for (const Field* f : WritableReferences(*c->resource)) out.emplace_back(c, f);
  return out;
}

// Sortable fields a body may leave empty.
std::vector<const Field*> NullableSortable(const Resource& r) {
  std::vector<const Field*> out;
  for (const Field* f : Varied(r))
    if (f->sortable && !f->required) out.push_back(f);
  return out;
}

const Resource& Target(const Field& f) {
  const Resource* t = schema::FindTable(f.references);
  if (!t) throw std::runtime_error(f.name + " references undeclared " + f.references);
  return *t;
}

// The JSON a field takes when a body leaves it out (its declared default).
json DefaultOf(const Field& f) {
  if (const auto* s = std::get_if<std::string>(&f.default_value)) return *s;
  if (const auto* i = std::get_if<int64_t>(&f.default_value)) return f.type == FieldType::kBoolean ? json(*i != 0) : json(*i);
  if (f.type == FieldType::kEnum) return f.enum_values.front();
  return nullptr;
}

// A filter value that `current` does not equal (null: the type has none).
json Mismatch(const Field& f, const json& current) {
  switch (f.type) {
    case FieldType::kBoolean: return current.is_boolean() ? !current.get<bool>() : true;
    case FieldType::kEnum:
      for (const auto& v : f.enum_values)
        if (current != v) return v;
      return nullptr;
    case FieldType::kInteger:
    case FieldType::kReference: return current.is_number() ? current.get<int64_t>() + 1000000 : 1000000;
    case FieldType::kNumber:
    case FieldType::kDecimal: return current.is_number() ? current.get<double>() + 1000 : 1000.0;
    case FieldType::kDate: return "1999-12-31";
    case FieldType::kDateTime: return "1999-12-31T00:00:00Z";
    default: return "no-such-" + f.name;
  }
}

// ---- Small JSON, URL and response helpers ----
void Require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

std::string IdText(const json& row) { return std::to_string(row.at("id").get<int64_t>()); }
std::string Url(const Resource& r, const json& row) { return "/v1/" + r.name + "/" + IdText(row); }
std::string ChildUrl(const Resource& r, const json& parent, const Child& c) { return Url(r, parent) + "/" + c.name; }

std::string Encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// `field=value` for a query string.
std::string Filter(const std::string& field, const json& value) {
  return field + "=" + Encode(value.is_string() ? value.get<std::string>() : value.dump());
}

std::string Cased(std::string s, int (*to)(int)) {
  for (char& c : s) c = static_cast<char>(to(static_cast<unsigned char>(c)));
  return s;
}

// Upper case beyond ASCII, for the generated strings' one non-ASCII letter.
std::string UnicodeUpper(std::string s) {
  s = Cased(s, ::toupper);
  for (size_t at; (at = s.find("ü")) != std::string::npos;) s.replace(at, 2, "Ü");
  return s;
}

bool Contains(const json& rows, const json& id) {
  return std::any_of(rows.begin(), rows.end(), [&](const json& row) { return row["id"] == id; });
}

// A route pattern with every {placeholder} segment replaced by `ids` in order (then the last one).
std::string Concrete(std::string pattern, const std::vector<std::string>& ids) {
  size_t k = 0;
  for (size_t open; (open = pattern.find('{')) != std::string::npos; ++k)
    pattern.replace(open, pattern.find('}', open) - open + 1, ids[std::min(k, ids.size() - 1)]);
  return pattern;
}

// The dispatcher's answer when no route matches the path (not a resource's 404).
bool IsNoRoute(const HttpResponse& r) {
  return r.status == 404 && r.body.find("\"No route for ") != std::string::npos;
}

std::set<std::string> SplitList(const std::string& text) {
  std::set<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    if (!item.empty()) out.insert(item);
    start = comma + 1;
  }
  return out;
}

// Every field `sent` names has that value in `row`.
void ExpectSent(const json& row, const json& sent, const std::string& where) {
  for (const auto& [name, value] : sent.items()) EXPECT_EQ(row[name], value) << where << ": field " << name;
}

// `after` keeps every writable field and child collection of `before`, but `except`.
void ExpectKept(const Resource& r, const json& after, const json& before, const std::string& except) {
  for (const Field& f : r.fields)
    if (!f.read_only && f.name != except) {
      EXPECT_EQ(after[f.name], before[f.name]) << "changed " << f.name;
    }
  for (const Child& c : r.children)
    if (c.name != except) {
      EXPECT_EQ(after[c.name], before[c.name]) << "changed " << c.name;
    }
}

void ExpectErrorCode(const HttpResponse& r, int status, const std::string& code, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.body;
  if (r.status == status) {
    EXPECT_EQ(r.Json()["error"]["code"], code) << what << ": " << r.body;
  }
}

// error.fields naming one field with one message.
json FieldError(const std::string& field, const std::string& message) {
  return json::object({{field, json::array({message})}});
}

// ---- The fixture: a live server, bodies generated from declarations ----
class DeclaredResourcesFixture : public ServerTest {
 protected:
  // A valid value of `f` (a field of table `r`). Variant 0 is the first body;
  // other variants differ from it (and sort after it: "<name>-<a|b|c>-<seq>").
  // References create their target first (as `as`); self-references stay null.
  json Value(const Resource& r, const Field& f, int variant, const Headers& as = {}) {
    if (RulesFor(r).fixed.contains(f.name)) return RulesFor(r).fixed[f.name];
    if (IsState(r, f)) return DefaultOf(f);
    if (f.name == "currency") return variant % 2 ? "EUR" : "USD";  // ISO 4217: a rule its string type does not carry
    switch (f.type) {
      case FieldType::kInteger: return f.min.value_or(1) + variant;
      case FieldType::kNumber:
      case FieldType::kDecimal: return 12.5 + variant;
      case FieldType::kBoolean: return variant % 2 == 0;
      case FieldType::kDate: return Printed("2024-01-%02d", 15 + variant);
      case FieldType::kDateTime: return Printed("2024-01-15T09:30:%02dZ", variant);
      case FieldType::kEnum: return f.enum_values[static_cast<size_t>(variant) % f.enum_values.size()];
      case FieldType::kReference: return IsSelfReference(r, f) ? json(nullptr) : Referenced(r, f, as);
      case FieldType::kMoney: return Printed("%d.25", 10 + variant);
      case FieldType::kArray: return json::array({Item(f, variant)});
      case FieldType::kObject: return {{"n", variant}};
      default: return Text(f, variant);
    }
  }

  // The id of a new row for reference `f` of `r`: a child row is created
  // inside a new parent; a declared action then runs on it when the rules say so.
  json Referenced(const Resource& r, const Field& f, const Headers& as) { return ReferencedRow(r, f, as)["id"]; }
  json ReferencedRow(const Resource& r, const Field& f, const Headers& as = {}) {
    const Resource& target = Target(f);
    if (target.IsChild()) {
      const Resource& parent = *schema::FindResource(target.parent);
      const Child& c = parent.children[static_cast<size_t>(parent.ChildIndex(ChildName(parent, target)))];
      return Post(parent, BodyWithChildren(parent, c, 1, as), as)[c.name][0];
    }
    json row = Create(target, 0, as);
    auto action = RulesFor(r).reference_actions.find(f.name);
    if (action != RulesFor(r).reference_actions.end())
      row = Data(client_->Post("/v1/" + target.name + "/" + IdText(row) + "/" + action->second, "", as), 200,
                 action->second + " " + target.name);
    return row;
  }
  static std::string ChildName(const Resource& parent, const Resource& child) {
    for (const Child& c : parent.children)
      if (c.resource == &child) return c.name;
    return "";
  }

  // Every writable field of table `r`.
  json Body(const Resource& r, int variant = 0, const Headers& as = {}) {
    json body = json::object();
    for (const Field& f : r.fields)
      if (!f.read_only) body[f.name] = Value(r, f, variant, as);
    return body;
  }

  // A body of `r` with `n` embedded rows of child `c`.
  json BodyWithChildren(const Resource& r, const Child& c, int n, const Headers& as = {}) {
    json body = Body(r, 0, as);
    body[c.name] = json::array();
    for (int i = 0; i < n; ++i) body[c.name].push_back(Body(*c.resource, i, as));
    return body;
  }

  json Post(const Resource& r, const json& body, const Headers& as = {}) {
    return Data(client_->Post("/v1/" + r.name, body.dump(), as), 201, "POST /v1/" + r.name + " " + body.dump());
  }
  json Create(const Resource& r, int variant = 0, const Headers& as = {}) { return Post(r, Body(r, variant, as), as); }

  json Get(const std::string& url, const Headers& as = {}) { return Data(client_->Get(url, as), 200, "GET " + url); }

  // The whole list response (data and meta) of `r` with `query`.
  json List(const Resource& r, const std::string& query = "", const Headers& as = {}) {
    std::string url = "/v1/" + r.name + "?per_page=1000" + (query.empty() ? "" : "&" + query);
    auto res = client_->Get(url, as);
    Require(res.status == 200, "GET " + url + " -> " + std::to_string(res.status) + " " + res.body);
    return res.Json();
  }

  // A request with a JSON body (when given) and the default client's token unless `as` names another.
  HttpResponse Call(const std::string& method, const std::string& url, const json& body = nullptr,
                    Headers as = {}) {
    if (body.is_null()) return client_->Send(method, url, "", as);
    as.emplace_back("Content-Type", "application/json");
    return client_->Send(method, url, body.dump(), as);
  }

  static json Data(const HttpResponse& res, int status, const std::string& what) {
    Require(res.status == status, what + " -> " + std::to_string(res.status) + " " + res.body);
    return res.Json()["data"];
  }

 private:
  static std::string Printed(const char* format, int n) {
    char out[32];
    std::snprintf(out, sizeof out, format, n);
    return out;
  }
  // "<field>-<a|b|…>-<seq>-ü", unique per call, at most max_length characters (the tail kept).
  std::string Text(const Field& f, int variant) {
    std::string s = f.name + "-" + static_cast<char>('a' + variant) + "-" + Printed("%06d", ++seq_) + "-ü";
    return s.size() > f.max_length ? s.substr(s.size() - f.max_length) : s;
  }
  json Item(const Field& f, int variant) {
    switch (f.item_type) {
      case FieldType::kInteger: return 1 + variant;
      case FieldType::kNumber: return 1.5 + variant;
      case FieldType::kBoolean: return variant % 2 == 0;
      case FieldType::kObject: return {{"n", variant}};
      default: return Text(f, variant);
    }
  }
  int seq_ = 0;
};

// One suite per applicability, each instantiated over the resources it applies to.
class DeclaredResourcesTest : public DeclaredResourcesFixture, public ::testing::WithParamInterface<const Resource*> {
 protected:
  const Resource& R() const { return *GetParam(); }
};
class DeclaredResourcesMutableTest : public DeclaredResourcesTest {
 protected:
  // PUT and PATCH keep what they do not send: each varied field sent alone.
  void UpdateEachFieldAlone(const std::string& method) {
    ASSERT_FALSE(Varied(R()).empty());
    json row = Create(R());
    for (const Field* f : Varied(R())) {
      json one = {{f->name, Value(R(), *f, 1)}};
      auto res = Call(method, Url(R(), row), one);
      ASSERT_EQ(res.status, 200) << method << " " << one << ": " << res.body;
      json now = res.Json()["data"];
      EXPECT_EQ(now[f->name], one[f->name]) << method << " " << f->name;
      ExpectKept(R(), now, row, f->name);
      row = now;
    }
  }
};
class DeclaredResourcesUniqueTogetherTest : public DeclaredResourcesTest {};
class DeclaredResourcesSearchTest : public DeclaredResourcesTest {};
class DeclaredResourcesReferenceTest : public DeclaredResourcesTest {};
class DeclaredResourcesRequiredTest : public DeclaredResourcesTest {};
class DeclaredResourcesChildrenTest : public DeclaredResourcesTest {};
class DeclaredResourcesChildReferenceTest : public DeclaredResourcesTest {};
class DeclaredResourcesNullSortTest : public DeclaredResourcesTest {};
class DeclaredResourcesActionTest : public DeclaredResourcesTest {};
class DeclaredResourcesLockTest : public DeclaredResourcesTest {
 protected:
  // A value of locked field `f` other than `current` (currency: the other of USD and EUR).
  json OtherValue(const Field& f, const json& current) {
    if (f.name == "currency") return current == "EUR" ? "USD" : "EUR";
    for (int variant = 1; variant < 4; ++variant)
      if (json v = Value(R(), f, variant); v != current) return v;
    throw std::runtime_error("no other value for " + f.name);
  }
  // Every client write that would change what a lock makes final in the row's
  // state now is 409 immutable naming the rule; the same values pass.
  int CheckLocksIn(const std::string& url, const std::string& state) {
    int checked = 0;
    json now = Get(url);
    auto refused = [&](const HttpResponse& res, const schema::Lock& lock, const std::string& what) {
      ExpectErrorCode(res, 409, "immutable", what);
      if (res.status == 409) {
        EXPECT_NE(res.Json()["message"].get<std::string>().find(lock.rule), std::string::npos) << what << res.body;
      }
    };
    for (const Field& f : R().fields) {
      const schema::Lock* lock = R().LockOn(state, f.name);
      if (!lock || f.read_only) continue;
      json other = OtherValue(f, now[f.name]);
      for (const char* method : {"PATCH", "PUT"}) {
        auto res = Call(method, url, {{f.name, other}});
        refused(res, *lock, std::string(method) + " " + f.name + " in " + state);
        if (res.status == 409) {
          EXPECT_TRUE(res.Json()["error"]["fields"].contains(f.name)) << res.body;
        }
      }
      EXPECT_EQ(Data(Call("PATCH", url, {{f.name, now[f.name]}}), 200, "PATCH the same " + f.name)[f.name], now[f.name]);
      ++checked;
    }
    for (const Child& c : R().children) {
      const schema::Lock* lock = R().LockOn(state, c.name);
      if (!lock || c.read_only) continue;
      if (now[c.name].empty()) throw std::runtime_error("no " + c.name + " to check");
      std::string many = url + "/" + c.name, one = many + "/" + IdText(now[c.name][0]);
      refused(Call("PUT", url, {{c.name, json::array()}}), *lock, "PUT " + c.name + " [] in " + state);
      refused(Call("POST", many, Body(*c.resource, 1)), *lock, "POST " + many);
      refused(Call("PUT", one, Body(*c.resource, 1)), *lock, "PUT " + one);
      refused(Call("PATCH", one, Body(*c.resource, 1)), *lock, "PATCH " + one);
      refused(Call("DELETE", one), *lock, "DELETE " + one);
      EXPECT_EQ(Data(Call("PUT", url, {{c.name, now[c.name]}}), 200, "PUT " + c.name + " as read")[c.name],
                now[c.name]);
      ++checked;
    }
    if (const schema::Lock* lock = R().LockOn(state, "")) {
      refused(Call("DELETE", url), *lock, "DELETE in " + state);
      ++checked;
    }
    if (checked == 0) return 0;  // nothing is final here
    Data(Call("PUT", url, now), 200, "PUT of the row as read in " + state);  // keeps even locked children
    json after = Get(url);
    after.erase("updated_at");
    now.erase("updated_at");
    EXPECT_EQ(after, now) << "changed by refused writes in " + state;
    return checked;
  }
};

// ---- 1. Create, read back, list, count ----
TEST_P(DeclaredResourcesTest, CreateReadsBackListsAndCounts) {
  json body = Body(R());
  int64_t before = Count(R().name);
  auto created = client_->Post("/v1/" + R().name, body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json row = created.Json()["data"];
  EXPECT_GT(row["id"].get<int64_t>(), 0);
  EXPECT_TRUE(row["created_at"].is_string() && row["updated_at"].is_string()) << row;
  ExpectSent(row, body, "created");
  for (const Field& f : R().fields) EXPECT_TRUE(row.contains(f.name)) << "not shown: " << f.name;
  EXPECT_EQ(Get(Url(R(), row)), row);
  EXPECT_EQ(Get("/api" + Url(R(), row)), row);
  for (const Child& c : R().children) EXPECT_EQ(Get(ChildUrl(R(), row, c)), row[c.name]) << c.name;

  json list = List(R());
  auto listed = std::find_if(list["data"].begin(), list["data"].end(), [&](const json& x) { return x["id"] == row["id"]; });
  ASSERT_NE(listed, list["data"].end()) << "not listed";
  EXPECT_EQ(*listed, row);
  EXPECT_EQ(list["meta"]["total"], before + 1);
  EXPECT_EQ(list["meta"]["total_count"], before + 1);
  EXPECT_EQ(Count(R().name), before + 1);
}

// ---- 2. Replace, patch, clear, delete; immutable resources and undeclared methods answer 405 ----
TEST_P(DeclaredResourcesMutableTest, ReplaceWithAFullBody) {
  json row = Create(R(), 0);
  json body = Body(R(), 1);
  for (const Field& f : R().fields)  // what is final from the start is sent as it is
    if (!f.read_only && LockedAtStart(R(), f.name)) body[f.name] = row[f.name];
  auto put = client_->Put(Url(R(), row), body.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  json replaced = put.Json()["data"];
  ExpectSent(replaced, body, "replaced");
  for (const Field* f : Varied(R())) EXPECT_NE(replaced[f->name], row[f->name]) << "unchanged " << f->name;
  EXPECT_EQ(replaced["id"], row["id"]);
  EXPECT_EQ(replaced["created_at"], row["created_at"]);
  EXPECT_EQ(Get(Url(R(), row)), replaced);
}

TEST_P(DeclaredResourcesMutableTest, ReplaceWithOneFieldKeepsTheOthers) { UpdateEachFieldAlone("PUT"); }

TEST_P(DeclaredResourcesMutableTest, PatchChangesOneFieldAndKeepsTheOthers) { UpdateEachFieldAlone("PATCH"); }

// Clients echo what they read: a PUT of the row as read changes nothing.
TEST_P(DeclaredResourcesMutableTest, PutOfTheRowAsReadChangesNothing) {
  json row = Create(R());
  auto put = client_->Put(Url(R(), row), row.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  json echoed = put.Json()["data"];
  row.erase("updated_at");
  echoed.erase("updated_at");
  EXPECT_EQ(echoed, row);
}

TEST_P(DeclaredResourcesMutableTest, NullClearsOptionalFields) {
  json row = Create(R());
  json nulls = json::object();
  for (const Field* f : Varied(R()))
    if (!Needed(R(), *f)) nulls[f->name] = nullptr;
  auto put = client_->Put(Url(R(), row), nulls.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  json cleared = put.Json()["data"];
  ExpectSent(cleared, nulls, "cleared");
  for (const Field& f : R().fields)
    if (f.required && !f.read_only) {
      EXPECT_EQ(cleared[f.name], row[f.name]) << "required " << f.name;
    }
  EXPECT_EQ(Get(Url(R(), row)), cleared);
  for (const Field* f : Varied(R())) {  // PATCH sets one back, then clears it
    if (Needed(R(), *f)) continue;
    json value = Value(R(), *f, 1);
    EXPECT_EQ(Data(Call("PATCH", Url(R(), row), {{f->name, value}}), 200, "PATCH")[f->name], value);
    EXPECT_TRUE(Data(Call("PATCH", Url(R(), row), {{f->name, nullptr}}), 200, "PATCH")[f->name].is_null());
    break;
  }
}

TEST_P(DeclaredResourcesMutableTest, DeleteRemovesTheRow) {
  json row = Create(R());
  if (LockedAtStart(R(), "")) {  // kept in the state it starts in (a posted payment): 409, nothing changes
    ExpectErrorCode(client_->Delete(Url(R(), row)), 409, "immutable", "DELETE");
    EXPECT_EQ(Get(Url(R(), row)), row);
    return;
  }
  json kept = Create(R(), 1);
  int64_t before = Count(R().name);
  auto deleted = client_->Delete(Url(R(), row));
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.Json()["data"], row);
  auto gone = client_->Get(Url(R(), row));
  EXPECT_EQ(gone.status, 404);
  EXPECT_FALSE(IsNoRoute(gone)) << gone.body;
  EXPECT_EQ(client_->Delete(Url(R(), row)).status, 404);
  EXPECT_EQ(Count(R().name), before - 1);
  json list = List(R());
  EXPECT_FALSE(Contains(list["data"], row["id"]));
  EXPECT_TRUE(Contains(list["data"], kept["id"]));
  EXPECT_EQ(list["meta"]["total"], before - 1);
  EXPECT_EQ(Get(Url(R(), kept)), kept);
}

// A row walks its lifecycle through the actions that need no input (issue,
// void); in every state it reaches, what its locks make final stays.
TEST_P(DeclaredResourcesLockTest, WhatALockMakesFinalNoClientWriteChanges) {
  json body = Body(R());
  for (const Child& c : R().children)
    if (!c.read_only) body[c.name] = json::array({Body(*c.resource, 0)});
  std::string url = Url(R(), Post(R(), body));
  std::set<std::string> seen;
  int checked = 0;
  for (std::string state = StartState(R()); seen.insert(state).second;) {
    SCOPED_TRACE("in state " + state);
    checked += CheckLocksIn(url, state);
    for (const auto& a : R().lifecycle.actions) {  // on to a state not seen yet
      bool takes_input = std::any_of(a.inputs.begin(), a.inputs.end(), [](const Field& f) { return f.required; });
      bool allowed = a.from.empty() || std::count(a.from.begin(), a.from.end(), state);
      if (takes_input || !allowed || a.to.empty() || seen.count(a.to)) continue;
      auto moved = Call(a.method, url + "/" + a.name, json::object());
      if (moved.status != 200) continue;
      state = moved.Json()["data"][R().lifecycle.field];
      break;
    }
  }
  EXPECT_GT(checked, 0) << "no lock was reached";
}

TEST_P(DeclaredResourcesTest, UndeclaredMethodsAnswer405) {
  json row = Create(R());
  std::map<std::string, std::set<std::string>> declared;  // concrete path -> methods
  for (const auto& route : schema::ResourceRoutes(R()))
    declared[Concrete("/v1" + route.path, {IdText(row), "1"})].insert(route.method);
  for (const auto& [path, methods] : declared) {
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      if (methods.count(method)) continue;
      auto res = Call(method, path, json::object());
      EXPECT_EQ(res.status, 405) << method << " " << path << ": " << res.body;
      EXPECT_EQ(SplitList(res.Header("allow")), methods) << method << " " << path;
    }
  }
  if (R().immutable) {
    for (const char* method : {"PUT", "PATCH", "DELETE"}) EXPECT_FALSE(declared[Url(R(), row)].count(method));
  }
  EXPECT_TRUE(IsNoRoute(client_->Get(Url(R(), row) + "/no_such_collection")));
  EXPECT_EQ(Get(Url(R(), row)), row);  // unchanged by all of it
}

// ---- 3. Filters, sorting, keyword ----
TEST_P(DeclaredResourcesTest, EveryFilterableFieldFilters) {
  json a = Create(R(), 0), b = Create(R(), 1);
  int filtered = 0;
  for (const Field& f : R().fields) {
    if (!f.filterable) continue;
    SCOPED_TRACE(f.name + " = " + a[f.name].dump());
    ++filtered;
    if (!a[f.name].is_null()) {  // (null cannot be asked for)
      json found = List(R(), Filter(f.name, a[f.name]))["data"];
      EXPECT_TRUE(Contains(found, a["id"]));
      for (const json& row : found) EXPECT_EQ(row[f.name], a[f.name]) << "row " << row["id"];
      if (b[f.name] != a[f.name]) {
        EXPECT_FALSE(Contains(found, b["id"]));
      }
    }
    json other = Mismatch(f, a[f.name]);
    if (other.is_null()) continue;
    EXPECT_FALSE(Contains(List(R(), Filter(f.name, other))["data"], a["id"])) << "matched " << other;
  }
  EXPECT_GT(filtered, 0);
}

TEST_P(DeclaredResourcesTest, EverySortableFieldSortsBothWays) {
  std::vector<json> rows;
  for (int variant : {2, 0, 1}) rows.push_back(Create(R(), variant));  // values out of id order
  std::vector<std::string> keys = {"id", "created_at", "updated_at"};
  for (const Field& f : R().fields)
    if (f.sortable) keys.push_back(f.name);
  for (const std::string& key : keys) {
    for (bool descending : {false, true}) {
      SCOPED_TRACE((descending ? "-" : "") + key);
      std::vector<json> expected = rows;  // ORDER BY key, id (both descending with -)
      std::stable_sort(expected.begin(), expected.end(), [&](const json& x, const json& y) {
        bool before = x.at(key) != y.at(key) ? x.at(key) < y.at(key) : x.at("id") < y.at("id");
        return descending ? !before : before;
      });
      for (const json& row : rows) ASSERT_FALSE(row[key].is_null()) << "generated no value to sort by";
      if (key != "id" && key != "created_at" && key != "updated_at") {
        ASSERT_NE(expected, rows) << "values in id order: the check could not fail";
      }
      json listed = List(R(), "sort=" + std::string(descending ? "-" : "") + key);
      std::vector<json> got;
      for (const json& row : listed["data"])
        if (Contains(json(rows), row["id"])) got.push_back(row);
      EXPECT_EQ(got, expected);
    }
  }
}

// Rows without a value sort the same on every backend: as the smallest value
// (first ascending, last descending), where SQLite puts them.
TEST_P(DeclaredResourcesNullSortTest, EmptyValuesSortFirstAscendingOnEveryBackend) {
  json filled = Create(R(), 0);
  json body = Body(R(), 1);
  for (const Field* f : NullableSortable(R())) body[f->name] = nullptr;
  json empty = Post(R(), body);
  for (const Field* f : NullableSortable(R())) {
    for (bool descending : {false, true}) {
      std::string sort = (descending ? "-" : "") + f->name;
      json listed = List(R(), "sort=" + sort);
      std::vector<json> got;
      for (const json& row : listed["data"])
        if (row["id"] == filled["id"] || row["id"] == empty["id"]) got.push_back(row["id"]);
      std::vector<json> expected = {empty["id"], filled["id"]};
      if (descending) std::swap(expected[0], expected[1]);
      EXPECT_EQ(got, expected) << "sort=" << sort << " (null row " << empty["id"] << ")";
    }
  }
}

TEST_P(DeclaredResourcesSearchTest, KeywordFindsARowByEachSearchableField) {
  json a = Create(R(), 0), b = Create(R(), 1);
  int searched = 0;
  for (const Field& f : R().fields) {
    if (!f.searchable || !a[f.name].is_string()) continue;
    std::string word = a[f.name];
    SCOPED_TRACE(f.name + ": " + word);
    json found = List(R(), Filter("keyword", word))["data"];
    EXPECT_TRUE(Contains(found, a["id"]));
    EXPECT_FALSE(Contains(found, b["id"]));
    EXPECT_TRUE(Contains(List(R(), Filter("keyword", Cased(word, ::toupper)))["data"], a["id"])) << "ASCII case";
    EXPECT_TRUE(Contains(List(R(), Filter("keyword", word.substr(word.size() / 2)))["data"], a["id"])) << "part";
    ++searched;
  }
  EXPECT_GT(searched, 0) << "no searchable field has a value";
  EXPECT_FALSE(Contains(List(R(), "keyword=no-such-words")["data"], a["id"]));
}

TEST_P(DeclaredResourcesSearchTest, KeywordIgnoresCaseBeyondAscii) {
  json a = Create(R());
  int searched = 0;
  for (const Field& f : R().fields) {
    if (!f.searchable || !a[f.name].is_string()) continue;
    std::string word = UnicodeUpper(a[f.name].get<std::string>());
    ASSERT_NE(word, Cased(a[f.name].get<std::string>(), ::toupper)) << "no non-ASCII letter to test";
    EXPECT_TRUE(Contains(List(R(), Filter("keyword", word))["data"], a["id"])) << f.name << ": " << word;
    ++searched;
  }
  EXPECT_GT(searched, 0);
}

// A keyword is a client's question: never a server error, searchable fields or not.
TEST_P(DeclaredResourcesTest, KeywordIsAnsweredWithoutAServerError) {
  json row = Create(R());
  auto res = client_->Get("/v1/" + R().name + "?keyword=no-such-words");
  EXPECT_TRUE(res.status == 200 || res.status == 400) << res.status << " " << res.body;
  if (res.status == 200 && AnyField(R(), [](const Field& f) { return f.searchable; })) {
    EXPECT_FALSE(Contains(res.Json()["data"], row["id"]));
  }
}

// ---- 4. Unique fields (per organization) ----
TEST_P(DeclaredResourcesTest, UniqueFieldsConflictOnCreate) {
  json first = Create(R());
  Headers other_org = OtherOrganization();
  int unique = 0;
  for (const Field& f : R().fields) {
    if (!f.unique || f.read_only) continue;
    SCOPED_TRACE(f.name);
    ++unique;
    json body = Body(R(), 1);
    body[f.name] = first[f.name];
    int64_t before = Count(R().name);
    auto again = client_->Post("/v1/" + R().name, body.dump());
    if (f.name == RulesFor(R()).replay_key) {  // the first result again
      EXPECT_EQ(again.status, 200) << again.body;
      EXPECT_EQ(again.Header("idempotent-replayed"), "true");
      EXPECT_EQ(again.Json()["data"], first);
    } else {
      EXPECT_EQ(again.status, 409) << again.body;
      EXPECT_EQ(again.Json()["error"]["fields"], FieldError(f.name, "is already taken")) << again.body;
    }
    EXPECT_EQ(Count(R().name), before);
    json theirs = Body(R(), 1, other_org);
    theirs[f.name] = first[f.name];
    EXPECT_EQ(client_->Post("/v1/" + R().name, theirs.dump(), other_org).status, 201) << "not per organization";
  }
  EXPECT_GT(unique, 0);  // every resource has external_id
}

TEST_P(DeclaredResourcesMutableTest, UniqueFieldsConflictOnUpdate) {
  json first = Create(R()), second = Create(R(), 1);
  for (const Field& f : R().fields) {
    if (!f.unique || f.read_only) continue;
    for (const char* method : {"PUT", "PATCH"}) {
      auto res = Call(method, Url(R(), second), {{f.name, first[f.name]}});
      EXPECT_EQ(res.status, 409) << method << " " << f.name << ": " << res.body;
      EXPECT_EQ(res.Json()["error"]["fields"], FieldError(f.name, "is already taken")) << res.body;
    }
  }
  EXPECT_EQ(Get(Url(R(), second)), second);
}

TEST_P(DeclaredResourcesUniqueTogetherTest, UniqueTogetherConflicts) {
  json first = Create(R());
  for (const auto& group : R().unique_together) {
    json body = Body(R(), 1);
    // A group with a column these bodies leave null (the other item of exactly_one) cannot conflict.
    if (std::any_of(group.begin(), group.end(), [&](const std::string& c) { return first[c].is_null(); })) continue;
    for (const std::string& column : group) body[column] = first[column];
    int64_t before = Count(R().name);
    auto again = client_->Post("/v1/" + R().name, body.dump());
    ASSERT_EQ(again.status, 409) << again.body;
    json fields = again.Json()["error"]["fields"];
    ASSERT_EQ(fields.size(), 1u) << fields;
    EXPECT_TRUE(std::count(group.begin(), group.end(), fields.begin().key())) << fields;
    EXPECT_EQ(fields.begin().value(), json::array({"is already taken"}));
    EXPECT_EQ(Count(R().name), before);
  }
}

// ---- 5. Organizations: references stay inside, another organization sees 404 ----
TEST_P(DeclaredResourcesReferenceTest, ReferenceToAnotherOrganizationIs422) {
  Headers other_org = OtherOrganization();
  json mine = Create(R());
  for (const Field* f : WritableReferences(R())) {
    json theirs = ReferencedRow(R(), *f, other_org);
    int64_t before = Count(R().name);
    for (const json& ref : {theirs["id"], theirs["external_id"]}) {
      SCOPED_TRACE(f->name + " = " + ref.dump());
      json body = Body(R(), 1);
      body[f->name] = ref;
      auto res = client_->Post("/v1/" + R().name, body.dump());
      EXPECT_EQ(res.status, 422) << res.body;
      EXPECT_TRUE(res.Json()["error"]["fields"].contains(f->name)) << res.body;
      if (R().immutable) continue;
      auto patch = Call("PATCH", Url(R(), mine), {{f->name, ref}});
      EXPECT_EQ(patch.status, 422) << patch.body;
      EXPECT_TRUE(patch.Json()["error"]["fields"].contains(f->name)) << patch.body;
    }
    EXPECT_EQ(Count(R().name), before);
  }
  EXPECT_EQ(Get(Url(R(), mine)), mine);
}

TEST_P(DeclaredResourcesTest, AnotherOrganizationGets404AndChangesNothing) {
  json row = Create(R());
  Headers b = OtherOrganization();
  std::string url = Url(R(), row);
  int write = R().immutable ? 405 : 404;  // immutable: the route does not exist for anyone
  EXPECT_EQ(client_->Get(url, b).status, 404);
  EXPECT_EQ(Call("PUT", url, Body(R(), 1, b), b).status, write);
  EXPECT_EQ(Call("PATCH", url, Body(R(), 1, b), b).status, write);
  EXPECT_EQ(client_->Delete(url, b).status, write);
  for (const Child& c : R().children) EXPECT_EQ(client_->Get(url + "/" + c.name, b).status, 404) << c.name;
  for (const auto& action : R().lifecycle.actions) {
    Resource input{action.name, action.name, "", action.inputs};
    auto res = Call(action.method, url + "/" + action.name, Body(input, 0, b), b);
    EXPECT_EQ(res.status, 404) << action.name << ": " << res.body;
  }
  EXPECT_EQ(Get(url), row);
  EXPECT_EQ(Count(R().name, b), 0);
  EXPECT_FALSE(Contains(List(R(), "", b)["data"], row["id"]));
}

// ---- 6. External ids ----
TEST_P(DeclaredResourcesReferenceTest, ReferenceByExternalIdResolvesToTheId) {
  for (const Field* f : WritableReferences(R())) {
    SCOPED_TRACE(f->name);
    json target = ReferencedRow(R(), *f);
    ASSERT_TRUE(target["external_id"].is_string()) << target;
    json body = Body(R(), 1);
    body[f->name] = target["external_id"];
    EXPECT_EQ(Post(R(), body)[f->name], target["id"]);
    body = Body(R(), 1);
    body[f->name] = IdText(target);  // our id as text
    EXPECT_EQ(Post(R(), body)[f->name], target["id"]);
    body = Body(R(), 1);
    body[f->name] = "no-such-external-id";
    auto unknown = client_->Post("/v1/" + R().name, body.dump());
    EXPECT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_TRUE(unknown.Json()["error"]["fields"].contains(f->name)) << unknown.body;
    if (R().immutable || LockedAtStart(R(), f->name)) continue;
    json row = Create(R()), other = ReferencedRow(R(), *f);
    EXPECT_EQ(Data(Call("PATCH", Url(R(), row), {{f->name, other["external_id"]}}), 200, "PATCH")[f->name],
              other["id"]);
  }
}

// ---- 7. Children ----
TEST_P(DeclaredResourcesChildrenTest, EmbeddedChildrenAreCreatedWithTheParent) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json body = BodyWithChildren(R(), *c, 2);
    json parent = Post(R(), body);
    ASSERT_EQ(parent[c->name].size(), 2u) << parent;
    for (size_t i = 0; i < 2; ++i) {
      const json& child = parent[c->name][i];
      ExpectSent(child, body[c->name][i], c->name + "[" + std::to_string(i) + "]");
      EXPECT_EQ(child[c->resource->parent_key], parent["id"]);
      EXPECT_EQ(Get(ChildUrl(R(), parent, *c) + "/" + IdText(child)), child);  // addressable below its parent
    }
    EXPECT_EQ(Get(ChildUrl(R(), parent, *c)), parent[c->name]);
    EXPECT_EQ(Get(Url(R(), parent)), parent);
  }
}

TEST_P(DeclaredResourcesChildrenTest, PostingAChildAddsItToTheParent) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Post(R(), BodyWithChildren(R(), *c, 2));
    json body = Body(*c->resource, 2);
    auto added = client_->Post(ChildUrl(R(), parent, *c), body.dump());
    ASSERT_EQ(added.status, 201) << added.body;
    json child = added.Json()["data"];
    ExpectSent(child, body, "added");
    json now = Get(Url(R(), parent));
    ASSERT_EQ(now[c->name].size(), 3u) << now;
    EXPECT_EQ(now[c->name][2], child);
    EXPECT_EQ(Get(ChildUrl(R(), parent, *c)), now[c->name]);
  }
}

TEST_P(DeclaredResourcesChildrenTest, PatchAndPutChangeAChild) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Post(R(), BodyWithChildren(R(), *c, 2));
    json child = parent[c->name][1];
    std::string url = ChildUrl(R(), parent, *c) + "/" + IdText(child);
    for (const Field* f : Varied(*c->resource)) {  // PATCH: each field alone
      json one = {{f->name, Value(*c->resource, *f, 3)}};
      json now = Data(Call("PATCH", url, one), 200, "PATCH " + url + " " + one.dump());
      EXPECT_EQ(now[f->name], one[f->name]);
      ExpectKept(*c->resource, now, child, f->name);
      child = now;
    }
    json body = Body(*c->resource, 2);
    json replaced = Data(Call("PUT", url, body), 200, "PUT " + url);
    ExpectSent(replaced, body, "replaced");
    json now = Get(Url(R(), parent));
    EXPECT_EQ(now[c->name][1], replaced);  // the parent embeds the change
    EXPECT_EQ(now[c->name][0], parent[c->name][0]);
  }
}

TEST_P(DeclaredResourcesChildrenTest, DeletingAChildRemovesItFromTheParent) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Post(R(), BodyWithChildren(R(), *c, 2));
    std::string url = ChildUrl(R(), parent, *c) + "/" + IdText(parent[c->name][0]);
    auto deleted = client_->Delete(url);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json()["data"], parent[c->name][0]);
    auto gone = client_->Get(url);
    EXPECT_EQ(gone.status, 404);
    EXPECT_FALSE(IsNoRoute(gone));
    EXPECT_EQ(client_->Delete(url).status, 404);
    json now = Get(Url(R(), parent));
    EXPECT_EQ(now[c->name], json::array({parent[c->name][1]}));
    EXPECT_EQ(Get(ChildUrl(R(), parent, *c)), now[c->name]);
  }
}

TEST_P(DeclaredResourcesChildrenTest, AChildUnderAnotherParentIs404) {
  Headers other_org = OtherOrganization();
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Post(R(), BodyWithChildren(R(), *c, 2));
    json stranger = Create(R(), 1);
    std::string id = IdText(parent[c->name][0]);
    std::string wrong = ChildUrl(R(), stranger, *c) + "/" + id, right = ChildUrl(R(), parent, *c) + "/" + id;
    EXPECT_EQ(client_->Get(wrong).status, 404);
    EXPECT_EQ(Call("PUT", wrong, Body(*c->resource, 1)).status, 404);
    EXPECT_EQ(Call("PATCH", wrong, Body(*c->resource, 1)).status, 404);
    EXPECT_EQ(client_->Delete(wrong).status, 404);
    EXPECT_EQ(client_->Get(right, other_org).status, 404);  // nor for another organization
    EXPECT_EQ(Call("PATCH", right, Body(*c->resource, 1, other_org), other_org).status, 404);
    EXPECT_EQ(client_->Delete(right, other_org).status, 404);
    EXPECT_EQ(Get(Url(R(), parent)), parent);
    EXPECT_EQ(Get(Url(R(), stranger)), stranger);
  }
}

TEST_P(DeclaredResourcesChildrenTest, PutOfTheParentKeepsOrEmptiesItsChildren) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Post(R(), BodyWithChildren(R(), *c, 2));
    const Field* f = Varied(R()).front();
    json kept = Data(Call("PUT", Url(R(), parent), {{f->name, Value(R(), *f, 1)}}), 200, "PUT");
    EXPECT_EQ(kept[c->name], parent[c->name]) << "a PUT without the collection keeps it";
    json emptied = Data(Call("PUT", Url(R(), parent), {{c->name, json::array()}}), 200, "PUT []");
    EXPECT_EQ(emptied[c->name], json::array());
    EXPECT_EQ(Get(ChildUrl(R(), parent, *c)), json::array());
    EXPECT_EQ(client_->Get(ChildUrl(R(), parent, *c) + "/" + IdText(parent[c->name][0])).status, 404);
    ExpectKept(R(), emptied, kept, c->name);
  }
}

TEST_P(DeclaredResourcesChildReferenceTest, ChildReferencesStayInTheOrganization) {
  Headers other_org = OtherOrganization();
  for (const auto& [c, f] : ChildReferences(R())) {
    SCOPED_TRACE(c->name + "." + f->name);
    json theirs = ReferencedRow(*c->resource, *f, other_org);
    json parent = Post(R(), BodyWithChildren(R(), *c, 1));
    int64_t before = Count(R().name);
    json body = BodyWithChildren(R(), *c, 1);
    body[c->name][0][f->name] = theirs["id"];
    auto embedded = client_->Post("/v1/" + R().name, body.dump());
    EXPECT_EQ(embedded.status, 422) << embedded.body;
    EXPECT_TRUE(embedded.Json()["error"]["fields"].contains(c->name + "[0]." + f->name)) << embedded.body;
    EXPECT_EQ(Count(R().name), before);
    json child = Body(*c->resource, 1);
    child[f->name] = theirs["external_id"];
    auto posted = client_->Post(ChildUrl(R(), parent, *c), child.dump());
    EXPECT_EQ(posted.status, 422) << posted.body;
    EXPECT_TRUE(posted.Json()["error"]["fields"].contains(f->name)) << posted.body;
    auto patched = Call("PATCH", ChildUrl(R(), parent, *c) + "/" + IdText(parent[c->name][0]), {{f->name, theirs["id"]}});
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_TRUE(patched.Json()["error"]["fields"].contains(f->name)) << patched.body;
    EXPECT_EQ(Get(Url(R(), parent)), parent);
  }
}

TEST_P(DeclaredResourcesChildReferenceTest, ChildReferenceByExternalIdResolvesToTheId) {
  for (const auto& [c, f] : ChildReferences(R())) {
    SCOPED_TRACE(c->name + "." + f->name);
    if (Target(*f).FieldIndex("external_id") < 0) continue;  // a child row (an order line): ids only
    json target = ReferencedRow(*c->resource, *f), other = ReferencedRow(*c->resource, *f);
    json body = BodyWithChildren(R(), *c, 1);
    body[c->name][0][f->name] = target["external_id"];
    json parent = Post(R(), body);
    EXPECT_EQ(parent[c->name][0][f->name], target["id"]);
    json child = Body(*c->resource, 1);
    child[f->name] = other["external_id"];
    json added = Data(client_->Post(ChildUrl(R(), parent, *c), child.dump()), 201, "POST child");
    EXPECT_EQ(added[f->name], other["id"]);
    std::string url = ChildUrl(R(), parent, *c) + "/" + IdText(added);
    EXPECT_EQ(Data(Call("PATCH", url, {{f->name, target["external_id"]}}), 200, "PATCH child")[f->name], target["id"]);
  }
}

// ---- 8. Required fields ----
TEST_P(DeclaredResourcesRequiredTest, RequiredFieldsAreRequired) {
  json row = Create(R());
  for (const Field& f : R().fields) {
    if (!f.required || f.read_only) continue;
    SCOPED_TRACE(f.name);
    int64_t before = Count(R().name);
    json body = Body(R(), 1);
    body.erase(f.name);
    auto missing = client_->Post("/v1/" + R().name, body.dump());
    EXPECT_EQ(missing.status, 422) << missing.body;
    EXPECT_EQ(missing.Json()["error"]["fields"], FieldError(f.name, "is required")) << missing.body;
    body[f.name] = nullptr;
    auto null = client_->Post("/v1/" + R().name, body.dump());
    EXPECT_EQ(null.status, 422) << null.body;
    EXPECT_EQ(null.Json()["error"]["fields"], FieldError(f.name, "cannot be null")) << null.body;
    EXPECT_EQ(Count(R().name), before);
    if (R().immutable) continue;
    auto patch = Call("PATCH", Url(R(), row), {{f.name, nullptr}});
    EXPECT_EQ(patch.status, 422) << patch.body;
    EXPECT_EQ(patch.Json()["error"]["fields"], FieldError(f.name, "cannot be null")) << patch.body;
  }
  EXPECT_EQ(Get(Url(R(), row)), row);
}

// ---- 9. Conventions: Idempotency-Key on every POST, ETags on every row, cursor pages on every list ----
Headers IdempotencyKey(const std::string& key) { return {{"Idempotency-Key", key}}; }
Headers IfMatch(const std::string& etag) { return {{"If-Match", etag}}; }
const std::string kNoSuchETag = "\"0000000000000000\"";

// A replay: the first answer again, byte for byte, marked as such.
void ExpectReplayed(const HttpResponse& again, const HttpResponse& first, const std::string& what) {
  EXPECT_EQ(again.status, first.status) << what << ": " << again.body;
  EXPECT_EQ(again.body, first.body) << what;
  EXPECT_EQ(again.Header("etag"), first.Header("etag")) << what;
  EXPECT_EQ(again.Header("idempotent-replayed"), "true") << what;
}

TEST_P(DeclaredResourcesTest, IdempotencyKeyReplaysACreate) {
  json body = Body(R());
  auto first = client_->Post("/v1/" + R().name, body.dump(), IdempotencyKey("create-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Header("idempotent-replayed"), "");
  int64_t count = Count(R().name);
  ExpectReplayed(client_->Post("/v1/" + R().name, body.dump(), IdempotencyKey("create-1")), first, "again");
  ExpectErrorCode(client_->Post("/v1/" + R().name, Body(R(), 1).dump(), IdempotencyKey("create-1")), 422,
                  "idempotency_key_reused", "another body");
  EXPECT_EQ(Count(R().name), count);
  if (!R().bulk) return;
  json rows = json::array({Body(R(), 1), Body(R(), 2)});
  auto bulk = client_->Post("/v1/" + R().name + "/bulk", rows.dump(), IdempotencyKey("bulk-1"));
  ASSERT_EQ(bulk.status, 201) << bulk.body;
  ExpectReplayed(client_->Post("/v1/" + R().name + "/bulk", rows.dump(), IdempotencyKey("bulk-1")), bulk, "bulk");
  EXPECT_EQ(Count(R().name), count + 2);
}

TEST_P(DeclaredResourcesTest, EveryRowReadAnswersItsETagAnd304) {
  auto created = client_->Post("/v1/" + R().name, Body(R()).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string url = Url(R(), created.Json()["data"]);
  auto read = client_->Get(url);
  ASSERT_EQ(read.status, 200);
  ASSERT_FALSE(read.Header("etag").empty());
  EXPECT_EQ(created.Header("etag"), read.Header("etag")) << "the create answers the ETag a read gives";
  auto cached = client_->Get(url, {{"If-None-Match", read.Header("etag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.body, "");
  EXPECT_EQ(client_->Get(url, {{"If-None-Match", kNoSuchETag}}).status, 200);
  EXPECT_EQ(client_->Get(url, {{"If-None-Match", "no-quotes"}}).status, 400);
  for (const Child* c : WritableChildren(R())) {
    json parent = Post(R(), BodyWithChildren(R(), *c, 1));
    std::string child = ChildUrl(R(), parent, *c) + "/" + IdText(parent[c->name][0]);
    auto one = client_->Get(child);
    ASSERT_FALSE(one.Header("etag").empty()) << c->name;
    EXPECT_EQ(client_->Get(child, {{"If-None-Match", one.Header("etag")}}).status, 304) << c->name;
  }
}

TEST_P(DeclaredResourcesMutableTest, AStaleIfMatchIs412OnEveryWrite) {
  json row = Create(R());
  std::string url = Url(R(), row);
  std::string stale = client_->Get(url).Header("etag");
  const Field* f = Varied(R()).front();
  auto changed = Call("PATCH", url, {{f->name, Value(R(), *f, 1)}}, IfMatch(stale));
  ASSERT_EQ(changed.status, 200) << changed.body;
  std::string current = changed.Header("etag");
  EXPECT_NE(current, stale);
  EXPECT_EQ(current, client_->Get(url).Header("etag")) << "a write answers the new ETag";
  std::string before = client_->Get(url).body;
  json update = {{f->name, Value(R(), *f, 2)}};
  ExpectErrorCode(Call("PUT", url, update, IfMatch(stale)), 412, "precondition_failed", "PUT");
  ExpectErrorCode(Call("PATCH", url, update, IfMatch(stale)), 412, "precondition_failed", "PATCH");
  ExpectErrorCode(Call("DELETE", url, nullptr, IfMatch(stale)), 412, "precondition_failed", "DELETE");
  EXPECT_EQ(Call("PATCH", url, update, {{"If-Match", "no-quotes"}}).status, 400);
  EXPECT_EQ(client_->Get(url).body, before) << "changed by a refused write";
  EXPECT_EQ(Call("PUT", url, update, IfMatch(current)).status, 200);
}

TEST_P(DeclaredResourcesActionTest, ActionsTakeIfMatchAndIdempotencyKey) {
  for (const auto& action : R().lifecycle.actions) {
    SCOPED_TRACE(action.name);
    json row = Create(R());
    std::string url = Url(R(), row) + "/" + action.name;
    Resource input{action.name, action.name, "", action.inputs};
    json body = Body(input);
    ExpectErrorCode(Call(action.method, url, body, IfMatch(kNoSuchETag)), 412, "precondition_failed", "stale");
    EXPECT_EQ(Get(Url(R(), row)), row);
    if (action.method != "POST") continue;
    auto first = Call("POST", url, body, IdempotencyKey("act-" + action.name));
    if (first.status != 200) {  // not allowed from the initial state: nothing done, nothing stored
      EXPECT_TRUE(first.status == 409 || first.status == 422) << first.body;
      EXPECT_EQ(Call("POST", url, body, IdempotencyKey("act-" + action.name)).Header("idempotent-replayed"), "");
      continue;
    }
    ExpectReplayed(Call("POST", url, body, IdempotencyKey("act-" + action.name)), first, "action");
    EXPECT_EQ(Get(Url(R(), row)), first.Json()["data"]);
  }
}

TEST_P(DeclaredResourcesChildrenTest, ChildWritesTakeIdempotencyKeyAndIfMatch) {
  for (const Child* c : WritableChildren(R())) {
    SCOPED_TRACE(c->name);
    json parent = Create(R());
    std::string many = ChildUrl(R(), parent, *c);
    json body = Body(*c->resource, 1);
    auto first = client_->Post(many, body.dump(), IdempotencyKey("child-" + c->name));
    ASSERT_EQ(first.status, 201) << first.body;
    ExpectReplayed(client_->Post(many, body.dump(), IdempotencyKey("child-" + c->name)), first, "child create");
    EXPECT_EQ(Get(many).size(), 1u);
    std::string one = many + "/" + IdText(first.Json()["data"]);
    EXPECT_EQ(first.Header("etag"), client_->Get(one).Header("etag"));
    if (Varied(*c->resource).empty()) continue;
    const Field* f = Varied(*c->resource).front();
    json update = {{f->name, Value(*c->resource, *f, 2)}};
    std::string before = client_->Get(one).body;
    ExpectErrorCode(Call("PATCH", one, update, IfMatch(kNoSuchETag)), 412, "precondition_failed", "PATCH");
    ExpectErrorCode(Call("PUT", one, update, IfMatch(kNoSuchETag)), 412, "precondition_failed", "PUT");
    ExpectErrorCode(Call("DELETE", one, nullptr, IfMatch(kNoSuchETag)), 412, "precondition_failed", "DELETE");
    EXPECT_EQ(client_->Get(one).body, before);
    EXPECT_EQ(Call("PATCH", one, update, IfMatch(first.Header("etag"))).status, 200);
  }
}

// Cursor pages give every sort and a filter in the order offset pages do.
TEST_P(DeclaredResourcesTest, CursorPagesFollowEverySortAndAFilter) {
  for (int variant : {2, 0, 1, 2, 0}) Create(R(), variant);
  std::vector<std::string> queries;
  for (const std::string& key : {std::string("id"), std::string("created_at"), std::string("updated_at")})
    queries.insert(queries.end(), {"sort=" + key, "sort=-" + key});
  for (const Field& f : R().fields)
    if (f.sortable) queries.insert(queries.end(), {"sort=" + f.name, "sort=-" + f.name});
  json any = List(R())["data"][0];
  for (const Field& f : R().fields)
    if (f.filterable && !any[f.name].is_null()) {
      queries.push_back(Filter(f.name, any[f.name]) + "&sort=-id");
      break;
    }
  for (const std::string& query : queries) {
    SCOPED_TRACE(query);
    std::vector<json> expected, walked;
    json all = List(R(), query);  // kept alive while iterating
    for (const json& row : all["data"]) expected.push_back(row["id"]);
    std::string after;
    for (int guard = 0; guard < 100; ++guard) {
      json page = List(R(), query + "&per_page=2&after=" + after);
      for (const json& row : page["data"]) walked.push_back(row["id"]);
      if (page["meta"]["next_cursor"].is_null()) break;
      after = page["meta"]["next_cursor"];
    }
    EXPECT_EQ(walked, expected);
  }
  EXPECT_EQ(client_->Get("/v1/" + R().name + "?after=not-a-cursor").status, 400);
}

// ---- Instantiation: each suite over the resources it applies to ----
std::vector<const Resource*> ResourcesWhere(const std::function<bool(const Resource&)>& keep) {
  std::vector<const Resource*> out;
  for (const Resource* r : schema::AllResources())
    if (keep(*r)) out.push_back(r);
  return out;
}

std::string NameOf(const ::testing::TestParamInfo<const Resource*>& info) { return info.param->name; }

INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesTest, ::testing::ValuesIn(ResourcesWhere([](auto&) { return true; })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesMutableTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !r.immutable; })), NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesUniqueTogetherTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !r.unique_together.empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesSearchTest, ::testing::ValuesIn(ResourcesWhere([](const Resource& r) {
                           return AnyField(r, [](const Field& f) { return f.searchable; });
                         })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesReferenceTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !WritableReferences(r).empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesRequiredTest, ::testing::ValuesIn(ResourcesWhere([](const Resource& r) {
                           return AnyField(r, [](const Field& f) { return f.required && !f.read_only; });
                         })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesChildrenTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !WritableChildren(r).empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesChildReferenceTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !ChildReferences(r).empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesNullSortTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !NullableSortable(r).empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesActionTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !r.lifecycle.actions.empty(); })),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(, DeclaredResourcesLockTest,
                         ::testing::ValuesIn(ResourcesWhere([](const Resource& r) { return !r.locks.empty(); })), NameOf);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesLockTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesUniqueTogetherTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesActionTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesChildReferenceTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesNullSortTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeclaredResourcesChildrenTest);

// ---- The OpenAPI document and the router agree with the route table ----
class DeclaredResourcesOpenApiTest : public DeclaredResourcesFixture {
 protected:
  json Document() {
    auto res = HttpClient(port_).Get("/v1/openapi.json");
    Require(res.status == 200, "GET /v1/openapi.json -> " + std::to_string(res.status));
    return res.Json();
  }
};

// "#/components/schemas/X" in `doc`, or null.
json Resolve(const json& doc, const json& ref) {
  if (!ref.is_string() || ref.get<std::string>().rfind("#/", 0) != 0) return nullptr;
  json::json_pointer pointer(ref.get<std::string>().substr(1));
  return doc.contains(pointer) ? doc[pointer] : json(nullptr);
}

void ForEachRef(const json& node, const std::function<void(const json&)>& fn) {
  if (node.is_object() && node.contains("$ref")) fn(node["$ref"]);
  if (node.is_structured())
    for (const json& child : node) ForEachRef(child, fn);
}

// The body a declared route takes: writable fields, write inputs and writable
// children; an action's: its inputs and the resource's write inputs (e-signatures).
std::set<std::string> InputNames(const schema::ResourceRoute& route) {
  std::set<std::string> names;
  if (route.action) {
    for (const Field& f : route.action->inputs) names.insert(f.name);
    for (const Field& f : route.resource->inputs) names.insert(f.name);
    return names;
  }
  const Resource& target = route.child ? *route.child->resource : *route.resource;
  for (const Field& f : target.fields)
    if (!f.read_only) names.insert(f.name);
  for (const Field& f : target.inputs) names.insert(f.name);
  for (const Child* c : WritableChildren(target)) names.insert(c->name);
  if (route.kind == schema::RouteKind::kBulkReplace) names.insert("id");  // each row names the one it updates
  return names;
}

// The schema of an operation's JSON request body (a bulk array's items), resolved; or null.
json RequestSchema(const json& doc, const json& op) {
  const json::json_pointer at("/requestBody/content/application~1json/schema");
  if (!op.is_object() || !op.contains(at)) return nullptr;
  json schema = op[at];
  if (schema.value("type", "") == "array") schema = schema.value("items", json::object());
  return Resolve(doc, schema.value("$ref", json()));
}

std::set<std::string> PropertyNames(const json& schema) {
  std::set<std::string> names;
  for (const auto& [name, _] : schema["properties"].items()) names.insert(name);
  return names;
}

TEST_F(DeclaredResourcesOpenApiTest, DocumentsActionBodiesWithTheWriteInputs) {
  json doc = Document();
  int actions = 0;
  for (const auto& route : schema::AllResourceRoutes()) {
    if (!route.action) continue;
    std::string path = schema::kRoutePrefixes[0] + route.path, method = Cased(route.method, ::tolower);
    json resolved = RequestSchema(doc, doc["paths"][path][method]);
    ASSERT_TRUE(resolved.is_object()) << route.method << " " << path;
    EXPECT_EQ(PropertyNames(resolved), InputNames(route)) << route.method << " " << path;
    ++actions;
  }
  EXPECT_GT(actions, 0);
}

TEST_F(DeclaredResourcesOpenApiTest, DocumentsEveryDeclaredRouteWithItsBody) {
  json doc = Document();
  for (const auto& route : schema::AllResourceRoutes()) {
    std::string path = schema::kRoutePrefixes[0] + route.path, method = Cased(route.method, ::tolower);
    SCOPED_TRACE(route.method + " " + path);
    ASSERT_TRUE(doc["paths"].contains(path));
    ASSERT_TRUE(doc["paths"][path].contains(method));
    const json& op = doc["paths"][path][method];
    bool body = route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
    EXPECT_EQ(op.contains("requestBody"), body);
    if (!body || !op.contains("requestBody")) continue;
    json resolved = RequestSchema(doc, op);
    ASSERT_TRUE(resolved.is_object()) << "unresolved " << op["requestBody"];
    if (!route.action) {  // actions: DocumentsActionBodiesWithTheWriteInputs
      EXPECT_EQ(PropertyNames(resolved), InputNames(route));
    }
  }
  int refs = 0;
  ForEachRef(doc, [&](const json& ref) {
    EXPECT_TRUE(Resolve(doc, ref).is_object()) << "unresolved " << ref;
    ++refs;
  });
  EXPECT_GT(refs, 0);
}

// Names of an operation's parameters `in` the header or query.
std::set<std::string> ParameterNames(const json& op, const std::string& in) {
  std::set<std::string> names;
  for (const json& p : op.value("parameters", json::array()))
    if (p["in"] == in) names.insert(p["name"].get<std::string>());
  return names;
}

TEST_F(DeclaredResourcesOpenApiTest, DocumentsTheConventionsOnEveryRoute) {
  json doc = Document();
  using schema::RouteKind;
  for (const auto& route : schema::AllResourceRoutes()) {
    std::string path = schema::kRoutePrefixes[0] + route.path, method = Cased(route.method, ::tolower);
    SCOPED_TRACE(route.method + " " + path);
    const json& op = doc["paths"][path][method];
    auto headers = ParameterNames(op, "header");
    bool one_row = route.kind == RouteKind::kGet || route.kind == RouteKind::kChildGet;
    bool conditional = route.kind == RouteKind::kReplace || route.kind == RouteKind::kPatch ||
                       route.kind == RouteKind::kDelete || route.kind == RouteKind::kChildReplace ||
                       route.kind == RouteKind::kChildPatch || route.kind == RouteKind::kChildDelete ||
                       route.kind == RouteKind::kAction;
    EXPECT_EQ(headers.count("Idempotency-Key"), route.method == "POST" ? 1u : 0u);
    EXPECT_EQ(headers.count("If-None-Match"), one_row ? 1u : 0u);
    EXPECT_EQ(headers.count("If-Match"), conditional ? 1u : 0u);
    EXPECT_EQ(op["responses"].contains("304"), one_row);
    EXPECT_EQ(op["responses"].contains("412"), conditional);
    if (route.method == "POST") {
      EXPECT_TRUE(op["responses"].contains("409") && op["responses"].contains("422"));
    }
    const json ok = op["responses"][route.method == "POST" && !route.action ? "201" : "200"];
    EXPECT_EQ(ok["headers"].contains("ETag"), one_row || (conditional && route.kind != RouteKind::kDelete &&
                                                           route.kind != RouteKind::kChildDelete) ||
                                                  route.kind == RouteKind::kCreate || route.kind == RouteKind::kChildCreate);
    EXPECT_EQ(ParameterNames(op, "query").count("after"), route.kind == RouteKind::kList ? 1u : 0u);
  }
  EXPECT_TRUE(doc["components"]["schemas"]["PageMeta"]["properties"].contains("next_cursor"));
}

TEST_F(DeclaredResourcesOpenApiTest, EveryDocumentedOperationIsServed) {
  ASSERT_TRUE(IsNoRoute(client_->Get("/v1/no_such_resource")));  // the distinction below can fail
  json doc = Document();
  std::set<std::string> declared, resources;
  for (const auto& route : schema::AllResourceRoutes())
    declared.insert(route.method + " " + schema::kRoutePrefixes[0] + route.path);
  for (const Resource* r : schema::AllResources()) resources.insert(r->name);
  HttpClient anonymous(port_);  // routing comes before authentication: a 401 proves the route
  size_t operations = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [lower, op] : ops.items()) {
      std::string method = Cased(lower, ::toupper), target = Concrete(path, {"987654321"});
      SCOPED_TRACE(method + " " + target);
      auto res = anonymous.Send(method, target);
      EXPECT_NE(res.status, 405) << res.body;
      EXPECT_FALSE(IsNoRoute(res)) << res.body;
      if (op.contains("tags") && resources.count(op["tags"][0].get<std::string>())) {
        EXPECT_TRUE(declared.count(method + " " + path)) << "documented, not declared";
        auto aliased = anonymous.Send(method, "/api" + target);
        EXPECT_FALSE(IsNoRoute(aliased) || aliased.status == 405) << "no /api alias";
        if (method == "GET" && path.find('{') != std::string::npos) {
          auto missing = client_->Get(target);  // a bad id: the resource's 404, not the router's
          EXPECT_EQ(missing.status, 404) << missing.body;
          EXPECT_FALSE(IsNoRoute(missing)) << missing.body;
        }
      }
      ++operations;
    }
  }
  EXPECT_GE(operations, declared.size());
}

}  // namespace
}  // namespace supplyhub::testing
