// What follows "Bearer " in an Authorization header, and the scope strings
// clients send (OAuth `scope`, API token scopes).
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "features/identity/scopes.h"
#include "features/identity/token_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  namespace f = supplyhub::features;

  if (auto token = f::ParseToken(input)) {
    // Accepted only in the <region>_<kind>_<43 chars> shape MakeToken makes.
    FUZZ_CHECK(!token->region.empty() && token->region.size() <= 32);
    FUZZ_CHECK(input.size() == token->region.size() + 4 + 43);
    FUZZ_CHECK(input.substr(token->region.size() + 1, 2) == f::TokenKindCode(token->kind));
    FUZZ_CHECK(f::HashToken(input).size() == 64);
  }

  auto scopes = f::SplitScopes(input);
  for (const std::string& scope : scopes) {
    FUZZ_CHECK(!scope.empty() && scope.find(' ') == std::string::npos);
    (void)f::IsKnownScope(scope, f::ScopeHolder::kApiToken);
    // A partner app can never be granted an administrative scope.
    if (f::IsKnownScope(scope, f::ScopeHolder::kPartnerApp)) FUZZ_CHECK(!scope.starts_with("admin:"));
  }
  FUZZ_CHECK(f::SplitScopes(f::JoinScopes(scopes)) == scopes);  // stored form round-trips
  FUZZ_CHECK(f::ScopeBeyond(scopes, scopes).empty());           // a token may pass on what it holds
  return 0;
}
