// At least once, nothing lost: a server killed with SIGKILL in the middle of
// a stream of writes and deliveries, then restarted on the same data, delivers
// an event of every write it acknowledged (duplicates allowed). Runs on both
// backends (the pg. pass points the processes at PostgreSQL).
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "support/test_server.h"
#include "support/webhook_receiver.h"

namespace supplyhub::testing {
namespace {

class WebhookDurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::vector<std::string> Args(const std::string& port_file) {
    return {"serve", "--demo", "--port", "0", "--port-file", dir_ + "/" + port_file, "--data-dir", dir_ + "/data",
            "--webhooks-allow-private", "--webhook-timeout", "2"};
  }
  std::string dir_;
};

TEST_F(WebhookDurabilityTest, KillNineMidStreamLosesNoAcknowledgedEvent) {
  WebhookReceiver receiver;
  receiver.Answer([](const ReceivedHook&) { return HookAnswer{200, {}, 5}; });
  auto server = std::make_unique<ServerProcess>(Args("port"));
  uint16_t port = server->WaitForPort(dir_ + "/port");
  ASSERT_NE(port, 0);
  auto login = HttpClient(port).Post("/v1/auth/login", R"({"username":"User1","password":"Password123"})");
  ASSERT_EQ(login.status, 200);
  Headers auth = {{"Authorization", "Bearer " + login.Json()["data"]["token"].get<std::string>()}};
  auto endpoint = HttpClient(port).Post("/v1/webhook_endpoints",
                                        nlohmann::json{{"url", receiver.Url()}, {"event_types", {"supplier.created"}}}.dump(), auth);
  ASSERT_EQ(endpoint.status, 201) << endpoint.body;

  std::mutex mutex;
  std::set<int64_t> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      HttpClient c(port);
      for (int i = 0; !stop && i < 400; ++i) {
        HttpResponse r;
        try {
          r = c.Post("/v1/suppliers", nlohmann::json{{"name", "S" + std::to_string(w) + "-" + std::to_string(i)}}.dump(), auth);
        } catch (const std::exception&) {
          return;  // the server is gone: this write was not acknowledged
        }
        if (r.status != 201) return;
        std::lock_guard lock(mutex);
        acknowledged.insert(r.Json()["data"]["id"].get<int64_t>());
      }
    });
  // Kill it once some writes are acknowledged and deliveries are under way.
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 150 && receiver.Received().size() >= 20) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server->Signal(SIGKILL);
  stop = true;
  for (auto& t : writers) t.join();
  server->WaitExit();
  size_t before_restart = receiver.Received().size();
  ASSERT_GT(acknowledged.size(), 0u);

  ServerProcess again(Args("port2"));
  ASSERT_NE(again.WaitForPort(dir_ + "/port2"), 0);
  auto delivered = [&] {
    std::set<int64_t> ids;
    for (const auto& hook : receiver.Received()) ids.insert(hook.Json()["data"]["resource_id"].get<int64_t>());
    return ids;
  };
  // Claims of the killed process lapse after timeout + 5 s; allow for a few turns after.
  for (int waited = 0; waited < 40000; waited += 100) {
    auto ids = delivered();
    if (std::includes(ids.begin(), ids.end(), acknowledged.begin(), acknowledged.end())) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto ids = delivered();
  std::vector<int64_t> lost;
  std::set_difference(acknowledged.begin(), acknowledged.end(), ids.begin(), ids.end(), std::back_inserter(lost));
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << acknowledged.size() << " acknowledged writes never delivered ("
                            << before_restart << " deliveries before the kill)";
}

}  // namespace
}  // namespace supplyhub::testing
