#include "features/identity/token_codec.h"

#include <cctype>

#include "core/crypto.h"

namespace supplyhub::features {
namespace {
constexpr size_t kSecretChars = 43;  // 32 bytes in base64url
}

std::string_view TokenKindCode(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLogin: return "lt";
    case TokenKind::kRefresh: return "rt";
    case TokenKind::kApi: return "at";
    case TokenKind::kOAuthAccess: return "oa";
    case TokenKind::kOAuthRefresh: return "or";
  }
  return "lt";
}

std::optional<TokenKind> TokenKindFromCode(std::string_view code) {
  for (TokenKind k : {TokenKind::kLogin, TokenKind::kRefresh, TokenKind::kApi, TokenKind::kOAuthAccess,
                      TokenKind::kOAuthRefresh})
    if (TokenKindCode(k) == code) return k;
  return std::nullopt;
}

std::string MakeToken(std::string_view region, TokenKind kind) {
  return std::string(region) + "_" + std::string(TokenKindCode(kind)) + "_" + RandomTokenString(32);
}

std::optional<ParsedToken> ParseToken(std::string_view token) {
  size_t first = token.find('_');
  if (first == std::string_view::npos || first == 0 || first > 32) return std::nullopt;
  std::string_view region = token.substr(0, first);
  for (char c : region)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return std::nullopt;
  std::string_view rest = token.substr(first + 1);
  if (rest.size() != 3 + kSecretChars || rest[2] != '_') return std::nullopt;
  auto kind = TokenKindFromCode(rest.substr(0, 2));
  if (!kind) return std::nullopt;
  for (char c : rest.substr(3))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  return ParsedToken{region, *kind};
}

std::string HashToken(std::string_view token) { return Sha256Hex(token); }

}  // namespace supplyhub::features
