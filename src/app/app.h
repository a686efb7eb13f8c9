#pragma once
// The composition root: opens storage, runs migrations, builds services and
// routes, and serves. Tests build an App in-process on port 0.
#include <memory>
#include <vector>

#include "core/config.h"
#include "core/worker_pool.h"
#include "features/cluster/job_queue.h"
#include "features/identity/auth_service.h"
#include "features/identity/identity_repository.h"
#include "features/oauth/oauth_service.h"
#include "features/resources/behavior.h"
#include "features/resources/idempotency.h"
#include "features/resources/resource_service.h"
#include "features/webhooks/delivery.h"
#include "features/webhooks/secret_box.h"
#include "features/webhooks/webhook_service.h"
#include "http/dispatcher.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/database.h"

namespace supplyhub::app {

class App {
 public:
  // Opens the database under config.data_dir and applies migrations.
  static Result<std::unique_ptr<App>> Create(const Config& config);
  ~App();

  // Starts serving; returns the bound port.
  Result<uint16_t> Start();
  void Stop();
  void Wait();
  void RunUntilSignal();

  storage::Database& database() { return *db_; }
  features::IdentityRepository& identity() { return *identity_; }
  features::AuthService& auth() { return *auth_; }
  features::JobQueue& jobs() { return *jobs_; }
  features::IdempotencyStore& idempotency() { return *idempotency_; }
  http::RateLimiter& limiter() { return limiter_; }
  features::WebhookDelivery& deliveries() { return *deliveries_; }
  const http::Router& router() const { return router_; }

 private:
  explicit App(const Config& config)
      : config_(config),
        limiter_(http::RatePolicy{config.first_party_pool, static_cast<double>(config.first_party_refill)}) {}

  Result<void> ShareRateBuckets(const Config& config);

  Config config_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<http::RateStore> rate_store_;  // shared buckets; null: in memory
  std::unique_ptr<WorkerPool> workers_;  // password hashing, off the I/O threads
  std::unique_ptr<features::IdentityRepository> identity_;
  std::unique_ptr<features::AuthService> auth_;
  std::unique_ptr<features::OAuthService> oauth_;
  features::BehaviorRegistry behaviors_;  // the domain code bound to resources (RegisterBehaviors)
  std::vector<std::unique_ptr<features::ResourceService>> services_;
  std::unique_ptr<features::IdempotencyStore> idempotency_;
  http::Router router_;
  http::RateLimiter limiter_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<features::JobQueue> jobs_;
  std::unique_ptr<features::SecretBox> secrets_;  // seals webhook secrets at rest
  std::unique_ptr<features::WebhookService> webhooks_;
  std::unique_ptr<features::WebhookDelivery> deliveries_;
};

// host:pid, naming this node where nodes share work.
std::string NodeId();

// Opens the embedded database of a data directory (creating the directory).
Result<std::unique_ptr<storage::Database>> OpenDatabase(const Config& config);

}  // namespace supplyhub::app
