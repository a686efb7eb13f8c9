#include "schema/routes.h"
#include "schema/registry.h"

#include <cctype>

namespace supplyhub::schema {

std::string CamelCase(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string WithArticle(std::string_view noun) {
  return (noun.find_first_of("aeiou") == 0 ? "an " : "a ") + std::string(noun);
}

std::vector<ResourceRoute> ResourceRoutes(const Resource& r) {
  const std::string read = "read:" + r.name, write = "write:" + r.name, base = "/" + r.name, one = base + "/{id}";
  const std::vector<std::string> body_errors{"400", "404", "409", "413", "415", "422"};
  // Writes to one existing row take If-Match: a stale ETag is a 412.
  const std::vector<std::string> update_errors{"400", "404", "409", "412", "413", "415", "422"};
  std::vector<ResourceRoute> out = {
      {RouteKind::kList, "GET", base, read, "List " + r.name, {"400"}, &r},
      {RouteKind::kCreate, "POST", base, write, "Create " + WithArticle(r.singular), body_errors, &r},
      {RouteKind::kGet, "GET", one, read, "Get " + WithArticle(r.singular), {"400", "404"}, &r},
  };
  if (!r.immutable) {
    out.push_back({RouteKind::kReplace, "PUT", one, write,
                   "Update " + WithArticle(r.singular) + " (fields not sent are kept; null clears)", update_errors, &r});
    out.push_back({RouteKind::kPatch, "PATCH", one, write, "Update some fields of " + WithArticle(r.singular), update_errors, &r});
    out.push_back({RouteKind::kDelete, "DELETE", one, write, "Delete " + WithArticle(r.singular), {"400", "404", "409", "412"}, &r});
  }
  if (r.bulk) {
    out.push_back({RouteKind::kBulkCreate, "POST", base + "/bulk", write,
                   "Create up to 1000 " + r.name + " (all or nothing)", {"400", "409", "413", "415", "422"}, &r});
    out.push_back({RouteKind::kBulkReplace, "PUT", base + "/bulk", write,
                   "Update up to 1000 " + r.name + " by id (all or nothing)", {"400", "409", "413", "415", "422"}, &r});
  }
  for (const Child& c : r.children) {
    const std::string many = one + "/" + c.name, single = many + "/{child_id}";
    const std::string what = c.resource->singular;
    out.push_back({RouteKind::kChildList, "GET", many, read, "List the " + c.name + " of " + WithArticle(r.singular), {"404"}, &r, &c});
    out.push_back({RouteKind::kChildGet, "GET", single, read, "Get one of the " + c.name + " of " + WithArticle(r.singular),
                   {"400", "404"}, &r, &c});
    if (c.read_only) continue;
    out.push_back({RouteKind::kChildCreate, "POST", many, write, "Add " + WithArticle(what) + " to " + WithArticle(r.singular), body_errors,
                   &r, &c});
    out.push_back({RouteKind::kChildReplace, "PUT", single, write, "Update " + WithArticle(what), update_errors, &r, &c});
    out.push_back({RouteKind::kChildPatch, "PATCH", single, write, "Update some fields of " + WithArticle(what), update_errors, &r, &c});
    out.push_back({RouteKind::kChildDelete, "DELETE", single, write, "Delete " + WithArticle(what), {"400", "404", "409", "412"}, &r, &c});
  }
  for (const Action& a : r.lifecycle.actions)
    out.push_back({RouteKind::kAction, a.method, one + "/" + a.name, write, a.summary, update_errors, &r, nullptr, &a});
  return out;
}

int SuccessStatus(const ResourceRoute& route) {
  return route.method == "POST" && route.kind != RouteKind::kAction ? 201 : 200;
}

std::vector<ResourceRoute> AllResourceRoutes() {
  std::vector<ResourceRoute> out;
  for (const Resource* r : AllResources())
    for (auto& route : ResourceRoutes(*r)) out.push_back(std::move(route));
  return out;
}

}  // namespace supplyhub::schema
