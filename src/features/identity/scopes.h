#pragma once
// Scope strings: "read:<resource>", "write:<resource>", "offline_access",
// "*"; stored space-separated.
#include <string>
#include <string_view>
#include <vector>

namespace supplyhub::features {

std::vector<std::string> SplitScopes(std::string_view stored);
std::string JoinScopes(const std::vector<std::string>& scopes);
// read:/write: of a declared resource (and offline_access when allowed).
bool IsKnownScope(std::string_view scope, bool allow_offline_access = false);

}  // namespace supplyhub::features
