#pragma once
// OAuth over HTTP: /v1/oauth/clients (registration by owners and admins),
// /oauth/token, /oauth/revoke, /oauth/introspect and RFC 8414 metadata.
#include "features/oauth/oauth_service.h"
#include "http/router.h"

namespace supplyhub::features {

void AddOAuthRoutes(http::Router& router, storage::Database& db, OAuthService& oauth);

}  // namespace supplyhub::features
