#pragma once
// /v1/webhook_endpoints and its operator routes (read:webhooks, write:webhooks).
#include "features/webhooks/webhook_service.h"
#include "http/router.h"

namespace supplyhub::features {

void AddWebhookRoutes(http::Router& router, WebhookService& webhooks);

}  // namespace supplyhub::features
