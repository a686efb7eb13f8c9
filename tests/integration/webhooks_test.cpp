// Webhook endpoints and deliveries against a receiver of the test's own:
// signatures, filters, retries, Retry-After, 410, ordering, secret
// rotation, the operator's tools, bad input, scopes and tenancy.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/clock.h"
#include "storage/block_on.h"
#include "support/side_connection.h"
#include "support/test_server.h"
#include "support/webhook_receiver.h"
#include "support/webhook_server_test.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  out.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n))));
  return out;
}

// The Standard Webhooks check, written here independently of the server's signer.
bool SignedBy(const ReceivedHook& hook, const std::string& secret) {
  std::string b64 = secret.substr(6);  // whsec_
  std::string key(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  key.resize(static_cast<size_t>(n) - (b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0));
  std::string content = hook.Header("webhook-id") + "." + hook.Header("webhook-timestamp") + "." + hook.body;
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), mac, &len);
  std::string expected = "v1," + Base64(mac, len);
  std::string sigs = hook.Header("webhook-signature");
  for (size_t at = 0; at < sigs.size();) {
    size_t end = sigs.find(' ', at);
    if (end == std::string::npos) end = sigs.size();
    if (sigs.substr(at, end - at) == expected) return true;
    at = end + 1;
  }
  return false;
}

