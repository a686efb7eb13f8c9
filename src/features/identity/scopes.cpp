#include "features/identity/scopes.h"

#include "schema/resource.h"

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

bool IsKnownScope(std::string_view scope, bool allow_offline_access) {
  if (scope == "offline_access") return allow_offline_access;
  for (std::string_view action : {"read:", "write:"})
    if (scope.substr(0, action.size()) == action) return schema::FindResource(scope.substr(action.size())) != nullptr;
  return false;
}

}  // namespace supplyhub::features
