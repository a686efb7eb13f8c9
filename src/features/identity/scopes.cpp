#include "features/identity/scopes.h"

#include "http/handler.h"
#include "schema/resource.h"
#include "schema/registry.h"

namespace supplyhub::features {

std::vector<std::string> SplitScopes(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = s.find(' ', i);
    if (end == std::string_view::npos) end = s.size();
    if (end > i) out.emplace_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

const std::vector<std::string>& AdminScopes() {
  static const std::vector<std::string> scopes = {std::string(kAdminTokens), std::string(kAdminClients),
                                                  std::string(kAdminMembers), std::string(kAdminOrganization)};
  return scopes;
}

std::string ScopeBeyond(const std::vector<std::string>& held, const std::vector<std::string>& wanted) {
  for (const auto& s : wanted)
    if (!http::ScopesCover(held, s)) return s;
  return {};
}

bool IsKnownScope(std::string_view scope, ScopeHolder holder) {
  if (scope == "offline_access") return holder == ScopeHolder::kPartnerApp;
  if (scope.starts_with("admin:")) {
    if (holder != ScopeHolder::kApiToken) return false;
    for (const auto& a : AdminScopes())
      if (a == scope) return true;
    return false;
  }
  if (scope == "read:events" || scope == "read:webhooks" || scope == "write:webhooks") return true;
  for (std::string_view action : {"read:", "write:"})
    if (scope.substr(0, action.size()) == action) return schema::FindResource(scope.substr(action.size())) != nullptr;
  return false;
}

}  // namespace supplyhub::features