class WebhooksTest : public WebhookServerTest {
 protected:
  std::string EndpointUrl(const json& endpoint, const std::string& tail = "") {
    return "/v1/webhook_endpoints/" + std::to_string(endpoint["id"].get<int64_t>()) + tail;
  }
  json Supplier(const std::string& name, const Headers& headers = {}) {
    auto r = client_->Post("/v1/suppliers", json{{"name", name}}.dump(), headers);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
  json Attempts(const json& endpoint, const std::string& query = "") {
    auto r = client_->Get(EndpointUrl(endpoint, "/attempts" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["data"];
  }
  // Polls until `done` holds (deliveries are asynchronous).
  template <typename F>
  bool Eventually(F done, int timeout_ms = 15000) {
    for (int waited = 0; waited < timeout_ms; waited += 50) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }
};

TEST_F(WebhooksTest, AnEndpointGetsSignedDeliveriesOfItsEvents) {
  json endpoint = Endpoint({{"url", receiver_.Url()}, {"description", "ERP"}});
  std::string secret = endpoint["secret"];
  EXPECT_TRUE(secret.starts_with("whsec_"));
  json supplier = Supplier("Acme");
  ASSERT_TRUE(receiver_.WaitFor(1));
  ReceivedHook hook = receiver_.Received()[0];
  EXPECT_EQ(hook.Header("content-type"), "application/json");
  EXPECT_TRUE(hook.Header("webhook-id").starts_with("evt_"));
  EXPECT_LE(std::abs(std::stoll(hook.Header("webhook-timestamp")) - NowUnixSeconds()), 5);
  EXPECT_TRUE(SignedBy(hook, secret)) << hook.Header("webhook-signature");
  json body = hook.Json();
  EXPECT_EQ(body["type"], "supplier.created");
  EXPECT_EQ(body["data"]["object"]["name"], "Acme");
  EXPECT_EQ(body["data"]["resource_id"], supplier["id"]);
  EXPECT_EQ(body["data"]["sequence"], 1);
  EXPECT_TRUE(body.contains("timestamp"));
  // The secret is shown once: never listed, never read back, and not stored in the clear.
  auto read = client_->Get(EndpointUrl(endpoint));
  EXPECT_EQ(read.body.find(secret), std::string::npos);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").body.find(secret), std::string::npos);
  SideConnection db(data_dir_);
  EXPECT_EQ(db.Scalar("SELECT count(*) FROM webhook_secrets WHERE sealed LIKE '%" + secret.substr(6, 10) + "%'"), 0);
  // The attempt is logged.
  ASSERT_TRUE(Eventually([&] { return Attempts(endpoint).size() == 1; }));
  json attempt = Attempts(endpoint)[0];
  EXPECT_EQ(attempt["status"], "succeeded");
  EXPECT_EQ(attempt["status_code"], 200);
  EXPECT_EQ(attempt["response"], "ok");
}

TEST_F(WebhooksTest, TypesAndPayloadFiltersChooseTheEvents) {
  Endpoint({{"url", receiver_.Url("/typed")}, {"event_types", {"supplier.updated"}}});
  Endpoint({{"url", receiver_.Url("/filtered")}, {"event_types", {"supplier.*"}}, {"filter", {{"name", "Keep"}}}});
  json a = Supplier("Keep");
  json b = Supplier("Drop");
  ASSERT_EQ(client_->Patch("/v1/suppliers/" + std::to_string(b["id"].get<int64_t>()), R"({"name":"Changed"})").status, 200);
  ASSERT_TRUE(receiver_.WaitFor(1, 15000, "/typed"));
  ASSERT_TRUE(receiver_.WaitFor(1, 15000, "/filtered"));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // nothing else arrives
  for (const auto& hook : receiver_.Received()) {
    if (hook.path == "/typed") {
      EXPECT_EQ(hook.Json()["type"], "supplier.updated");
    } else {
      EXPECT_EQ(hook.Json()["data"]["object"]["name"], "Keep");
    }
  }
  EXPECT_EQ(receiver_.Received().size(), 2u);
}

TEST_F(WebhooksTest, FailuresAreRetriedAndRetryAfterIsHonoured) {
  std::atomic<int> calls{0};
  receiver_.Answer([&](const ReceivedHook&) {
    int n = ++calls;
    if (n == 1) return HookAnswer{500, {}, 0};
    if (n == 2) return HookAnswer{503, {{"Retry-After", "1"}}, 0};
    return HookAnswer{200, {}, 0};
  });
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  Supplier("Retry me");
  // attempt 1 fails (500), attempt 2 after ~5 s fails (503, Retry-After 1), attempt 3 after ~5 min...
  ASSERT_TRUE(receiver_.WaitFor(2, 20000));
  json attempts;
  ASSERT_TRUE(Eventually([&] { return (attempts = Attempts(endpoint)).size() == 2; }));
  EXPECT_EQ(attempts[0]["status"], "failed");
  EXPECT_EQ(attempts[0]["status_code"], 500);
  EXPECT_FALSE(attempts[0]["next_retry_at"].is_null());
  EXPECT_EQ(attempts[1]["status_code"], 503);
  // The same message both times, signed again each time.
  auto got = receiver_.Received();
  EXPECT_EQ(got[0].Header("webhook-id"), got[1].Header("webhook-id"));
  auto messages = client_->Get(EndpointUrl(endpoint, "/messages")).Json()["data"];
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["status"], "pending");
  EXPECT_EQ(messages[0]["attempts"], 2);
  // A long Retry-After is honoured over the schedule's 5 minutes.
  SideConnection db(data_dir_);
  int64_t due = db.Scalar("SELECT next_attempt_at FROM webhook_messages");
  EXPECT_GE(due - NowUnixSeconds(), 200);  // ~300 s (5 min, ±10 %)
  // Filter by outcome.
  EXPECT_EQ(Attempts(endpoint, "?status=succeeded").size(), 0u);
  EXPECT_EQ(Attempts(endpoint, "?status=failed").size(), 2u);
  // Resend now: goes out at once and succeeds.
  auto resent = client_->Post(EndpointUrl(endpoint, "/messages/" + std::to_string(messages[0]["event_id"].get<int64_t>()) + "/resend"), "");
  ASSERT_EQ(resent.status, 202) << resent.body;
  ASSERT_TRUE(receiver_.WaitFor(3));
  ASSERT_TRUE(Eventually([&] { return Attempts(endpoint, "?status=succeeded").size() == 1; }));
}

TEST_F(WebhooksTest, RetryAfterBeyondTheScheduleDelaysTheRetry) {
  receiver_.Answer([](const ReceivedHook&) { return HookAnswer{429, {{"Retry-After", "3600"}}, 0}; });
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  Supplier("Slow down");
  ASSERT_TRUE(receiver_.WaitFor(1));
  json attempts;
  ASSERT_TRUE(Eventually([&] { return (attempts = Attempts(endpoint)).size() == 1; }));
  int64_t next = *ParseTimestamp(attempts[0]["next_retry_at"].get<std::string>());
  EXPECT_GE(next - NowUnixSeconds(), 3500);
  SideConnection db(data_dir_);
  EXPECT_GE(db.Scalar("SELECT paused_until FROM webhook_endpoints") - NowUnixSeconds(), 3500);  // 429 slows the endpoint
}

TEST_F(WebhooksTest, GoneDisablesTheEndpointAndEmitsAnEvent) {
  receiver_.Answer([](const ReceivedHook&) { return HookAnswer{410, {}, 0}; });
  json endpoint = Endpoint({{"url", receiver_.Url()}, {"event_types", {"supplier.*"}}});
  Supplier("Gone");
  ASSERT_TRUE(Eventually([&] { return client_->Get(EndpointUrl(endpoint)).Json()["data"]["enabled"] == false; }));
  json now = client_->Get(EndpointUrl(endpoint)).Json()["data"];
  EXPECT_EQ(now["disabled_reason"], "the endpoint answered 410 Gone");
  auto events = client_->Get("/v1/events?type=webhook_endpoint.disabled").Json()["data"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["resource_id"], endpoint["id"]);
  auto messages = client_->Get(EndpointUrl(endpoint, "/messages?status=failed")).Json()["data"];
  EXPECT_EQ(messages.size(), 1u);
  // Disabled: new events are not sent...
  Supplier("While disabled");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(receiver_.Received().size(), 1u);
  // ...until it is enabled, recovered (the failed one) and replayed (the one it missed).
  receiver_.Answer({});
  int64_t since = NowUnixSeconds() - 60;
  ASSERT_EQ(client_->Post(EndpointUrl(endpoint, "/enable"), "").status, 200);
  auto recovered = client_->Post(EndpointUrl(endpoint, "/recover"), json{{"since", since}}.dump());
  ASSERT_EQ(recovered.status, 202) << recovered.body;
  EXPECT_EQ(recovered.Json()["data"]["recovered"], 1);
  auto replayed = client_->Post(EndpointUrl(endpoint, "/replay_missing"), json{{"since", UnixToRfc3339(since)}}.dump());
  ASSERT_EQ(replayed.status, 202) << replayed.body;
  EXPECT_EQ(replayed.Json()["data"]["replayed"], 1);
  ASSERT_TRUE(receiver_.WaitFor(3));
  std::set<std::string> names;
  for (const auto& hook : receiver_.Received()) names.insert(hook.Json()["data"]["object"]["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"Gone", "While disabled"}));
  // Replaying again finds nothing missing.
  EXPECT_EQ(client_->Post(EndpointUrl(endpoint, "/replay_missing"), json{{"since", since}}.dump()).Json()["data"]["replayed"], 0);
}

TEST_F(WebhooksTest, FiveDaysWithoutASuccessDisableTheEndpoint) {
  receiver_.Answer([](const ReceivedHook&) { return HookAnswer{500, {}, 0}; });
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  json supplier = Supplier("Failing");
  ASSERT_TRUE(Eventually([&] { return Attempts(endpoint).size() == 1; }));
  EXPECT_FALSE(client_->Get(EndpointUrl(endpoint)).Json()["data"]["failing_since"].is_null());
  EXPECT_TRUE(client_->Get(EndpointUrl(endpoint)).Json()["data"]["enabled"]);  // one failure is not five days
  SideConnection db(data_dir_);
  db.Exec("UPDATE webhook_endpoints SET failing_since = " + std::to_string(NowUnixSeconds() - 5 * 86400 - 60));
  auto event = client_->Get("/v1/events").Json()["data"][0]["id"].get<int64_t>();
  ASSERT_EQ(client_->Post(EndpointUrl(endpoint, "/messages/" + std::to_string(event) + "/resend"), "").status, 202);
  ASSERT_TRUE(Eventually([&] { return client_->Get(EndpointUrl(endpoint)).Json()["data"]["enabled"] == false; }));
  EXPECT_EQ(client_->Get(EndpointUrl(endpoint)).Json()["data"]["disabled_reason"], "no successful delivery for 5 days");
  EXPECT_EQ(client_->Get("/v1/events?type=webhook_endpoint.disabled").Json()["data"].size(), 1u);
}

TEST_F(WebhooksTest, AnOrderedEndpointGetsEventsStrictlyInOrder) {
  std::atomic<int> calls{0};
  receiver_.Answer([&](const ReceivedHook&) { return HookAnswer{++calls == 1 ? 500 : 200, {}, 0}; });
  Endpoint({{"url", receiver_.Url()}, {"ordered", true}});
  for (int i = 0; i < 3; ++i) Supplier("S" + std::to_string(i));
  ASSERT_TRUE(receiver_.WaitFor(4, 20000));  // the first twice (failed, then retried after ~5 s), then the rest
  std::vector<int64_t> sequences;
  for (const auto& hook : receiver_.Received()) sequences.push_back(hook.Json()["data"]["sequence"]);
  EXPECT_EQ(sequences, (std::vector<int64_t>{1, 1, 2, 3}));
}

TEST_F(WebhooksTest, AnEndpointsRateLimitSpacesItsDeliveries) {
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> arrivals;
  receiver_.Answer([&](const ReceivedHook&) {
    std::lock_guard lock(mutex);
    arrivals.push_back(std::chrono::steady_clock::now());
    return HookAnswer{};
  });
  Endpoint({{"url", receiver_.Url()}, {"rate_limit", 2}});  // 2 per second, a burst of 2
  for (int i = 0; i < 6; ++i) Supplier("R" + std::to_string(i));
  ASSERT_TRUE(receiver_.WaitFor(6, 20000));
  std::lock_guard lock(mutex);
  auto spread = std::chrono::duration_cast<std::chrono::milliseconds>(arrivals.back() - arrivals.front()).count();
  EXPECT_GE(spread, 1400) << "6 deliveries at 2/s after a burst of 2 take ~2 s";
}

TEST_F(WebhooksTest, AtMostMaxInFlightDeliveriesAreOpenAtOnce) {
  std::atomic<int> open{0}, most{0};
  receiver_.Answer([&](const ReceivedHook&) {
    int now = ++open;
    for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    --open;
    return HookAnswer{};
  });
  Endpoint({{"url", receiver_.Url()}, {"max_in_flight", 2}});
  for (int i = 0; i < 6; ++i) Supplier("F" + std::to_string(i));
  ASSERT_TRUE(receiver_.WaitFor(6, 20000));
  EXPECT_LE(most.load(), 2);  // without the limit all six are open together
  EXPECT_GE(most.load(), 1);
}

TEST_F(WebhooksTest, ASlowEndpointHoldsUpNoOtherEndpoint) {
  receiver_.Answer([](const ReceivedHook& h) { return HookAnswer{200, {}, h.path == "/slow" ? 4000 : 0}; });
  Endpoint({{"url", receiver_.Url("/slow")}});
  Endpoint({{"url", receiver_.Url("/fast")}});
  auto start = std::chrono::steady_clock::now();
  Supplier("One");
  Supplier("Two");
  ASSERT_TRUE(receiver_.WaitFor(2, 3000, "/fast"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1900));  // before the slow one's timeout
}

TEST_F(WebhooksTest, RotationSignsWithBothSecretsDuringTheOverlap) {
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  std::string old_secret = endpoint["secret"];
  auto rotated = client_->Post(EndpointUrl(endpoint, "/rotate_secret"), "");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.Header("cache-control"), "no-store");
  std::string new_secret = rotated.Json()["data"]["secret"];
  EXPECT_NE(new_secret, old_secret);
  Supplier("After rotation");
  ASSERT_TRUE(receiver_.WaitFor(1));
  ReceivedHook hook = receiver_.Received()[0];
  EXPECT_TRUE(SignedBy(hook, old_secret));
  EXPECT_TRUE(SignedBy(hook, new_secret));
  EXPECT_FALSE(SignedBy(hook, "whsec_" + std::string("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY")));
}

// Issue 18 item 3: a rotation ends the previous overlap, so a delivery carries
// at most two signatures however often the secret is rotated; rotations are
// rate-limited per endpoint (429 with Retry-After). Before, 20 rotations made
// 21 signatures.
TEST_F(WebhooksTest, RotationKeepsAtMostTwoSecretsAndIsRateLimited) {
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  std::vector<std::string> secrets{endpoint["secret"]};
  int refused = 0;
  std::string retry_after;
  for (int i = 0; i < 20; ++i) {
    auto r = client_->Post(EndpointUrl(endpoint, "/rotate_secret"), "");
    if (r.status == 429) {
      ++refused;
      retry_after = r.Header("retry-after");
      EXPECT_EQ(r.Json()["error"]["code"], "rate_limited") << r.body;
      continue;
    }
    ASSERT_EQ(r.status, 200) << r.body;
    secrets.push_back(r.Json()["data"]["secret"]);
  }
  EXPECT_EQ(secrets.size(), 11u) << "ten rotations an hour";
  EXPECT_EQ(refused, 10);
  EXPECT_GT(std::atoi(retry_after.c_str()), 0);
  EXPECT_LE(std::atoi(retry_after.c_str()), 3600);
  Supplier("After twenty rotations");
  ASSERT_TRUE(receiver_.WaitFor(1));
  ReceivedHook hook = receiver_.Received()[0];
  std::string signatures = hook.Header("webhook-signature");
  EXPECT_EQ(std::count(signatures.begin(), signatures.end(), ' '), 1) << signatures;  // two signatures
  ASSERT_GE(secrets.size(), 3u);
  EXPECT_TRUE(SignedBy(hook, secrets.back()));
  EXPECT_TRUE(SignedBy(hook, secrets[secrets.size() - 2]));  // the overlap of the last rotation
  EXPECT_FALSE(SignedBy(hook, secrets[secrets.size() - 3]));
  SideConnection db(data_dir_);
  EXPECT_EQ(db.Scalar("SELECT count(*) FROM webhook_secrets WHERE endpoint_id = " +
                      std::to_string(endpoint["id"].get<int64_t>())), 2);
}

TEST_F(WebhooksTest, TheTestEventGoesToThatEndpointOnly) {
  json a = Endpoint({{"url", receiver_.Url("/a")}});
  Endpoint({{"url", receiver_.Url("/b")}});
  auto sent = client_->Post(EndpointUrl(a, "/test"), "");
  ASSERT_EQ(sent.status, 202) << sent.body;
  ASSERT_TRUE(receiver_.WaitFor(1, 15000, "/a"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(receiver_.Received().size(), 1u);
  EXPECT_EQ(receiver_.Received()[0].Json()["type"], "webhook_endpoint.test");
  EXPECT_EQ(client_->Get("/v1/events").Json()["data"].size(), 0u);  // not an event of the organization's data
}

TEST_F(WebhooksTest, EndpointsAreListedChangedAndDeleted) {
  json endpoint = Endpoint({{"url", receiver_.Url()}, {"headers", {{"X-Api-Key", "k1"}}}, {"rate_limit", 5},
                            {"max_in_flight", 2}});
  EXPECT_EQ(endpoint["event_types"], json::array({"*"}));
  EXPECT_EQ(endpoint["rate_limit"], 5);
  auto patched = client_->Patch(EndpointUrl(endpoint), R"({"description":"changed","event_types":["part.*"],"rate_limit":null})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["data"]["description"], "changed");
  EXPECT_TRUE(patched.Json()["data"]["rate_limit"].is_null());
  ASSERT_EQ(client_->Patch(EndpointUrl(endpoint), R"({"event_types":["*"]})").status, 200);
  Supplier("With header");
  ASSERT_TRUE(receiver_.WaitFor(1));
  EXPECT_EQ(receiver_.Received()[0].Header("x-api-key"), "k1");
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 1u);
  ASSERT_EQ(client_->Delete(EndpointUrl(endpoint)).status, 200);
  EXPECT_EQ(client_->Get(EndpointUrl(endpoint)).status, 404);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 0u);
}

// Custom header values are credentials: sealed at rest, "******" in every
// answer and in the endpoint's test event, sent in clear only to the receiver.
TEST_F(WebhooksTest, CustomHeaderValuesAreSecrets) {
  const std::string key = "sk-live-4f1d8e0b";
  json endpoint = Endpoint({{"url", receiver_.Url()}, {"headers", {{"X-Api-Key", key}}}});
  EXPECT_EQ(endpoint["headers"], json({{"X-Api-Key", "******"}}));
  for (const std::string& url : {EndpointUrl(endpoint), std::string("/v1/webhook_endpoints")}) {
    auto r = client_->Get(url);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find(key), std::string::npos) << url;
  }
  std::string stored;
  auto read = storage::BlockOn(app_->database().Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto ran = co_await tx.Execute("SELECT headers FROM webhook_endpoints", {},
                                   [&](const storage::Row& row) { stored = std::string(row.Text(0)); });
    if (!ran) co_return Fail(ran.error());
    co_return Result<void>{};
  }));
  ASSERT_TRUE(read);
  EXPECT_EQ(stored.find(key), std::string::npos) << stored;  // sealed at rest
  EXPECT_NE(stored.find("X-Api-Key"), std::string::npos);
  ASSERT_EQ(client_->Post(EndpointUrl(endpoint, "/test"), "{}").status, 202);
  ASSERT_TRUE(receiver_.WaitFor(1));
  EXPECT_EQ(receiver_.Received()[0].Header("x-api-key"), key);  // the receiver gets it
  EXPECT_EQ(receiver_.Received()[0].body.find(key), std::string::npos);  // the event does not carry it
  // Sent back masked, the value is kept; a new value replaces it.
  ASSERT_EQ(client_->Patch(EndpointUrl(endpoint), R"({"headers":{"X-Api-Key":"******","X-Other":"o"}})").status, 200);
  Supplier("After the PATCH");
  ASSERT_TRUE(receiver_.WaitFor(2));
  EXPECT_EQ(receiver_.Received()[1].Header("x-api-key"), key);
  EXPECT_EQ(receiver_.Received()[1].Header("x-other"), "o");
}

// A delete lands just as the endpoint's delivery is being recorded: neither
// waits on the other in a cycle (PostgreSQL answered 503 for a deadlock in
// about one round of six before the recorder took endpoints first).
TEST_F(WebhooksTest, AnEndpointIsDeletedWhileItsDeliveryIsRecorded) {
  for (int round = 0; round < 30; ++round) {
    std::string path = "/round" + std::to_string(round);
    json endpoint = Endpoint({{"url", receiver_.Url(path)}});
    Supplier("Round " + std::to_string(round));
    ASSERT_TRUE(receiver_.WaitFor(1, 15000, path));
    auto deleted = client_->Delete(EndpointUrl(endpoint));
    ASSERT_EQ(deleted.status, 200) << "round " << round << ": " << deleted.body;
    EXPECT_EQ(client_->Get(EndpointUrl(endpoint)).status, 404);
  }
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 0u);
}

