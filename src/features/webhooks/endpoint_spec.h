#pragma once
// The body of POST (all fields) and PATCH (any) /v1/webhook_endpoints.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace supplyhub::features {

inline constexpr int64_t kMaxInFlightLimit = 1000;

struct EndpointSpec {
  std::optional<std::string> url, description;
  std::optional<std::vector<std::string>> event_types;  // patterns; default ["*"]
  std::optional<std::string> filter;                    // a JSON object; "" removes it
  std::optional<std::string> headers;                   // a JSON object of strings
  std::optional<bool> enabled, ordered;
  std::optional<int64_t> rate_limit;                    // deliveries per second; 0: unlimited
  std::optional<int64_t> max_in_flight;

  // The event types as the stored JSON array.
  std::string EventTypesJson() const;
};

// A 400 for malformed JSON; a 422 naming every invalid field. On create the
// url is required (its reachability is checked by the caller).
Result<EndpointSpec> ParseEndpointSpec(std::string_view body, bool create);
// What ParseEndpointSpec takes, as JSON Schema (OpenAPI documents it).
std::string EndpointSpecSchema(bool create);

}  // namespace supplyhub::features
