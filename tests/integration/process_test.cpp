// The binary as users run it: flags, config file, environment, demo seed,
// migrate, TLS and graceful shutdown on SIGTERM.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "app/migrations.h"
#include "support/test_server.h"
#include "support/build_paths.h"

namespace supplyhub::testing {
namespace {

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

// Logs in as the demo user of a server started with --demo.
std::string DemoToken(uint16_t port) {
  auto r = HttpClient(port).Post("/v1/auth/login", R"({"username":"User1","password":"Password123"})");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.Json()["data"]["token"].get<std::string>() : std::string();
}


TEST_F(ProcessTest, SigtermFinishesInFlightRequestsAndExitsZero) {
  ServerProcess server({"serve", "--demo", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("data")});
  uint16_t port = server.WaitForPort(Path("port"));
  ASSERT_NE(port, 0);
  std::string token = DemoToken(port);
  HttpClient counter(port);
  int64_t demo_parts = counter.Get("/v1/parts?per_page=1", {{"Authorization", "Bearer " + token}})
                           .Json()["meta"]["total_count"];  // the demo's own
  // Start a bulk write, signal while it is in flight, and expect its answer.
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 1000; ++i) rows.push_back({{"name", "n"}, {"identification", "G-" + std::to_string(i)}});
  HttpClient idle(port);
  ASSERT_EQ(idle.Get("/v1/status").status, 200);  // an idle keep-alive connection must not hold shutdown
  HttpClient busy(port);
  std::string body = rows.dump();
  busy.SendRaw("POST /v1/parts/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
               "\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.Signal(SIGTERM);
  auto r = busy.ReadResponse();
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(server.WaitExit(), 0);
  // Acknowledged means stored: a new server sees the rows.
  ServerProcess again({"serve", "--port", "0", "--port-file", Path("port2"), "--data-dir", Path("data")});
  uint16_t port2 = again.WaitForPort(Path("port2"));
  ASSERT_NE(port2, 0);
  HttpClient after(port2);
  after.SetDefaultHeaders({{"Authorization", "Bearer " + token}});  // tokens survive restarts too
  EXPECT_EQ(after.Get("/v1/parts?per_page=1").Json()["meta"]["total_count"], demo_parts + 1000);
  again.Signal(SIGINT);
  EXPECT_EQ(again.WaitExit(), 0);
}

TEST_F(ProcessTest, NoAcknowledgedWriteIsLostOnKill9) {
  // Hundreds of requests a second from one organization: lift the rate limit.
  ServerProcess server({"serve", "--demo", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("data"),
                        "--rate-limit", "1000000/1000000"});
  uint16_t port = server.WaitForPort(Path("port"));
  ASSERT_NE(port, 0);
  std::string token = DemoToken(port);
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> killed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      HttpClient c(port);
      c.SetDefaultHeaders({{"Authorization", "Bearer " + token}});
      for (int i = 0; i < 100000 && !killed; ++i) {
        std::string ident = "K-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto r = c.Post("/v1/parts", R"({"name":"k","identification":")" + ident + R"("})");
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.push_back(ident);
          }
        } catch (const std::exception&) {
          return;  // the server is gone
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  server.Signal(SIGKILL);
  killed = true;
  for (auto& w : writers) w.join();
  ASSERT_GT(acknowledged.size(), 20u);

  ServerProcess again({"serve", "--port", "0", "--port-file", Path("port2"), "--data-dir", Path("data"),
                       "--rate-limit", "1000000/1000000"});
  uint16_t port2 = again.WaitForPort(Path("port2"));
  ASSERT_NE(port2, 0);
  HttpClient c(port2);
  c.SetDefaultHeaders({{"Authorization", "Bearer " + token}});
  size_t missing = 0;
  for (const auto& ident : acknowledged)
    if (c.Get("/v1/parts?identification=" + ident).Json()["meta"]["total_count"] != 1) ++missing;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  again.Signal(SIGTERM);
  EXPECT_EQ(again.WaitExit(), 0);
}

TEST_F(ProcessTest, DemoSeedsDemoOrgAndUser1) {
  ServerProcess server({"serve", "--demo", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("data")});
  ASSERT_NE(server.WaitForPort(Path("port")), 0);
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitExit(), 0);
  // Straight from the database, with its own command-line client.
  auto sql = [&](const std::string& query) {
    std::string url = TestDatabaseUrl();
    return url.empty() ? Shell("sqlite3 " + Path("data") + "/supplyhub.db \"" + query + "\"")
                       : Shell("psql -At '" + url + "' -c \"" + query + "\"");
  };
  EXPECT_EQ(sql("SELECT name || ',' || environment FROM organizations ORDER BY id LIMIT 1"), "Demo Org,sandbox\n");
  EXPECT_EQ(sql("SELECT username || ',' || email FROM users"), "User1,user1@example.com\n");
  std::string hash = sql("SELECT password_hash FROM users");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("Password123"), std::string::npos);
}

