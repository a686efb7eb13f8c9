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

bool Identity::Allows(std::string_view scope) const {
  if (role == Role::kViewer && scope.substr(0, 6) == "write:") return false;
  for (const std::string& s : scopes)
    if (s == "*" || s == scope) return true;
  return false;
}

}  // namespace supplyhub::http
