#pragma once
// Passwords: Argon2id at rest over the lowercase hex SHA-512 of the password,
// so a client may send either the password or its SHA-512 (seed 000 dialect).
#include <string>
#include <string_view>

namespace supplyhub {

std::string Sha512Hex(std::string_view data);
// The SHA-512 form of what a client sent: kept if it already is one.
std::string NormalizePassword(std::string_view sent);
std::string HashPassword(std::string_view sent);
bool VerifyPassword(std::string_view sent, const std::string& encoded_hash);

}  // namespace supplyhub
