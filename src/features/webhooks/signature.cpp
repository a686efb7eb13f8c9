#include "features/webhooks/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace supplyhub::features {

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t pad = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;  // DecodeBlock keeps padding's zero bytes
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string NewWebhookSecret() {
  unsigned char key[24];
  RAND_bytes(key, sizeof key);
  return "whsec_" + Base64Encode(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
}

std::optional<std::string> SignWebhook(std::string_view secret, std::string_view id, int64_t timestamp,
                                       std::string_view body) {
  if (!secret.starts_with("whsec_")) return std::nullopt;
  auto key = Base64Decode(secret.substr(6));
  if (!key || key->empty()) return std::nullopt;
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  bool ok = HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
                 reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_len) != nullptr;
  if (!ok) return std::nullopt;
  return "v1," + Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), mac_len));
}

}  // namespace supplyhub::features
