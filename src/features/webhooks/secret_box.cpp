#include "features/webhooks/secret_box.h"

#include <filesystem>
#include <fstream>
#include <memory>

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include "core/crypto.h"
#include "features/webhooks/signature.h"

namespace supplyhub::features {
namespace {

constexpr size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* U(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }
const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Result<SecretBox> SecretBox::Load(const std::string& configured_key, const std::string& data_dir) {
  std::string encoded = configured_key;
  if (encoded.empty()) {
    std::string path = data_dir + "/secrets.key";
    std::ifstream in(path);
    if (in) {
      std::getline(in, encoded);
    } else {
      std::error_code ec;
      std::filesystem::create_directories(data_dir, ec);
      unsigned char key[kKeyBytes];
      RAND_bytes(key, sizeof key);
      encoded = Base64Encode(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0) return Fail(ErrorCode::kUnavailable, "cannot create " + path + " for the secrets key");
      std::string line = encoded + "\n";
      bool wrote = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
      ::close(fd);
      if (!wrote) return Fail(ErrorCode::kUnavailable, "cannot write " + path);
    }
  }
  auto key = Base64Decode(encoded);
  if (!key || key->size() != kKeyBytes)
    return Fail(ErrorCode::kBadRequest, "the secrets key must be the base64 of 32 bytes (openssl rand -base64 32)");
  return SecretBox(std::move(*key));
}

std::string SecretBox::Seal(std::string_view plain) const {
  std::string out(kNonceBytes + plain.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  RAND_bytes(bytes, kNonceBytes);
  Cipher ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_), bytes);
  EVP_EncryptUpdate(ctx.get(), bytes + kNonceBytes, &len, U(plain), static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx.get(), bytes + kNonceBytes + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes + kNonceBytes + plain.size());
  return "v1:" + Base64UrlEncode(out);
}

std::optional<std::string> SecretBox::Open(std::string_view sealed) const {
  if (!sealed.starts_with("v1:")) return std::nullopt;
  auto raw = Base64UrlDecode(sealed.substr(3));
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  size_t n = raw->size() - kNonceBytes - kTagBytes;
  std::string plain(n, '\0');
  auto* in = reinterpret_cast<unsigned char*>(raw->data());
  Cipher ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_), in) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, in + kNonceBytes,
                        static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, in + kNonceBytes + n) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) != 1)
    return std::nullopt;
  return plain;
}

}  // namespace supplyhub::features
