#include "core/password.h"

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>

namespace supplyhub {
namespace {
constexpr uint32_t kTimeCost = 2, kMemoryKiB = 19456, kLanes = 1;  // OWASP's Argon2id minimum
}

std::string Sha512Hex(std::string_view data) {
  unsigned char digest[64];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha512(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string NormalizePassword(std::string_view sent) {
  bool is_hex512 = sent.size() == 128;
  for (char c : sent) is_hex512 = is_hex512 && std::isxdigit(static_cast<unsigned char>(c));
  if (!is_hex512) return Sha512Hex(sent);
  std::string lower(sent);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string HashPassword(std::string_view sent) {
  std::string normalized = NormalizePassword(sent);
  unsigned char salt[16];
  RAND_bytes(salt, sizeof salt);
  char encoded[128];
  argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, normalized.data(), normalized.size(), salt, sizeof salt, 32,
                        encoded, sizeof encoded);
  return encoded;
}

bool VerifyPassword(std::string_view sent, const std::string& encoded_hash) {
  std::string normalized = NormalizePassword(sent);
  return argon2id_verify(encoded_hash.c_str(), normalized.data(), normalized.size()) == ARGON2_OK;
}

}  // namespace supplyhub
