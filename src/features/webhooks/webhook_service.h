#pragma once
// Webhook endpoints of an organization and the operator's tools over their
// deliveries: secrets (shown once, sealed at rest, rotated with an overlap),
// the message and attempt logs, resend, recover, replay_missing and a test
// event. Transport-free; every statement is scoped by org_id. Delivery
// itself is delivery.h.
#include <functional>
#include <string>

#include "core/worker_pool.h"
#include "features/webhooks/endpoint_spec.h"
#include "features/webhooks/secret_box.h"
#include "http/query_string.h"
#include "storage/database.h"

namespace supplyhub::features {

inline constexpr int64_t kMaxEndpointsPerOrganization = 50;

struct WebhookSettings {
  bool allow_private = false;             // --webhooks-allow-private
  int64_t secret_overlap_seconds = 86400;  // a rotated-out secret still signs this long
};

struct LogJson {
  std::string data, meta;
};

class WebhookService {
 public:
  WebhookService(storage::Database& db, const SecretBox& box, WorkerPool& workers, WebhookSettings settings,
                 std::function<void()> wake_delivery)
      : db_(db), box_(box), workers_(workers), settings_(settings), wake_(std::move(wake_delivery)) {}

  const SecretBox& secrets() const { return box_; }
  Task<Result<std::string>> Create(int64_t org, bool production, EndpointSpec spec);  // with its secret
  Task<Result<std::string>> List(int64_t org);
  Task<Result<std::string>> Get(int64_t org, int64_t id);
  Task<Result<std::string>> Update(int64_t org, bool production, int64_t id, EndpointSpec spec);
  Task<Result<std::string>> Delete(int64_t org, int64_t id);
  Task<Result<std::string>> RotateSecret(int64_t org, int64_t id);
  Task<Result<std::string>> SendTest(int64_t org, int64_t id);
  Task<Result<std::string>> Resend(int64_t org, int64_t id, int64_t event_id);
  // Failed messages of events since `since` (unix seconds) go out again.
  Task<Result<std::string>> Recover(int64_t org, int64_t id, int64_t since);
  // Events since `since` the endpoint wants but never got a message for.
  Task<Result<std::string>> ReplayMissing(int64_t org, int64_t id, int64_t since);
  Task<Result<LogJson>> Attempts(int64_t org, int64_t id, const http::QueryParams& params);
  Task<Result<LogJson>> Messages(int64_t org, int64_t id, const http::QueryParams& params);

 private:
  // The url is well-formed, https in production, and resolves to public addresses.
  Task<Result<void>> CheckUrl(const std::string& url, bool production);
  Task<Result<bool>> Exists(storage::Transaction& tx, int64_t org, int64_t id);
  Task<Result<std::string>> EndpointJson(storage::Transaction& tx, int64_t org, int64_t id);

  storage::Database& db_;
  const SecretBox& box_;
  WorkerPool& workers_;
  WebhookSettings settings_;
  std::function<void()> wake_;
};

}  // namespace supplyhub::features
