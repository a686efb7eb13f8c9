#pragma once
// POST /v1/auth/login, /v1/auth/refresh, /v1/auth/logout (seed 000 dialect).
#include "features/identity/auth_service.h"
#include "http/router.h"

namespace supplyhub::features {

void AddAuthRoutes(http::Router& router, AuthService& auth);

}  // namespace supplyhub::features
