#pragma once
// Tokens look like <region>_<kind>_<43 random base64url chars> (256 bits).
// Only their SHA-256 is stored. The region prefix lets a server tell a
// client it is talking to the wrong region.
#include <optional>
#include <string>
#include <string_view>

namespace supplyhub::features {

enum class TokenKind { kLogin, kRefresh, kApi, kOAuthAccess, kOAuthRefresh };

std::string_view TokenKindCode(TokenKind kind);  // "lt", "rt", "at", "oa", "or"
std::optional<TokenKind> TokenKindFromCode(std::string_view code);

struct ParsedToken {
  std::string_view region;
  TokenKind kind;
};

std::string MakeToken(std::string_view region, TokenKind kind);
std::optional<ParsedToken> ParseToken(std::string_view token);
std::string HashToken(std::string_view token);

}  // namespace supplyhub::features
