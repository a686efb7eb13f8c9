#pragma once
// Rules an organization sets for itself: GET|PUT /v1/organizations/{id}/settings
// (owners and admins, scope admin:organization). Today: whether NCR changes
// need an e-signature, and a reason with it.
#include "http/router.h"
#include "storage/database.h"

namespace supplyhub::features {

void AddOrganizationSettingsRoutes(http::Router& router, storage::Database& db);

}  // namespace supplyhub::features
