#include "app/app.h"

#include <algorithm>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "app/demo.h"
#include "features/domain/behaviors.h"
#include "app/migrations.h"
#include "features/cluster/database_rate_store.h"
#include "features/cluster/redis_rate_store.h"
#include "features/identity/api_tokens.h"
#include "features/identity/token_purge.h"
#include "core/clock.h"
#include "core/log.h"
#include "storage/block_on.h"
#include "features/identity/auth_handlers.h"
#include "features/identity/organization_settings.h"
#include "features/identity/rate_limit_settings.h"
#include "features/domain/esignature.h"
#include "features/events/events_handlers.h"
#include "features/webhooks/endpoint_purge.h"
#include "features/webhooks/webhook_handlers.h"
#include "features/oauth/oauth_handlers.h"
#include "features/identity/identity_handlers.h"
#include "features/resources/resource_handlers.h"
#include "features/system/system_handlers.h"
#include "schema/resource.h"
#include "storage/postgres/pg_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "schema/registry.h"

namespace supplyhub::app {

Result<std::unique_ptr<storage::Database>> OpenDatabase(const Config& config) {
  if (!config.database.empty()) {
    auto db = storage::PgDatabase::Open(config.database, config.database_pool);
    if (!db) return Fail(db.error());
    return std::unique_ptr<storage::Database>(std::move(*db));
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, "cannot create data directory " + config.data_dir + ": " + ec.message());
  auto db = storage::SqliteDatabase::Open(config.data_dir + "/supplyhub.db");
  if (!db) return Fail(db.error());
  return std::unique_ptr<storage::Database>(std::move(*db));
}

Result<std::unique_ptr<App>> App::Create(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  auto db = OpenDatabase(config);
  if (!db) return Fail(db.error());
  app->db_ = std::move(*db);
  if (auto migrated = storage::Migrate(*app->db_, AllMigrations()); !migrated) return Fail(migrated.error());

  // Half the cores at most: hashing never takes every core from the I/O threads.
  app->workers_ = std::make_unique<WorkerPool>(std::max(1u, std::thread::hardware_concurrency() / 2));
  app->identity_ = std::make_unique<features::IdentityRepository>(*app->db_);
  features::RegisterBehaviors(app->behaviors_);
  if (config.demo)
    if (auto seeded = SeedDemo(*app->identity_, *app->db_, app->behaviors_); !seeded) return Fail(seeded.error());
  features::AuthSettings auth_settings;
  auth_settings.region = config.region;
  auth_settings.access_ttl_seconds = int64_t{config.token_ttl_minutes} * 60;
  app->auth_ = std::make_unique<features::AuthService>(*app->db_, *app->identity_, *app->workers_, auth_settings);

  auto box = features::SecretBox::Load(config.secrets_key, config.data_dir);
  if (!box) return Fail(box.error());
  app->secrets_ = std::make_unique<features::SecretBox>(std::move(*box));
  features::DeliverySettings delivery;
  delivery.allow_private = config.webhooks_allow_private;
  delivery.timeout_seconds = config.webhook_timeout_seconds;
  delivery.ca_file = config.webhooks_ca_file;
  app->deliveries_ = std::make_unique<features::WebhookDelivery>(*app->db_, *app->secrets_, delivery);
  auto wake = [d = app->deliveries_.get()] { d->Wake(); };
  app->jobs_ = std::make_unique<features::JobQueue>(*app->db_, NodeId());
  app->webhooks_ = std::make_unique<features::WebhookService>(
      *app->db_, *app->secrets_, *app->workers_, *app->jobs_,
      features::WebhookSettings{config.webhooks_allow_private, int64_t{config.webhook_secret_overlap_seconds}}, wake);
  for (const schema::Resource* r : schema::AllResources()) {
    app->services_.push_back(std::make_unique<features::ResourceService>(*r, *app->db_, app->behaviors_));
    app->services_.back()->SetWriteGuard(features::ESignatureGuard(*app->db_, *app->auth_));
    app->services_.back()->SetEventsCommitted(wake);
  }
  features::AddSystemRoutes(app->router_, *app->db_, [a = app.get()] { return a->server_ && a->server_->Draining(); });
  features::AddAuthRoutes(app->router_, *app->auth_);
  features::AddIdentityRoutes(app->router_, *app->identity_, *app->auth_, *app->workers_);
  features::AddApiTokenRoutes(app->router_, *app->db_, *app->auth_);
  features::AddRateLimitRoutes(app->router_, *app->db_, app->limiter_);
  features::AddOrganizationSettingsRoutes(app->router_, *app->db_);
  app->oauth_ = std::make_unique<features::OAuthService>(*app->db_, *app->identity_, *app->auth_, *app->workers_);
  features::AddOAuthRoutes(app->router_, *app->db_, *app->oauth_);
  if (auto loaded = features::LoadRateLimitOverrides(*app->db_, app->limiter_); !loaded) return Fail(loaded.error());
  if (auto shared = app->ShareRateBuckets(config); !shared) return Fail(shared.error());
  app->idempotency_ = std::make_unique<features::IdempotencyStore>(*app->db_);
  features::AddResourceRoutes(app->router_, app->services_, *app->idempotency_);
  features::AddEventRoutes(app->router_, *app->db_);
  features::AddWebhookRoutes(app->router_, *app->webhooks_);
  app->dispatcher_ = std::make_unique<http::Dispatcher>(app->router_, *app->auth_, app->limiter_, config.access_log);
  app->server_ = std::make_unique<http::Server>(app->config_, *app->dispatcher_);
  app->jobs_->Handle("tokens.purge", [db = app->db_.get()](std::string_view) { return features::PurgeExpiredTokens(*db); });
  app->jobs_->Handle("idempotency.purge", [keys = app->idempotency_.get()](std::string_view) -> Task<Result<void>> {
    auto purged = co_await keys->PurgeExpired();
    if (!purged) co_return Fail(purged.error());
    co_return Result<void>{};
  });
  app->jobs_->Handle("events.purge", [db = app->db_.get(), days = config.events_retention_days](std::string_view) {
    return features::PurgeOldEvents(*db, NowUnixSeconds() - int64_t{days} * 86400);
  });
  app->jobs_->Handle(std::string(features::kPurgeJob),
                     [db = app->db_.get()](std::string_view) { return features::PurgeDeletedEndpoints(*db); });
  return app;
}

// Nodes sharing one PostgreSQL share their buckets (rate limits, login
// throttle): in Redis when given, else in the database. SQLite has one node:
// its buckets stay in memory.
Result<void> App::ShareRateBuckets(const Config& config) {
  if (!config.redis.empty()) {
    auto redis = features::RedisRateStore::Open(config.redis);
    if (!redis) return Fail(redis.error());
    rate_store_ = std::move(*redis);
  } else if (db_->dialect() == storage::Dialect::kPostgres) {
    rate_store_ = std::make_unique<features::DatabaseRateStore>(*db_);
  }
  if (rate_store_) {
    limiter_.ShareBuckets(rate_store_.get(), config.shared_store_fail_open);
    auth_->throttle().ShareBuckets(rate_store_.get(), config.shared_store_fail_open);
  }
  return {};
}

App::~App() {
  if (deliveries_) deliveries_->Stop();
  if (jobs_) jobs_->Stop();
  if (server_) {
    server_->Stop();
    server_->Wait();
  }
  server_.reset();
  if (db_) db_->Close();
}

Result<uint16_t> App::Start() {
  auto port = server_->Start();
  if (!port) return port;
  deliveries_->Start();
  // Every node polls; whichever claims a job first runs it. The hourly purges
  // are queued by all of them under one unique key each, so each exists once.
  jobs_->Start(200, [this] {
    int64_t now = NowUnixSeconds();
    for (std::string_view job : {std::string_view("tokens.purge"), std::string_view("idempotency.purge"),
                                 std::string_view("events.purge"), features::kPurgeJob}) {
      std::string purge(job);
      auto queued = storage::BlockOn(jobs_->Enqueue(purge, "{}", now, purge + ":" + std::to_string(now / 3600)));
      if (!queued) log::Error("cannot queue " + purge, {{"error", queued.error().message}});
    }
    if (auto pruned = storage::BlockOn(jobs_->PruneFinished(now - 7 * 86400)); !pruned)
      log::Error("cannot prune finished jobs", {{"error", pruned.error().message}});
  });
  return port;
}

// Names this process in jobs.claimed_by: host and pid.
std::string NodeId() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid());
}
void App::Stop() { server_->Stop(); }
void App::Wait() { server_->Wait(); }
void App::RunUntilSignal() { server_->RunUntilSignal(); }

}  // namespace supplyhub::app
