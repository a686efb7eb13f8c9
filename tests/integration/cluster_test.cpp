// Two nodes, one PostgreSQL: what makes them one service. Runs in the
// PostgreSQL pass only (the SQLite pass filters ClusterTest out: an embedded
// database has one node by construction).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <thread>

#include "support/redis_process.h"
#include "support/side_connection.h"
#include "support/test_server.h"
#include "support/webhook_receiver.h"

namespace supplyhub::testing {
namespace {

using namespace std::chrono_literals;

// Shell output without its trailing newlines.
std::string ShellLine(const std::string& command) {
  std::string out = Shell(command);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabaseUrl();
    ASSERT_FALSE(db_.empty()) << "ClusterTest needs PostgreSQL (SUPPLYHUB_TEST_POSTGRES_FILE)";
    dir_ = MakeTempDir();
  }
  void TearDown() override {
    nodes_.clear();
    if (redis_) redis_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Starts a node on the shared database; the first one seeds the demo data.
  HttpClient& StartNode(std::vector<std::string> extra = {}) {
    std::string port_file = dir_ + "/port" + std::to_string(nodes_.size());
    std::vector<std::string> args = {"serve", "--port", "0", "--port-file", port_file, "--data-dir", dir_ + "/data",
                                     "--threads", "2"};
    if (nodes_.empty()) args.push_back("--demo");
    args.insert(args.end(), extra.begin(), extra.end());
    nodes_.push_back(std::make_unique<ServerProcess>(args));
    uint16_t port = nodes_.back()->WaitForPort(port_file);
    EXPECT_NE(port, 0);
    clients_.push_back(std::make_unique<HttpClient>(port));
    return *clients_.back();
  }

  std::string Login(HttpClient& node) {
    auto r = node.Post("/v1/auth/login", R"({"username":"User1","password":"Password123"})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json()["data"]["token"].get<std::string>() : "";
  }

  // Wrong passwords for User1 alternating between the nodes, until one is
  // refused; returns how many failed (401) before that, or -1.
  int FailuresBeforeThrottled(HttpClient& a, HttpClient& b, int tries) {
    for (int i = 0; i < tries; ++i) {
      auto r = (i % 2 ? b : a).Post("/v1/auth/login", R"({"username":"User1","password":"wrong"})");
      if (r.status == 429) return i;
      EXPECT_EQ(r.status, 401) << r.body;
    }
    return -1;
  }

  std::string Sql(const std::string& query) { return ShellLine("psql -At '" + db_ + "' -c \"" + query + "\""); }

  // Counts allowed requests when `total` alternate between the two nodes.
  int AllowedAcrossNodes(HttpClient& a, HttpClient& b, const std::string& token, int total) {
    Headers auth = {{"Authorization", "Bearer " + token}};
    int allowed = 0;
    for (int i = 0; i < total; ++i) {
      int status = (i % 2 ? b : a).Get("/v1/parts?per_page=1", auth).status;
      EXPECT_TRUE(status == 200 || status == 429) << status;
      allowed += status == 200;
    }
    return allowed;
  }

  std::string db_;
  std::string dir_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  std::vector<std::unique_ptr<HttpClient>> clients_;
  std::unique_ptr<RedisProcess> redis_;
};

TEST_F(ClusterTest, RevokingATokenOnOneNodeTakesEffectOnTheOtherWithinOneSecond) {
  HttpClient& a = StartNode();
  HttpClient& b = StartNode();
  std::string token = Login(a);
  Headers auth = {{"Authorization", "Bearer " + token}};
  ASSERT_EQ(b.Get("/v1/parts", auth).status, 200);  // node b now holds the token in its cache
  ASSERT_EQ(b.Get("/v1/parts", auth).status, 200);
  ASSERT_EQ(a.Post("/v1/auth/logout", "{}", auth).status, 200);
  auto revoked = std::chrono::steady_clock::now();
  int status = 200;
  while (std::chrono::steady_clock::now() - revoked < 3s) {
    status = b.Get("/v1/parts", auth).status;
    if (status == 401) break;
    std::this_thread::sleep_for(10ms);
  }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - revoked);
  EXPECT_EQ(status, 401);
  EXPECT_LT(took.count(), 1000) << "node b served a revoked token for " << took.count() << " ms";
}

TEST_F(ClusterTest, RateLimitBucketsAndOverridesAreSharedInPostgres) {
  HttpClient& a = StartNode();
  HttpClient& b = StartNode();
  std::string token = Login(a);
  Headers auth = {{"Authorization", "Bearer " + token}};
  int64_t org = a.Get("/v1/parts", auth).status == 200 ? std::stoll(Sql("SELECT id FROM organizations ORDER BY id LIMIT 1")) : 0;
  // Set on node a; node b learns it through the database within a second.
  auto put = a.Put("/v1/organizations/" + std::to_string(org) + "/rate_limits",
                   R"({"audience":"first_party","pool":30,"per_second":0.5})", auth);
  ASSERT_EQ(put.status, 200) << put.body;
  std::string policy;
  for (int i = 0; i < 100 && policy.rfind("30;", 0) != 0; ++i) {
    std::this_thread::sleep_for(10ms);
    policy = b.Get("/v1/status", auth).Header("ratelimit-policy");
    if (policy.empty()) policy = b.Get("/v1/parts?per_page=1", auth).Header("ratelimit-policy");
  }
  ASSERT_EQ(policy.rfind("30;", 0), 0u) << "node b's policy: " << policy;
  // One bucket of 30 for both nodes (in-memory buckets would allow ~60).
  int allowed = AllowedAcrossNodes(a, b, token, 60);
  EXPECT_GE(allowed, 20);
  EXPECT_LE(allowed, 33) << "the two nodes together allowed " << allowed << " of 60";
  EXPECT_EQ(Sql("SELECT count(*) FROM rate_buckets WHERE org_id = " + std::to_string(org)), "1");
}

TEST_F(ClusterTest, RateLimitBucketsAreSharedInRedis) {
  redis_ = std::make_unique<RedisProcess>(dir_);
  ASSERT_TRUE(redis_->ok());
  HttpClient& a = StartNode({"--redis", redis_->url(), "--rate-limit", "30/1"});
  HttpClient& b = StartNode({"--redis", redis_->url(), "--rate-limit", "30/1"});
  std::string token = Login(a);
  int allowed = AllowedAcrossNodes(a, b, token, 60);
  EXPECT_GE(allowed, 20);
  EXPECT_LE(allowed, 34) << "the two nodes together allowed " << allowed << " of 60";
  EXPECT_NE(redis_->Cli("--scan --pattern 'supplyhub:rate:*'"), "");
  EXPECT_EQ(Sql("SELECT count(*) FROM rate_buckets"), "0");  // Redis, not the database
}

// Per node, a login throttle would allow 5 failures on each node behind the
// load balancer; the nodes share its buckets, so 5 in all.
TEST_F(ClusterTest, FailedLoginsAreThrottledAcrossNodesInPostgres) {
  HttpClient& a = StartNode();
  HttpClient& b = StartNode();
  EXPECT_EQ(FailuresBeforeThrottled(a, b, 12), 5);
  // Now the right password waits too, on either node.
  EXPECT_EQ(b.Post("/v1/auth/login", R"({"username":"User1","password":"Password123"})").status, 429);
  EXPECT_EQ(a.Post("/v1/auth/login", R"({"username":"user1@example.com","password":"Password123"})").status, 429);
  EXPECT_NE(Sql("SELECT count(*) FROM rate_buckets WHERE org_id < 0"), "0");
}

TEST_F(ClusterTest, FailedLoginsAreThrottledAcrossNodesInRedis) {
  redis_ = std::make_unique<RedisProcess>(dir_);
  ASSERT_TRUE(redis_->ok());
  HttpClient& a = StartNode({"--redis", redis_->url()});
  HttpClient& b = StartNode({"--redis", redis_->url()});
  EXPECT_EQ(FailuresBeforeThrottled(a, b, 12), 5);
  EXPECT_EQ(b.Post("/v1/auth/login", R"({"username":"User1","password":"Password123"})").status, 429);
  EXPECT_NE(redis_->Cli("--scan --pattern 'supplyhub:rate:-*'"), "");
  EXPECT_EQ(Sql("SELECT count(*) FROM rate_buckets"), "0");
}

// A load balancer may send the consent form to another node than the login form.
TEST_F(ClusterTest, OAuthConsentPostedToAnotherNodeCompletesTheLogin) {
  HttpClient& a = StartNode();
  HttpClient& b = StartNode();
  Headers auth = {{"Authorization", "Bearer " + Login(a)}};
  auto app = a.Post("/v1/oauth/clients",
                    R"({"name":"Dropship Sync","company":"Acme","purpose":"orders",)"
                    R"("redirect_uris":["https://app.example.com/cb"],"scopes":["read:parts"],)"
                    R"("grant_types":["authorization_code"]})",
                    auth);
  ASSERT_EQ(app.status, 201) << app.body;
  std::string form = "response_type=code&client_id=" + app.Json()["data"]["client_id"].get<std::string>() +
                     "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=read%3Aparts&state=s1";
  Headers form_type = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto login = a.Send("POST", "/oauth/authorize", form + "&username=User1&password=Password123", form_type);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string marker = "name=\"login_ticket\" value=\"";
  size_t at = login.body.find(marker);
  ASSERT_NE(at, std::string::npos) << login.body;
  at += marker.size();
  std::string ticket = login.body.substr(at, login.body.find('"', at) - at);
  auto consent = b.Send("POST", "/oauth/authorize", form + "&login_ticket=" + ticket + "&decision=approve", form_type);
  ASSERT_EQ(consent.status, 302) << consent.body;
  EXPECT_NE(consent.Header("location").find("code="), std::string::npos) << consent.Header("location");
  // The ticket is single use, on every node.
  auto again = a.Send("POST", "/oauth/authorize", form + "&login_ticket=" + ticket + "&decision=approve", form_type);
  EXPECT_EQ(again.status, 401);
}

TEST_F(ClusterTest, AnUnusableRedisStopsStartUpWithAClearError) {
  for (std::string url : {"redis://user:secret@127.0.0.1:6390", "redis://127.0.0.1:1", "redis://127.0.0.1:notaport"}) {
    ServerProcess node({"serve", "--port", "0", "--data-dir", dir_ + "/data", "--redis", url});
    EXPECT_EQ(node.WaitExit(), 1) << url;
  }
}

TEST_F(ClusterTest, EachBackgroundJobRunsOnceAcrossNodes) {
  StartNode();
  StartNode();
  // Enough work that draining it takes several of each node's 200 ms polls,
  // even on a loaded machine where one node would otherwise drain a small queue alone.
  Sql("INSERT INTO jobs (kind, payload, run_at, created_at) SELECT 'tokens.purge', '{}', 0, 'test' "
      "FROM generate_series(1, 3000)");
  std::string done;
  for (int i = 0; i < 1200 && done != "3000"; ++i) {
    std::this_thread::sleep_for(100ms);
    done = Sql("SELECT count(*) FROM jobs WHERE created_at = 'test' AND state = 'done'");
  }
  ASSERT_EQ(done, "3000");
  // A job claimed twice would show attempts = 2 (each claim counts one).
  EXPECT_EQ(Sql("SELECT max(attempts) FROM jobs WHERE created_at = 'test'"), "1");
  EXPECT_EQ(Sql("SELECT count(DISTINCT claimed_by) FROM jobs WHERE created_at = 'test'"), "2")
      << "both nodes should have taken a share: " << Sql("SELECT claimed_by, count(*) FROM jobs GROUP BY 1");
}

// One Idempotency-Key across nodes: the answer one node stored replays on the
// other, a different request with the key is 422 there, and while one node's
// write with a key runs (waiting here for a table lock), the other says 409.
TEST_F(ClusterTest, IdempotencyKeysHoldAcrossNodes) {
  HttpClient& a = StartNode();
  HttpClient& b = StartNode();
  Headers auth = {{"Authorization", "Bearer " + Login(a)}};
  auto keyed = [&](const std::string& key) {
    Headers h = auth;
    h.emplace_back("Idempotency-Key", key);
    return h;
  };
  const std::string body = R"({"name":"Across","identification":"X-1"})";
  auto first = a.Post("/v1/parts", body, keyed("across"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto replayed = b.Post("/v1/parts", body, keyed("across"));
  EXPECT_EQ(replayed.status, 201) << replayed.body;
  EXPECT_EQ(replayed.body, first.body);
  EXPECT_EQ(replayed.Header("idempotent-replayed"), "true");
  auto other = b.Post("/v1/parts", R"({"name":"Other","identification":"X-2"})", keyed("across"));
  EXPECT_EQ(other.status, 422) << other.body;

  const std::string slow_body = R"({"name":"Slow","identification":"X-3"})";
  SideConnection side(dir_);
  side.BlockWrites("parts");
  HttpResponse slow;
  std::thread running([&] { slow = a.Post("/v1/parts", slow_body, keyed("slow")); });
  bool locked = false;  // node a's transaction holds the key's advisory lock
  for (int i = 0; i < 1000 && !locked; ++i) {
    locked = side.Scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") > 0;
    if (!locked) std::this_thread::sleep_for(10ms);
  }
  auto concurrent = b.Post("/v1/parts", slow_body, keyed("slow"));
  side.Release();
  running.join();
  ASSERT_TRUE(locked);
  EXPECT_EQ(concurrent.status, 409) << concurrent.body;
  EXPECT_EQ(slow.status, 201) << slow.body;
  auto after = b.Post("/v1/parts", slow_body, keyed("slow"));
  EXPECT_EQ(after.body, slow.body);
  EXPECT_EQ(after.Header("idempotent-replayed"), "true");
  EXPECT_EQ(Sql("SELECT count(*) FROM parts WHERE identification LIKE 'X-%'"), "2");
}

// Both nodes deliver (claims FOR UPDATE SKIP LOCKED): every event of writes
// made on either node arrives, and each delivery attempt happens once.
TEST_F(ClusterTest, WebhookDeliveriesAreSharedAndEachHappensOnce) {
  WebhookReceiver receiver;
  HttpClient& a = StartNode({"--webhooks-allow-private"});
  HttpClient& b = StartNode({"--webhooks-allow-private"});
  Headers auth = {{"Authorization", "Bearer " + Login(a)}};
  auto endpoint = a.Post("/v1/webhook_endpoints", nlohmann::json{{"url", receiver.Url()}}.dump(), auth);
  ASSERT_EQ(endpoint.status, 201) << endpoint.body;
  constexpr int kWrites = 120;
  for (int i = 0; i < kWrites; ++i)
    ASSERT_EQ((i % 2 ? b : a).Post("/v1/suppliers", nlohmann::json{{"name", "S" + std::to_string(i)}}.dump(), auth).status, 201);
  ASSERT_TRUE(receiver.WaitFor(kWrites, 30000)) << receiver.Received().size();
  std::this_thread::sleep_for(1s);  // a second delivery of any, were there one, would arrive by now
  std::set<std::string> ids;
  for (const auto& hook : receiver.Received()) ids.insert(hook.Header("webhook-id"));
  EXPECT_EQ(ids.size(), static_cast<size_t>(kWrites));
  EXPECT_EQ(receiver.Received().size(), static_cast<size_t>(kWrites));
  EXPECT_EQ(Sql("SELECT count(*) FROM webhook_attempts"), std::to_string(kWrites));
  EXPECT_EQ(Sql("SELECT count(*) FROM webhook_messages WHERE status = 'succeeded'"), std::to_string(kWrites));
}

}  // namespace
}  // namespace supplyhub::testing
