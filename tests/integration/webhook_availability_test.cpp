// One organization's webhooks cannot take delivery from the others (issue
// 18, item 1): a stuck endpoint's backlog does not delay another
// organization's deliveries. The backlogs are inserted with SQL through a
// side connection (both backends), so the suite stays fast.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "storage/block_on.h"
#include "support/side_connection.h"
#include "support/test_server.h"
#include "support/webhook_receiver.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A receiver that accepts connections and never answers: every delivery to
// it runs into the delivery timeout.
class Tarpit {
 public:
  Tarpit() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 128);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        if (int fd = ::accept(listener_, nullptr, nullptr); fd >= 0) held_.push_back(fd);
      }
    });
  }
  ~Tarpit() {
    stopping_ = true;
    thread_.join();
    for (int fd : held_) ::close(fd);
    ::close(listener_);
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/tarpit"; }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<int> held_;  // the accept thread's only
  std::thread thread_;
};

int64_t Percentile(std::vector<int64_t> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

int64_t MsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

class WebhookAvailabilityTest : public ServerTest {
 protected:
  void Configure(Config& c) override {
    c.webhooks_allow_private = true;
    c.webhook_timeout_seconds = 2;
  }
  json Endpoint(const json& body, const Headers& headers = {}) {
    auto r = client_->Post("/v1/webhook_endpoints", body.dump(), headers);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["data"];
  }
  // `n` events of `org` meant for `endpoint` only (as test events are, so the
  // fan-out leaves them alone), each with a message in `status`, due a minute
  // ago: older than anything the test makes through the API.
  void Backlog(SideConnection& db, int64_t org, int64_t endpoint, int n, const std::string& status) {
    const std::string now = std::to_string(NowUnixSeconds());
    const std::string seq0 = std::to_string(1000000 * endpoint);  // clear of the organization's own numbers
    db.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(n) +
            ") INSERT INTO events (org_id, seq, type, resource, resource_id, actor, object, changed, endpoint_id, "
            "created_at, created_unix) SELECT " + std::to_string(org) + ", " + seq0 + " + i, 'supplier.created', "
            "'suppliers', i, 'null', '{\"name\":\"backlog\"}', NULL, " + std::to_string(endpoint) +
            ", '2025-01-01T00:00:00Z', " + now + " FROM n");
    db.Exec("INSERT INTO webhook_messages (org_id, endpoint_id, event_id, seq, status, next_attempt_at, created_at) "
            "SELECT org_id, endpoint_id, id, seq, '" + status + "', " + std::to_string(NowUnixSeconds() - 60) +
            ", created_at FROM events WHERE endpoint_id = " + std::to_string(endpoint));
  }
  WebhookReceiver receiver_;
};

// Issue 18 item 1. Organization A: an endpoint that never answers
// (max_in_flight 1) and one limited to a delivery a second, each with 10,000
// due messages. Organization B's deliveries go out as if A were not there.
// Before the fair claim, the claim's window held A's oldest rows only and B's
// messages waited for A's backlog (hours).
TEST_F(WebhookAvailabilityTest, AStuckOrganizationsBacklogDelaysNoOtherOrganization) {
  constexpr int kBacklog = 10000, kSamples = 40;
  Tarpit tarpit;
  json stuck = Endpoint({{"url", tarpit.Url()}, {"max_in_flight", 1}, {"event_types", {"part.*"}}});
  json slow = Endpoint({{"url", receiver_.Url("/slow")}, {"rate_limit", 1}, {"event_types", {"part.*"}}});
  Headers b = OtherOrganization("Organization B");
  json theirs = Endpoint({{"url", receiver_.Url("/b")}, {"event_types", {"supplier.*"}}}, b);
  {
    SideConnection db(data_dir_);
    Backlog(db, org_id_, stuck["id"], kBacklog, "pending");
    Backlog(db, org_id_, slow["id"], kBacklog, "pending");
  }
  const auto began = Clock::now();

  std::vector<int64_t> latencies;
  int late = 0;
  for (int i = 0; i < kSamples && late < 3; ++i) {
    auto start = Clock::now();
    auto r = client_->Post("/v1/suppliers", json{{"name", "B" + std::to_string(i)}}.dump(), b);
    ASSERT_EQ(r.status, 201) << r.body;
    if (!receiver_.WaitFor(static_cast<size_t>(i) + 1, 5000, "/b")) ++late;  // give up soon on a starved claim
    latencies.push_back(MsSince(start));
  }
  const int64_t p99 = late ? 5000 : Percentile(latencies, 0.99);
  std::cout << "[ figures  ] organization B's deliveries behind 2 x " << kBacklog << " stuck messages: " << latencies.size()
            << " samples, p50 " << Percentile(latencies, 0.5) << " ms, p99 " << (late ? ">= " : "") << p99 << " ms\n";
  EXPECT_EQ(late, 0) << "organization B's deliveries starved behind organization A's backlog";
  EXPECT_LT(p99, 1000);
  // A's endpoints are served too, within their own limits: one a second.
  ASSERT_TRUE(receiver_.WaitFor(1, 5000, "/slow"));
  size_t slow_got = 0;
  for (const auto& hook : receiver_.Received()) slow_got += hook.path == "/slow";
  EXPECT_LE(slow_got, 2 + static_cast<size_t>(MsSince(began) / 1000));
}

}  // namespace
}  // namespace supplyhub::testing
