#include "http/handler.h"

namespace supplyhub::http {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kMember: return "member";
    case Role::kAdmin: return "admin";
    case Role::kOwner: return "owner";
  }
  return "viewer";
}

bool ScopesCover(const std::vector<std::string>& held, std::string_view scope) {
  for (const std::string& s : held)
    if (s == "*" || s == scope) return true;
  return false;
}

bool Identity::Allows(std::string_view scope) const {
  if (role == Role::kViewer && scope.starts_with("write:")) return false;
  if (client_id != 0 && scope.starts_with("admin:")) return false;
  return ScopesCover(scopes, scope);
}

}  // namespace supplyhub::http
