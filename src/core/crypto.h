#pragma once
// Small wrappers over OpenSSL for secrets: random tokens, digests, and
// constant-time comparison.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace supplyhub {

// `bytes` random bytes from the CSPRNG, base64url without padding.
std::string RandomTokenString(size_t bytes = 32);
int64_t RandomPositiveInt64();
std::string Sha256Hex(std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// RFC 4648 §5 without padding; decoding refuses any other character,
// padding, and a length no encoding produces.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace supplyhub