// Observed through data-dir, so on SQLite whichever backend the suite runs on
// (SUPPLYHUB_DATABASE set empty): the precedence rules are the same code.
TEST_F(ProcessTest, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  std::ofstream(Path("config.json")) << R"({"port": 1, "data-dir": ")" << Path("from-file")
                                     << R"(", "port-file": ")" << Path("port") << R"("})";
  // File alone: its data-dir is used (port 1 would fail, so env overrides it).
  {
    ServerProcess server({"serve", "--config", Path("config.json")}, {"SUPPLYHUB_PORT=0", "SUPPLYHUB_DATABASE="});
    ASSERT_NE(server.WaitForPort(Path("port")), 0);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitExit(), 0);
    EXPECT_TRUE(std::filesystem::exists(Path("from-file") + "/supplyhub.db"));
  }
  std::filesystem::remove(Path("port"));
  // Env beats file; the flag beats env.
  {
    ServerProcess server({"serve", "--config", Path("config.json"), "--data-dir", Path("from-flag")},
                         {"SUPPLYHUB_PORT=0", "SUPPLYHUB_DATA_DIR=" + Path("from-env"), "SUPPLYHUB_DATABASE="});
    ASSERT_NE(server.WaitForPort(Path("port")), 0);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitExit(), 0);
    EXPECT_TRUE(std::filesystem::exists(Path("from-flag") + "/supplyhub.db"));
    EXPECT_FALSE(std::filesystem::exists(Path("from-env")));
  }
  // A bad setting is a clear start-up error, not a crash.
  ServerProcess bad({"serve", "--port", "99999", "--data-dir", Path("x")});
  EXPECT_EQ(bad.WaitExit(), 1);
}

