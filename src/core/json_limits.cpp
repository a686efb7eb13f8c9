#include "core/json_limits.h"

#include <nlohmann/json.hpp>

namespace supplyhub {

Result<void> CheckJsonDepth(std::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return Fail(ErrorCode::kBadRequest, "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return {};
}

Result<nlohmann::json> ParseUntrustedJson(std::string_view json) {
  if (auto shallow = CheckJsonDepth(json); !shallow) return Fail(shallow.error());
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kBadRequest, "Malformed JSON");
  return doc;
}

}  // namespace supplyhub
