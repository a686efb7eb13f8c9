#pragma once
// Which redirect URIs a partner app may register (OAuth 2.0 Security BCP,
// RFC 8252): https anywhere, http only to this machine's loopback; no
// userinfo, fragment, whitespace or control characters. At authorization the
// URI sent is compared with the registered ones as exact strings.
#include <string>
#include <string_view>

namespace supplyhub::features {

// Why `uri` cannot be registered, or empty when it can.
std::string RedirectUriProblem(std::string_view uri);

}  // namespace supplyhub::features
