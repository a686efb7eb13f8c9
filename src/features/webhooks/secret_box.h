#pragma once
// Secrets the server must read back (webhook signing keys) are sealed with
// AES-256-GCM under one server key: "v1:" + base64url(nonce | ciphertext | tag).
// The key comes from --secrets-key (base64 of 32 bytes; every node of a
// cluster needs the same) or, when unset, data-dir/secrets.key, made once (0600).
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace supplyhub::features {

class SecretBox {
 public:
  static Result<SecretBox> Load(const std::string& configured_key, const std::string& data_dir);
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string Seal(std::string_view plain) const;
  std::optional<std::string> Open(std::string_view sealed) const;

 private:
  std::string key_;  // 32 bytes
};

}  // namespace supplyhub::features
