#include "documents/json_schema.h"
#include "features/identity/rate_limit_settings.h"

#include <cinttypes>
#include <cstdio>

#include "core/json_writer.h"
#include "core/log.h"
#include "features/identity/scopes.h"
#include "features/identity/settings_repository.h"
#include "http/envelope.h"
#include "http/path_id.h"
#include "schema/validate.h"
#include "storage/block_on.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using schema::Field;
using storage::Transaction;

const schema::Resource& OverrideBody() {
  static const schema::Resource r{"rate_limits", "rate limit", "", {
      Field::Enum("audience", {"first_party", "partner"}).Required(),
      Field::Integer("pool").Required(),
      Field::Number("per_second").Required(),
  }, false};
  return r;
}

const schema::Resource& OverrideAnswer() {
  static const schema::Resource r{"rate_limits", "rate limit", "", {
      Field::Integer("organization_id"),
      Field::Enum("audience", {"first_party", "partner"}),
      Field::Integer("pool"),
      Field::Number("per_second"),
  }, false};
  return r;
}

constexpr std::string_view kOverridesChannel = "supplyhub_rate_limits";
constexpr int64_t kMinPool = 10;
constexpr int64_t kMaxPool = int64_t{1} << 40;
constexpr double kMinPerSecond = 0.1;  // six a minute

// "<org> <partner 0|1> <pool> <per second>"
std::string OverrideMessage(int64_t org, bool partner, int64_t pool, double per_second) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.17g", per_second);
  return std::to_string(org) + " " + (partner ? "1" : "0") + " " + std::to_string(pool) + " " + rate;
}

void ApplyOverrideMessage(std::string_view message, http::RateLimiter& limiter) {
  int64_t org = 0, pool = 0;
  int partner = 0;
  double per_second = 0;
  if (std::sscanf(std::string(message).c_str(), "%" SCNd64 " %d %" SCNd64 " %lf", &org, &partner, &pool,
                  &per_second) == 4 &&
      pool > 0 && per_second > 0)
    limiter.Override(org, partner != 0, http::RatePolicy{pool, per_second});
}

// Service: stores the override and tells the other nodes, in one transaction.
Task<Result<void>> SetOverride(storage::Database& db, const RateLimitOverride& o) {
  co_return co_await db.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto saved = co_await SaveRateLimitOverride(tx, o); !saved) co_return saved;
    co_return co_await db.Publish(tx, kOverridesChannel, OverrideMessage(o.org, o.audience == "partner", o.pool, o.per_second));
  });
}

}  // namespace

Result<void> ReadOverrides(storage::Database& db, http::RateLimiter& limiter) {
  return storage::BlockOn(db.Read([&](Transaction& tx) -> Task<Result<void>> {
    co_return co_await EachRateLimitOverride(tx, [&](const RateLimitOverride& o) {
      limiter.Override(o.org, o.audience == "partner", http::RatePolicy{o.pool, o.per_second});
    });
  }));
}

Result<void> LoadRateLimitOverrides(storage::Database& db, http::RateLimiter& limiter) {
  // Overrides set on other nodes from now on; after a lost connection ("*"),
  // read them all again (on the listener's thread, which may block).
  db.Subscribe(std::string(kOverridesChannel), [&db, &limiter](std::string_view m) {
    if (m != "*") return ApplyOverrideMessage(m, limiter);
    if (auto read = ReadOverrides(db, limiter); !read)
      log::Error("cannot reload rate-limit overrides", {{"error", read.error().message}});
  });
  return ReadOverrides(db, limiter);
}

void AddRateLimitRoutes(http::Router& router, storage::Database& db, http::RateLimiter& limiter) {
  http::RouteOptions json{true, true, std::string(kAdminOrganization), "Set this organization's rate limit"};
  json.request_schema = documents::BodySchema(OverrideBody(), false);
  json.response_schema = documents::EnvelopeSchema(documents::AnswerSchema(OverrideAnswer()));
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("PUT", prefix + "/organizations/{id}/rate_limits", [&](RequestContext& c) -> Task<Result<Response>> {
      // Only for the organization the caller acts in, and only its owner.
      auto path_org = http::PathOrganization(c);
      if (!path_org) co_return Fail(path_org.error());
      int64_t org = *path_org;
      if (c.identity->role != http::Role::kOwner)
        co_return Fail(ErrorCode::kForbidden, "Only owners change rate limits");
      auto body = schema::ValidateObject(OverrideBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      std::string audience = std::get<std::string>(body->values[0]);
      int64_t pool = std::get<int64_t>(body->values[1]);
      double per_second = std::get<double>(body->values[2]);
      // Floors, so an owner cannot lock the organization (and themselves) out.
      if (pool < kMinPool || pool > kMaxPool || per_second < kMinPerSecond || per_second > 1e9) {
        Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
        if (pool < kMinPool || pool > kMaxPool)
          e.fields["pool"].push_back("must be from " + std::to_string(kMinPool) + " to " + std::to_string(kMaxPool));
        if (per_second < kMinPerSecond || per_second > 1e9)
          e.fields["per_second"].push_back("must be from 0.1 to 1000000000");
        co_return Fail(std::move(e));
      }
      // Named: GCC 12 destroys a braced temporary passed by value to a coroutine twice.
      const RateLimitOverride policy{org, audience, pool, per_second};
      auto wrote = co_await SetOverride(db, policy);
      if (!wrote) co_return Fail(wrote.error());
      limiter.Override(org, audience == "partner", http::RatePolicy{pool, per_second});
      JsonWriter w;
      w.StartObject().Key("organization_id").Int(org).Key("audience").String(audience).Key("pool").Int(pool);
      w.Key("per_second").Double(per_second).EndObject();
      co_return http::Success(200, w.View());
    }, json);
  }
}

}  // namespace supplyhub::features
