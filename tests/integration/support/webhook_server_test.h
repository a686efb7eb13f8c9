#pragma once
// A server that may deliver to 127.0.0.1 (--webhooks-allow-private) with a
// short delivery timeout, and a receiver of the test's own: the fixture of
// the webhook suites.
#include <gtest/gtest.h>

#include "support/test_server.h"
#include "support/webhook_receiver.h"

namespace supplyhub::testing {

class WebhookServerTest : public ServerTest {
 protected:
  void Configure(Config& c) override {
    c.webhooks_allow_private = true;
    c.webhook_timeout_seconds = 2;
  }
  // Creates an endpoint (201 expected); its JSON, with the secret.
  nlohmann::json Endpoint(const nlohmann::json& body, const Headers& headers = {}) {
    auto r = client_->Post("/v1/webhook_endpoints", body.dump(), headers);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
  WebhookReceiver receiver_;
};

}  // namespace supplyhub::testing
