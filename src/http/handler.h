#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/task.h"
#include "http/request.h"

namespace supplyhub::http {

enum class Role { kViewer, kMember, kAdmin, kOwner };
const char* RoleName(Role role);

// Who is calling, and the one organization the request acts in.
struct Identity {
  int64_t user_id = 0;
  int64_t org_id = 0;
  Role role = Role::kViewer;
  std::vector<std::string> scopes;  // "*" grants every scope
  int64_t token_id = 0;
  int64_t family = 0;               // tokens issued together (revoked together)
  int64_t client_id = 0;            // the OAuth client (partner app); 0: first-party
  bool sandbox = true;              // the organization's environment

  // The token grants `scope` and the role allows it (viewers only read;
  // partner apps never administer).
  bool Allows(std::string_view scope) const;
  // The token may be used in another of the user's organizations: only a
  // user's own login (first-party) tokens; API and partner tokens are bound.
  bool MaySwitchOrganization() const { return client_id == 0 && !bound_to_organization; }
  bool bound_to_organization = false;  // API tokens
};

// `held` grants `scope` ("*" grants every scope).
bool ScopesCover(const std::vector<std::string>& held, std::string_view scope);

// What a handler sees: the request, its path parameters, and for
// authenticated routes the caller, whose organization scopes every query.
struct RequestContext {
  const Request& request;
  std::vector<std::string_view> params;  // values of {placeholders}, in order
  int64_t org_id = 0;
  const Identity* identity = nullptr;
};

using Handler = std::function<Task<Result<Response>>(RequestContext&)>;

// How a route is reached and what it needs from the pipeline.
struct RouteOptions {
  bool json_body = false;       // POST/PUT/PATCH bodies must be application/json
  bool authenticated = true;    // needs a token; runs inside an organization
  std::string scope;            // e.g. "read:parts"; empty: any authenticated caller
  std::string summary;          // for OpenAPI and logs
  bool no_store = false;        // answers carry secrets: Cache-Control: no-store (RFC 6749 §5.1)
  bool form_body = false;       // also application/x-www-form-urlencoded (seed 002's shipments)
  // Routes that are not declared resources document their body and answer
  // here, as JSON Schema text (documents/json_schema.h makes it from a
  // declaration); OpenAPI shows them. Empty: no body / not documented.
  std::string request_schema = {};
  std::string response_schema = {};
  int success_status = 200;
};

}  // namespace supplyhub::http