TEST_F(ProcessTest, AccessLogWritesOneJsonLinePerRequestWithoutQueries) {
  std::string bin = SupplyhubBin();
  std::string log = Path("server.log");
  Shell("(" + bin + " serve --access-log --port 0 --port-file " + Path("port") + " --data-dir " + Path("data") +
        " >/dev/null 2>" + log + " & echo $! > " + Path("pid") + ")");
  uint16_t port = WaitForPortFile(Path("port"));
  ASSERT_NE(port, 0);
  EXPECT_EQ(HttpClient(port).Get("/v1/parts?secret=abc").status, 401);
  Shell("kill -TERM $(cat " + Path("pid") + ")");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string text = ReadFile(log);
  EXPECT_NE(text.find(R"("msg":"request")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("path":"/v1/parts","status":"401")"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret=abc"), std::string::npos);
}

TEST_F(ProcessTest, MigrateAppliesPendingMigrationsOnce) {
  std::string bin = SupplyhubBin();
  if (std::string url = TestDatabaseUrl(); !url.empty())  // the suite's database is a migrated copy: start empty
    Shell("psql -q '" + url + "' -c 'DROP SCHEMA public CASCADE' -c 'CREATE SCHEMA public'");
  std::string all = std::to_string(app::AllMigrations().size());
  EXPECT_NE(Shell(bin + " migrate --data-dir " + Path("data")).find(all + " migration(s) applied"), std::string::npos);
  EXPECT_NE(Shell(bin + " migrate --data-dir " + Path("data")).find("0 migration(s) applied"), std::string::npos);
}

TEST_F(ProcessTest, AdminCommandsBootstrapAnOwnerWhoCanLogIn) {
  std::string bin = SupplyhubBin();
  std::string data = " --data-dir " + Path("data");
  EXPECT_EQ(Shell(bin + " admin create-org --name Bootstrap --environment production" + data, true),
            "{\"id\":1,\"name\":\"Bootstrap\"}\n");
  EXPECT_EQ(Shell("SUPPLYHUB_ADMIN_PASSWORD=Boot-pass-1 " + bin +
                  " admin create-user --username boot --email boot@example.com --org 1 --role owner" + data, true),
            "{\"id\":1,\"username\":\"boot\"}\n");
  EXPECT_NE(Shell(bin + " admin create-user --username boot --email b@example.com --password x" + data)
                .find("already exists"),
            std::string::npos);
  EXPECT_NE(Shell(bin + " admin create-org --name X --environment staging" + data).find("staging"),
            std::string::npos);
  std::string token_json = Shell(bin + " admin create-token --org 1 --user boot --name ci --scope read:parts" + data, true);
  ASSERT_EQ(token_json.rfind("{\"token\":\"local_at_", 0), 0u) << token_json;
  std::string api_token = nlohmann::json::parse(token_json)["token"];
  EXPECT_NE(Shell(bin + " admin create-token --org 1 --user boot --name x --scope read:widgets" + data)
                .find("unknown scope"),
            std::string::npos);
  EXPECT_NE(Shell(bin + " admin create-token --org 2 --user boot --name x" + data).find("not a member"),
            std::string::npos);
  std::string client_json = Shell(bin + " admin create-client --org 1 --user boot --name Partner --grants client_credentials"
                                        " --scopes read:parts" + data, true);
  ASSERT_EQ(client_json.rfind("{\"client_id\":\"shc_", 0), 0u) << client_json;
  auto partner = nlohmann::json::parse(client_json);
  EXPECT_NE(Shell(bin + " admin create-client --org 1 --user boot --name P --grants implicit" + data).find("unknown grant"),
            std::string::npos);
  ServerProcess server({"serve", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("data")});
  uint16_t port = server.WaitForPort(Path("port"));
  ASSERT_NE(port, 0);
  auto login = HttpClient(port).Post("/v1/auth/login", R"({"username":"boot","password":"Boot-pass-1"})");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.Json()["data"]["orgName"], "Bootstrap");
  HttpClient with_api_token(port);
  with_api_token.SetDefaultHeaders({{"Authorization", "Bearer " + api_token}});
  EXPECT_EQ(with_api_token.Get("/v1/parts").status, 200);
  EXPECT_EQ(with_api_token.Get("/v1/suppliers").status, 403);  // read:parts only
  auto cc = HttpClient(port).Send("POST", "/oauth/token",
                                  "grant_type=client_credentials&client_id=" + partner["client_id"].get<std::string>() +
                                      "&client_secret=" + partner["client_secret"].get<std::string>(),
                                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(cc.status, 200) << cc.body;
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitExit(), 0);
}

TEST_F(ProcessTest, ServesHttpsWithCertificateAndKey) {
  std::string made = Shell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
                         Path("key.pem") + " -out " + Path("cert.pem"));
  ASSERT_TRUE(std::filesystem::exists(Path("cert.pem"))) << made;
  ServerProcess server({"serve", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("data"),
                        "--tls-cert", Path("cert.pem"), "--tls-key", Path("key.pem")});
  uint16_t port = server.WaitForPort(Path("port"));
  ASSERT_NE(port, 0);
  std::string out = Shell("curl -sk https://127.0.0.1:" + std::to_string(port) + "/v1/status");
  EXPECT_NE(out.find("\"online\":true"), std::string::npos) << out;
  // Plain HTTP on the TLS port gets nothing useful.
  std::string plain = Shell("curl -s -m 3 -o /dev/null -w '%{http_code}' http://127.0.0.1:" + std::to_string(port) +
                          "/v1/status");
  EXPECT_NE(plain, "200");
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitExit(), 0);
}

}  // namespace
}  // namespace supplyhub::testing
