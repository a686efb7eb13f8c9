// Issue 8, what a hostile client sends: request smuggling, deep JSON,
// invalid UTF-8 echoed into errors, secrets cached, Host trusted for links.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

// Sends `bytes` on a fresh connection and returns all the server wrote
// until it closed (or `timeout_ms` passed).
std::string Exchange(uint16_t port, const std::string& bytes, int timeout_ms = 5000) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return {};
  for (size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

size_t Responses(const std::string& wire) {
  size_t n = 0;
  for (size_t at = wire.find("HTTP/1.1 "); at != std::string::npos; at = wire.find("HTTP/1.1 ", at + 1))
    n += at == 0 || wire[at - 1] == '\n';  // a status line, not the phrase inside a message
  return n;
}

std::string Deep(int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); }

class HttpHardeningTest : public ServerTest {};

TEST_F(HttpHardeningTest, AmbiguousFramingIsRefusedAndNothingIsSmuggled) {
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string te : {"xchunked", "chunked, identity", "gzip, chunked", "identity"}) {
    std::string wire = Exchange(port_, "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Transfer-Encoding: " + te + "\r\n\r\n" + smuggled);
    EXPECT_EQ(Responses(wire), 1u) << te << ":\n" << wire;
    EXPECT_EQ(wire.rfind("HTTP/1.1 400", 0), 0u) << te;
    EXPECT_NE(wire.find("Connection: close"), std::string::npos) << te;
  }
  const std::string both = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled;
  const std::string lengths = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n" + smuggled;
  const std::string no_host = "GET /healthz HTTP/1.1\r\n\r\n";
  const std::string two_hosts = "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
  const std::string bad_host = "GET /healthz HTTP/1.1\r\nHost: a\"b>\r\n\r\n";
  for (const std::string& request : {both, lengths, no_host, two_hosts, bad_host}) {
    std::string wire = Exchange(port_, request);
    EXPECT_EQ(Responses(wire), 1u) << request << "\n" << wire;
    EXPECT_EQ(wire.rfind("HTTP/1.1 400", 0), 0u) << request << "\n" << wire;
  }
  // Plain chunked and HTTP/1.0 without Host still work.
  std::string chunked = Exchange(port_, "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                        "2e\r\n{\"username\":\"owner\",\"password\":\"Owner-pass-1\"}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 200", 0), 0u) << chunked;
  EXPECT_EQ(Exchange(port_, "GET /healthz HTTP/1.0\r\n\r\n").rfind("HTTP/1.0 200", 0), 0u);
}

TEST_F(HttpHardeningTest, DeepJsonIsA400EverywhereAndTheServerLives) {
  const std::string deep = "{\"x\":" + Deep(100000) + "}";
  const std::string open_paths[] = {"/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/authorize"};
  for (const std::string& path : open_paths) {
    auto r = HttpClient(port_).Post(path, deep);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body.substr(0, 200);
  }
  auto token = client_->Post("/v1/tokens", R"({"name":"x","scope":{"custom":)" + Deep(100000) + "}}");
  EXPECT_EQ(token.status, 400);
  EXPECT_NE(token.body.find("64"), std::string::npos) << token.body;  // says the limit
  EXPECT_EQ(client_->Post("/v1/oauth/clients", R"({"name":)" + Deep(100000) + "}").status, 400);
  EXPECT_EQ(client_->Post("/v1/suppliers", R"({"name":"x","address":)" + Deep(100000) + "}").status, 400);
  EXPECT_EQ(client_->Post("/v1/parts/bulk", Deep(100000)).status, 400);
  EXPECT_EQ(HttpClient(port_).Get("/healthz").status, 200);
  EXPECT_EQ(client_->Get("/v1/tokens").Json()["data"].size(), 0u);
  EXPECT_EQ(Count("suppliers"), 0);
  // 64 levels are still JSON we read.
  auto ok = client_->Post("/v1/tokens", R"({"name":"x","scope":{"custom":["read:parts"]},"description":null})");
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(HttpHardeningTest, ErrorsEchoingInvalidUtf8StayValidJson) {
  // A lone surrogate escape decodes to bytes that are not UTF-8.
  auto field = client_->Post("/v1/suppliers", R"({"name":"x","\udc00bad\ud800":1})");
  EXPECT_EQ(field.status / 100, 4) << field.body;
  EXPECT_NO_THROW(field.Json()) << field.body;
  auto query = client_->Get("/v1/parts?%FF%FE=1");
  EXPECT_EQ(query.status, 400);
  ASSERT_NO_THROW(query.Json()) << query.body;
  EXPECT_NE(query.Json()["message"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
}

TEST_F(HttpHardeningTest, AnswersCarryingSecretsAreNotCached) {
  auto login = HttpClient(port_).Post("/v1/auth/login", R"({"username":"owner","password":"Owner-pass-1"})");
  EXPECT_EQ(login.Header("cache-control"), "no-store");
  auto refresh = HttpClient(port_).Post(
      "/v1/auth/refresh", nlohmann::json{{"refreshToken", login.Json()["data"]["refreshToken"]}}.dump());
  EXPECT_EQ(refresh.status, 200);
  EXPECT_EQ(refresh.Header("cache-control"), "no-store");
  auto token = client_->Post("/v1/tokens", R"({"name":"x","scope":"full"})");
  EXPECT_EQ(token.Header("cache-control"), "no-store");
  auto app = client_->Post("/v1/oauth/clients", R"({"name":"x","scopes":["read:parts"],"grant_types":["client_credentials"]})");
  EXPECT_EQ(app.status, 201);
  EXPECT_EQ(app.Header("cache-control"), "no-store");
  auto oauth = HttpClient(port_).Send("POST", "/oauth/token", "grant_type=client_credentials",
                                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(oauth.Header("cache-control"), "no-store");
  auto page = HttpClient(port_).Get("/oauth/authorize?client_id=nope");
  EXPECT_NE(page.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
}

class PublicUrlTest : public ServerTest {
  void Configure(Config& c) override { c.public_url = "https://api.example.com"; }
};

TEST_F(PublicUrlTest, HostIsNotTrustedWhenAPublicUrlIsSet) {
  Headers evil = {{"Host", "evil.example"}};
  auto meta = HttpClient(port_).Get("/.well-known/oauth-authorization-server", evil);
  EXPECT_EQ(meta.Json()["issuer"], "https://api.example.com");
  EXPECT_EQ(meta.Json()["token_endpoint"], "https://api.example.com/oauth/token");
  auto page = client_->Get("/v1/parts", evil);
  EXPECT_NE(page.Header("link").find("<https://api.example.com/v1/parts?"), std::string::npos) << page.Header("link");
  EXPECT_EQ(page.Header("link").find("evil"), std::string::npos);
}

}  // namespace
}  // namespace supplyhub::testing
