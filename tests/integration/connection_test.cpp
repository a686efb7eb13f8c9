// HTTP/1.1 connection behaviour: keep-alive, pipelining, limits, timeouts.
#include <thread>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class ConnectionTest : public ServerTest {
 protected:
  void Configure(Config& c) override { c.read_timeout_seconds = 1; }
};

TEST_F(ConnectionTest, KeepAliveServesManyRequestsOnOneConnection) {
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client_->Get("/v1/status").status, 200);
  EXPECT_NE(client_->Get("/v1/status").Header("connection"), "close");
}

TEST_F(ConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
  std::string batch;
  const std::string auth = "Authorization: Bearer " + token_ + "\r\n";
  // A write in the middle: its answer must still come back in position.
  batch += "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string body = R"({"name":"piped","identification":"PIPE"})";
  batch += "POST /v1/parts HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  batch += "GET /v1/parts?identification=PIPE HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
  batch += "GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n";
  client_->SendRaw(batch);
  auto a = client_->ReadResponse();
  auto b = client_->ReadResponse();
  auto c = client_->ReadResponse();
  auto d = client_->ReadResponse();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.Json()["online"], true);
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(c.status, 200);
  EXPECT_EQ(c.Json()["meta"]["total_count"], 1);  // the write before it is visible
  EXPECT_EQ(d.status, 404);
}

TEST_F(ConnectionTest, ConnectionCloseIsHonoured) {
  auto r = client_->Get("/v1/status", {{"Connection", "close"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("connection"), "close");
}

TEST_F(ConnectionTest, IdleConnectionsAreClosedAfterTheReadTimeout) {
  ASSERT_EQ(client_->Get("/v1/status").status, 200);
  EXPECT_TRUE(client_->WaitClosed(3000));
}

TEST_F(ConnectionTest, SlowRequestsAreCutOff) {
  client_->SendRaw("GET /v1/status HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
  EXPECT_TRUE(client_->WaitClosed(3000));
}

TEST_F(ConnectionTest, OversizedHeadersAre431) {
  std::string big(20 * 1024, 'h');
  auto r = client_->Get("/v1/status", {{"X-Big", big}});
  EXPECT_EQ(r.status, 431);
}

TEST_F(ConnectionTest, MalformedRequestLineIs400) {
  client_->SendRaw("THIS IS NOT HTTP\r\n\r\n");
  auto r = client_->ReadResponse();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["code"], "bad_request");
}

TEST_F(ConnectionTest, ConcurrentClientsAllGetAnswers) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(port_);
      c.SetDefaultHeaders(Bearer(token_));
      for (int i = 0; i < 25; ++i) {
        auto r = c.Post("/v1/suppliers", R"({"name":"S)" + std::to_string(t * 100 + i) + "\"}");
        if (r.status == 201) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(Count("suppliers"), 200);
}

}  // namespace
}  // namespace supplyhub::testing
