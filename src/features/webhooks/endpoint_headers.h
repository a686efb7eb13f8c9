#pragma once
// An endpoint's custom headers carry credentials (an API key for the
// receiver), so their values are secrets: sealed at rest (secret_box.h),
// "******" wherever an endpoint is read — answers and events alike — and
// opened only to send a delivery.
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "features/webhooks/secret_box.h"

namespace supplyhub::features {

inline constexpr std::string_view kMaskedHeader = "******";

// `sent` ({"name": "value"}, checked by ParseEndpointSpec) with every value
// sealed; a value sent as "******" keeps what `stored` holds for that name.
std::string SealHeaders(std::string_view sent, std::string_view stored, const SecretBox& box);
// The stored headers as the API shows them: names, each value "******".
void WriteMaskedHeaders(std::string_view stored, JsonWriter& w);
// "Name: value" lines to send; a value that is not sealed (stored before
// sealing) is sent as it is.
std::vector<std::string> OpenHeaderLines(std::string_view stored, const SecretBox& box);

}  // namespace supplyhub::features
