// The pure parts of webhook delivery: Standard Webhooks signatures, the
// SSRF guard's address ranges, URL rules, the retry schedule, Retry-After,
// payload filters and the secret box.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include "features/webhooks/destination.h"
#include "features/webhooks/retry_schedule.h"
#include "features/webhooks/secret_box.h"
#include "features/webhooks/signature.h"
#include "features/webhooks/subscription.h"
#include "schema/event_types.h"

namespace supplyhub::features {
namespace {

// The test vector of the Standard Webhooks specification.
TEST(WebhookSignatureTest, MatchesTheSpecificationsExample) {
  auto sig = SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                         R"({"test": 2432232314})");
  ASSERT_TRUE(sig);
  EXPECT_EQ(*sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_FALSE(SignWebhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "b"));  // no whsec_
  EXPECT_FALSE(SignWebhook("whsec_!!!!", "m", 1, "b"));
}

TEST(WebhookSignatureTest, NewSecretsAreRandomAndDecodable) {
  std::string a = NewWebhookSecret(), b = NewWebhookSecret();
  EXPECT_NE(a, b);
  ASSERT_TRUE(a.starts_with("whsec_"));
  auto key = Base64Decode(a.substr(6));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 24u);
}

bool Public(const char* text) {
  sockaddr_storage s{};
  if (inet_pton(AF_INET, text, &reinterpret_cast<sockaddr_in*>(&s)->sin_addr) == 1) {
    s.ss_family = AF_INET;
  } else {
    EXPECT_EQ(inet_pton(AF_INET6, text, &reinterpret_cast<sockaddr_in6*>(&s)->sin6_addr), 1) << text;
    s.ss_family = AF_INET6;
  }
  return IsPublicAddress(reinterpret_cast<sockaddr*>(&s));
}

TEST(WebhookDestinationTest, OnlyPublicAddressesPass) {
  for (const char* internal : {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                               "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::",
                               "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                               "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2001:db8::1"})
    EXPECT_FALSE(Public(internal)) << internal;
  for (const char* external : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"})
    EXPECT_TRUE(Public(external)) << external;
}

TEST(WebhookDestinationTest, UrlRules) {
  auto ok = ParseWebhookUrl("https://hooks.example.com/in?x=1", true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->host, "hooks.example.com");
  EXPECT_EQ(ok->port, "443");
  auto v6 = ParseWebhookUrl("http://[2606:4700::1111]:8080/", false);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "2606:4700::1111");
  EXPECT_EQ(v6->port, "8080");
  EXPECT_FALSE(ParseWebhookUrl("http://example.com/", true));  // production: https only
  EXPECT_TRUE(ParseWebhookUrl("http://example.com/", false));
  for (const char* bad : {"example.com", "ftp://example.com/", "https://u:p@example.com/", "https:///x",
                          "https://example.com:0/", "https://example.com:70000/", "https://[::1/", "https://a b/",
                          "https://example.com/#f"})
    EXPECT_FALSE(ParseWebhookUrl(bad, false)) << bad;
}

TEST(WebhookRetryTest, TheScheduleThenGivingUp) {
  EXPECT_EQ(*RetryDelay(1, std::nullopt, 0), 5000);
  EXPECT_EQ(*RetryDelay(2, std::nullopt, 0), 300000);
  EXPECT_EQ(*RetryDelay(7, std::nullopt, 0), 36000000);
  EXPECT_FALSE(RetryDelay(8, std::nullopt, 0));
  EXPECT_EQ(*RetryDelay(2, std::nullopt, 1), 330000);  // +10 % jitter
  EXPECT_EQ(*RetryDelay(2, std::nullopt, -1), 270000);
  EXPECT_EQ(*RetryDelay(1, 120, 0), 120000);        // Retry-After later than the schedule wins
  EXPECT_EQ(*RetryDelay(2, 1, 0), 300000);          // but never makes it sooner
  EXPECT_EQ(*RetryDelay(1, 999999999, 0), kMaxRetryAfter * 1000);
}

TEST(WebhookRetryTest, RetryAfterSecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter(" 120\r\n", 0), 120);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30), 30);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30), 0);  // in the past: now
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("-5", 0));
  EXPECT_TRUE(SlowsDown(429) && SlowsDown(503) && !SlowsDown(500) && !SlowsDown(410));
}

TEST(WebhookSubscriptionTest, TypesAndFilters) {
  auto all = Subscription::FromColumns(R"(["part.*","supplier.created"])", "");
  EXPECT_TRUE(all.Wants("part.deleted", "{}"));
  EXPECT_TRUE(all.Wants("supplier.created", "{}"));
  EXPECT_FALSE(all.Wants("supplier.updated", "{}"));
  EXPECT_FALSE(all.Wants("partner.created", "{}"));  // part.* is not a prefix of partner
  auto filtered = Subscription::FromColumns(R"(["*"])", R"({"status":"shipped","quantity":5})");
  EXPECT_TRUE(filtered.Wants("x.y", R"({"status":"shipped","quantity":5.0,"other":1})"));
  EXPECT_FALSE(filtered.Wants("x.y", R"({"status":"shipped","quantity":"5"})"));
  EXPECT_FALSE(filtered.Wants("x.y", R"({"status":"open","quantity":5})"));
  EXPECT_FALSE(filtered.Wants("x.y", R"({"quantity":5})"));
  EXPECT_TRUE(schema::IsEventPattern("pick_ticket.*"));
  EXPECT_TRUE(schema::IsEventPattern("pick_ticket.shipped"));
  EXPECT_FALSE(schema::IsEventPattern("pick_ticket.exploded"));
  EXPECT_FALSE(schema::IsEventPattern("nothing.*"));
}

TEST(SecretBoxTest, SealsAndOpensAndRefusesTampering) {
  SecretBox box(std::string(32, 'k'));
  std::string sealed = box.Seal("whsec_abc");
  EXPECT_EQ(sealed.find("whsec_abc"), std::string::npos);
  EXPECT_NE(box.Seal("whsec_abc"), sealed);  // a fresh nonce each time
  EXPECT_EQ(box.Open(sealed), "whsec_abc");
  std::string tampered = sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.Open(tampered));
  EXPECT_FALSE(SecretBox(std::string(32, 'x')).Open(sealed));
  EXPECT_FALSE(box.Open("v1:"));
  EXPECT_FALSE(SecretBox::Load("too-short", "/nonexistent"));
}

}  // namespace
}  // namespace supplyhub::features