TEST_F(WebhooksTest, BadEndpointsAre422AndCreateNothing) {
  std::vector<std::pair<std::string, json>> bad = {
      {"url", {{"url", "not a url"}}},
      {"url", {{"url", "ftp://example.com/x"}}},
      {"url", {{"url", "https://user:pw@example.com/x"}}},
      {"url", {{"url", "https://example.com/x#frag"}}},
      {"url", {{"url", "https://exa mple.com/"}}},
      {"url", {{"url", "https://example.com:99999/"}}},
      {"url", {{"url", "https://" + std::string(2100, 'a') + ".com/"}}},
      {"url", {{"url", "https://no-such-host.invalid/hook"}}},
      {"url", {{"description", "no url"}}},
      {"event_types", {{"url", receiver_.Url()}, {"event_types", {"nothing.created"}}}},
      {"event_types", {{"url", receiver_.Url()}, {"event_types", json::array()}}},
      {"filter", {{"url", receiver_.Url()}, {"filter", {{"name", {{"nested", 1}}}}}}},
      {"headers", {{"url", receiver_.Url()}, {"headers", {{"webhook-signature", "forged"}}}}},
      {"headers", {{"url", receiver_.Url()}, {"headers", {{"X-Bad", "a\r\nInjected: 1"}}}}},
      {"rate_limit", {{"url", receiver_.Url()}, {"rate_limit", 0}}},
      {"max_in_flight", {{"url", receiver_.Url()}, {"max_in_flight", 1001}}},
      {"colour", {{"url", receiver_.Url()}, {"colour", "red"}}},
  };
  for (const auto& [field, body] : bad) {
    auto r = client_->Post("/v1/webhook_endpoints", body.dump());
    ASSERT_EQ(r.status, 422) << body.dump().substr(0, 200) << " " << r.body;
    EXPECT_TRUE(r.Json()["error"]["fields"].contains(field)) << r.body;
  }
  EXPECT_EQ(client_->Post("/v1/webhook_endpoints", "{not json").status, 400);
  EXPECT_EQ(client_->Post("/v1/webhook_endpoints", "[1]").status, 400);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 0u);
  json endpoint = Endpoint({{"url", receiver_.Url()}});
  EXPECT_EQ(client_->Post(EndpointUrl(endpoint, "/recover"), "{}").status, 422);
  EXPECT_EQ(client_->Post(EndpointUrl(endpoint, "/recover"), R"({"since":"yesterday"})").status, 422);
  EXPECT_EQ(client_->Get(EndpointUrl(endpoint, "/attempts?status=maybe")).status, 400);
  EXPECT_EQ(client_->Post(EndpointUrl(endpoint, "/messages/999999/resend"), "").status, 404);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints/999999").status, 404);
}

