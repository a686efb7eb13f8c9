#include "http/path_id.h"

#include <charconv>
#include <string>

namespace supplyhub::http {

Result<int64_t> PathId(std::string_view raw, std::string_view what) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || p != raw.data() + raw.size() || id <= 0)
    return Fail(ErrorCode::kNotFound, "No " + std::string(what) + " with id '" + std::string(raw) + "'");
  return id;
}

Result<int64_t> PathOrganization(const RequestContext& c) {
  auto org = PathId(c.params[0], "organization");
  if (!org || *org != c.org_id)
    return Fail(ErrorCode::kNotFound, "No organization '" + std::string(c.params[0]) +
                                          "' here; this request acts in organization " + std::to_string(c.org_id));
  return *org;
}

}  // namespace supplyhub::http
