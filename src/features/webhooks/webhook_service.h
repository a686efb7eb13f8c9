#pragma once
// Webhook endpoints of an organization and the operator's tools over their
// deliveries: secrets (shown once, sealed at rest, rotated with an overlap,
// at most kRotationsPerHour an hour), the message and attempt logs, resend,
// recover, replay_missing and a test event. Transport-free; the SQL is
// webhook_repository.h, every statement scoped by org_id. A delete marks the
// endpoint deleted and leaves its history to the webhooks.purge job
// (endpoint_purge.h). Delivery itself is delivery.h.
#include <functional>
#include <string>

#include "core/worker_pool.h"
#include "features/cluster/job_queue.h"
#include "features/webhooks/endpoint_spec.h"
#include "features/webhooks/secret_box.h"
#include "features/webhooks/webhook_repository.h"
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
  WebhookService(storage::Database& db, const SecretBox& box, WorkerPool& workers, JobQueue& jobs,
                 WebhookSettings settings, std::function<void()> wake_delivery)
      : db_(db), repo_(db.dialect()), box_(box), workers_(workers), jobs_(jobs), settings_(settings),
        wake_(std::move(wake_delivery)) {}

  const SecretBox& secrets() const { return box_; }
  Task<Result<std::string>> Create(int64_t org, bool production, EndpointSpec spec);  // with its secret
  Task<Result<std::string>> List(int64_t org);
  Task<Result<std::string>> Get(int64_t org, int64_t id);
  Task<Result<std::string>> Update(int64_t org, bool production, int64_t id, EndpointSpec spec);
  // Answers at once: the endpoint is marked deleted (gone from reads and
  // delivery) and its history purged in the background.
  Task<Result<std::string>> Delete(int64_t org, int64_t id);
  // 429 beyond kRotationsPerHour an hour (delivery_budget.h); a rotation
  // ends the previous one's overlap, so at most two secrets sign.
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
  // Fails with a 404 unless the organization has endpoint `id`, held as by WebhookRepository::Hold.
  Task<Result<void>> Hold(storage::Transaction& tx, int64_t org, int64_t id);
  // One page of an endpoint's log (`attempts` or `messages`).
  Task<Result<LogJson>> Log(int64_t org, int64_t id, const http::QueryParams& params, bool attempts);

  storage::Database& db_;
  WebhookRepository repo_;
  const SecretBox& box_;
  WorkerPool& workers_;
  JobQueue& jobs_;
  WebhookSettings settings_;
  std::function<void()> wake_;
};

}  // namespace supplyhub::features
