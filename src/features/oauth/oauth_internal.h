#pragma once
// Small helpers shared by the OAuth service's translation units.
#include <algorithm>
#include <string>
#include <vector>

#include "features/oauth/oauth_service.h"

namespace supplyhub::features::oauth_internal {

inline tl::unexpected<OAuthError> Err(int status, std::string error, std::string description) {
  return tl::unexpected<OAuthError>(OAuthError{status, std::move(error), std::move(description)});
}

inline bool Has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

inline std::string Get(const Form& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : it->second;
}

}  // namespace supplyhub::features::oauth_internal
