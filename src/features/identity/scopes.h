#pragma once
// Scope strings: "read:<resource>", "write:<resource>", the administrative
// "admin:<area>", "offline_access", "*"; stored space-separated.
#include <string>
#include <string_view>
#include <vector>

namespace supplyhub::features {

std::vector<std::string> SplitScopes(std::string_view stored);
std::string JoinScopes(const std::vector<std::string>& scopes);
// Who a scope is for: API tokens may administer; partner apps never do,
// and only they ask for refresh tokens (offline_access).
enum class ScopeHolder { kApiToken, kPartnerApp };

// The scopes of the administrative routes; "*" includes them.
inline constexpr std::string_view kAdminTokens = "admin:tokens";              // API tokens
inline constexpr std::string_view kAdminClients = "admin:clients";            // partner apps
inline constexpr std::string_view kAdminMembers = "admin:members";            // users and memberships
inline constexpr std::string_view kAdminOrganization = "admin:organization";  // organizations, rate limits
const std::vector<std::string>& AdminScopes();

// read:/write: of a declared resource, and what `holder` may hold besides.
bool IsKnownScope(std::string_view scope, ScopeHolder holder);

// Every scope in `wanted` is granted by `held`: no token creates a token or
// client stronger than itself. The first one not granted, or empty.
std::string ScopeBeyond(const std::vector<std::string>& held, const std::vector<std::string>& wanted);

}  // namespace supplyhub::features
