#pragma once
// Entity tags (RFC 9110 §8.8.3) of one row's JSON and the conditional
// headers that name them: If-None-Match on reads (304), If-Match on writes
// (412). A row's tag is a strong validator: a hash of the exact bytes of its
// JSON, so every node computes the same tag for the same representation.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace supplyhub::http {

// "\"<16 hex digits>\"" for the representation `json`.
std::string ETagOf(std::string_view json);

// A parsed If-Match / If-None-Match: "*" or a list of entity tags.
struct EntityTags {
  bool any = false;                 // "*"
  std::vector<std::string> strong;  // opaque tags with their quotes: "\"abc\""
  std::vector<std::string> weak;    // W/"abc", kept as "\"abc\""

  // If-Match: strong comparison (a weak tag never matches).
  bool MatchesStrongly(std::string_view etag) const;
  // If-None-Match: weak comparison (W/ is ignored).
  bool MatchesWeakly(std::string_view etag) const;
};

// `name` names the header in the 400 a malformed value gets.
Result<EntityTags> ParseEntityTags(std::string_view value, std::string_view name);

}  // namespace supplyhub::http
