#pragma once
// Organizations, members and users over HTTP, in our dialect
// (/v1/organizations, /v1/users) and seed 003's (/organisations).
#include "core/worker_pool.h"
#include "features/identity/auth_service.h"
#include "features/identity/identity_repository.h"
#include "http/router.h"

namespace supplyhub::features {

void AddIdentityRoutes(http::Router& router, IdentityRepository& identity, AuthService& auth, WorkerPool& pool);

}  // namespace supplyhub::features
