#pragma once
// Standard Webhooks signing: secrets are "whsec_" + base64 of random bytes;
// a signature is "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")).
#include <optional>
#include <string>
#include <string_view>

namespace supplyhub::features {

std::string NewWebhookSecret();  // whsec_ + base64 of 24 random bytes
// "v1,<base64>" for `secret` (whsec_…); nullopt when the secret is malformed.
std::optional<std::string> SignWebhook(std::string_view secret, std::string_view id, int64_t timestamp,
                                       std::string_view body);
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace supplyhub::features