TEST_F(WebhooksTest, ScopesAndTenancyBoundEveryRoute) {
  json endpoint = Endpoint({{"url", receiver_.Url("/ours")}});
  Headers other = OtherOrganization();
  for (const auto& [method, tail] : std::vector<std::pair<std::string, std::string>>{
           {"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"POST", "/rotate_secret"}, {"POST", "/test"},
           {"GET", "/attempts"}, {"GET", "/messages"}, {"POST", "/disable"}}) {
    auto r = client_->Send(method, EndpointUrl(endpoint, tail), method == "PATCH" ? R"({"description":"x"})" : "",
                           [&] { Headers h = other; h.push_back({"Content-Type", "application/json"}); return h; }());
    EXPECT_EQ(r.status, 404) << method << " " << tail << " " << r.body;
  }
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints", other).Json()["data"].size(), 0u);
  // Their events never reach our endpoint.
  Supplier("Theirs", other);
  Supplier("Ours");
  ASSERT_TRUE(receiver_.WaitFor(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(receiver_.Received().size(), 1u);
  EXPECT_EQ(receiver_.Received()[0].Json()["data"]["object"]["name"], "Ours");

  auto reader = client_->Post("/v1/tokens", R"({"name":"r","scope":{"custom":["read:webhooks"]}})");
  ASSERT_EQ(reader.status, 201) << reader.body;
  Headers read_only = Bearer(reader.Json()["data"]["token"]);
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints", read_only).status, 200);
  EXPECT_EQ(client_->Post("/v1/webhook_endpoints", json{{"url", receiver_.Url()}}.dump(), read_only).status, 403);
  EXPECT_EQ(client_->Post(EndpointUrl(endpoint, "/rotate_secret"), "", read_only).status, 403);
  auto parts = client_->Post("/v1/tokens", R"({"name":"p","scope":{"custom":["read:parts"]}})");
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints", Bearer(parts.Json()["data"]["token"])).status, 403);
}

// Without --webhooks-allow-private: internal destinations are refused; production needs https.
class WebhookGuardTest : public ServerTest {};

TEST_F(WebhookGuardTest, InternalAddressesAreRefused) {
  for (std::string url : {"http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/", "http://192.168.0.1/",
                          "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                          "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/"}) {
    auto r = client_->Post("/v1/webhook_endpoints", json{{"url", url}}.dump());
    EXPECT_EQ(r.status, 422) << url << " " << r.body;
  }
  EXPECT_EQ(client_->Get("/v1/webhook_endpoints").Json()["data"].size(), 0u);
}

TEST_F(WebhookGuardTest, ProductionOrganizationsNeedHttps) {
  auto org = storage::BlockOn(app_->identity().CreateOrganization("Live", "production"));
  ASSERT_TRUE(org);
  CreateUser("live-owner", "Live-pass-1", *org, http::Role::kOwner);
  Headers live = Bearer(Login("live-owner", "Live-pass-1"));
  auto r = client_->Post("/v1/webhook_endpoints", R"({"url":"http://example.com/hook"})", live);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("https"), std::string::npos);
}

}  // namespace
}  // namespace supplyhub::testing
