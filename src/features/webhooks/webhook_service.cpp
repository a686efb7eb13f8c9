#include "features/webhooks/webhook_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "features/events/log_page.h"
#include "features/events/outbox.h"
#include "features/webhooks/delivery_budget.h"
#include "features/webhooks/endpoint_headers.h"
#include "features/webhooks/destination.h"
#include "features/webhooks/endpoint_purge.h"
#include "features/webhooks/signature.h"

namespace supplyhub::features {
namespace {

using storage::Transaction;

Error NoEndpoint(int64_t id) { return Error::Of(ErrorCode::kNotFound, "No webhook endpoint with id " + std::to_string(id)); }

}  // namespace

Task<Result<void>> WebhookService::CheckUrl(const std::string& url, bool production) {
  auto parsed = ParseWebhookUrl(url, production);
  if (!parsed) co_return Fail(parsed.error());
  const WebhookUrl& url_parts = *parsed;
  bool allow_private = settings_.allow_private;
  // getaddrinfo blocks: never on an I/O thread. (Captures by reference: GCC 12
  // destroys non-trivial captures of a lambda temporary in a co_await twice.)
  Result<void> checked =
      co_await RunOnPool<Result<void>>(workers_, [&url_parts, &allow_private] { return CheckDestination(url_parts, allow_private); });
  co_return checked;
}

Task<Result<void>> WebhookService::Hold(Transaction& tx, int64_t org, int64_t id) {
  auto held = co_await repo_.Hold(tx, org, id);
  if (!held) co_return Fail(held.error());
  if (!*held) co_return Fail(NoEndpoint(id));
  co_return Result<void>{};
}

Task<Result<std::string>> WebhookService::Create(int64_t org, bool production, EndpointSpec spec) {
  if (auto checked = co_await CheckUrl(*spec.url, production); !checked) co_return Fail(checked.error());
  if (spec.headers) spec.headers = SealHeaders(*spec.headers, "{}", box_);
  std::string secret = NewWebhookSecret();
  JsonWriter w;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto count = co_await repo_.CountEndpoints(tx, org);
    if (!count) co_return Fail(count.error());
    if (*count >= kMaxEndpointsPerOrganization)
      co_return Fail(ErrorCode::kValidation, "An organization has at most " +
                                                 std::to_string(kMaxEndpointsPerOrganization) + " webhook endpoints");
    auto cursor = co_await repo_.LastSequence(tx, org);
    if (!cursor) co_return Fail(cursor.error());
    auto inserted = co_await repo_.Insert(tx, org, spec, *cursor, box_.Seal(secret), w);
    if (!inserted) co_return Fail(inserted.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  std::string out = w.Take();
  out.pop_back();  // the secret is shown here once; it is kept sealed
  co_return out + ",\"secret\":\"" + secret + "\"}";
}

Task<Result<std::string>> WebhookService::List(int64_t org) {
  JsonWriter w;
  w.StartArray();
  auto read =
      co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> { co_return co_await repo_.List(tx, org, w); });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::Get(int64_t org, int64_t id) {
  JsonWriter w;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto found = co_await repo_.Find(tx, org, id, w);
    if (!found) co_return Fail(found.error());
    if (!*found) co_return Fail(NoEndpoint(id));
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::Update(int64_t org, bool production, int64_t id, EndpointSpec spec) {
  if (spec.url)
    if (auto checked = co_await CheckUrl(*spec.url, production); !checked) co_return Fail(checked.error());
  const bool enabling = spec.enabled && *spec.enabled;
  JsonWriter w;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    std::optional<int64_t> restart_at;
    if (enabling) {  // enabled again: deliveries start from now (replay_missing covers the gap)
      auto cursor = co_await repo_.LastSequence(tx, org);
      if (!cursor) co_return Fail(cursor.error());
      restart_at = *cursor;
    }
    if (spec.headers) {  // sealed; a value sent back as "******" keeps the stored one
      auto stored = co_await repo_.StoredHeaders(tx, org, id);
      if (!stored) co_return Fail(stored.error());
      spec.headers = SealHeaders(*spec.headers, *stored, box_);
    }
    auto changed = co_await repo_.Update(tx, org, id, spec, restart_at);
    if (!changed) co_return Fail(changed.error());
    if (!*changed) co_return Fail(NoEndpoint(id));
    auto found = co_await repo_.Find(tx, org, id, w);
    if (!found) co_return Fail(found.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  if (enabling && wake_) wake_();
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::Delete(int64_t org, int64_t id) {
  JsonWriter w;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto marked = co_await repo_.MarkDeleted(tx, org, id, NowUnixSeconds(), w);
    if (!marked) co_return Fail(marked.error());
    if (!*marked) co_return Fail(NoEndpoint(id));
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  // The history goes in small batches, between other writes; should this
  // fail, the hourly webhooks.purge finds the endpoint all the same.
  auto queued = co_await jobs_.Enqueue(std::string(kPurgeJob), "{}", NowUnixSeconds(),
                                       std::string(kPurgeJob) + ":endpoint:" + std::to_string(id));
  if (!queued) log::Error("cannot queue the purge of a deleted webhook endpoint", {{"error", queued.error().message}});
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::RotateSecret(int64_t org, int64_t id) {
  std::string secret = NewWebhookSecret();
  int64_t now = NowUnixSeconds(), until = now + settings_.secret_overlap_seconds;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    auto full_at = co_await repo_.RotationsFullAt(tx, org, id);
    if (!full_at) co_return Fail(full_at.error());
    if (!*full_at) co_return Fail(NoEndpoint(id));
    if (kRotations.Available(**full_at, now) < 1) {
      Error e = Error::Of(ErrorCode::kRateLimited, "An endpoint's secret may be rotated " +
                                                       std::to_string(kRotationsPerHour) + " times an hour");
      e.retry_after_seconds = static_cast<int>(std::max<int64_t>(1, kRotations.Wait(**full_at, now)));
      co_return Fail(std::move(e));
    }
    co_return co_await repo_.Rotate(tx, org, id, box_.Seal(secret), until, kRotations.Take(**full_at, now, 1));
  });
  if (!wrote) co_return Fail(wrote.error());
  JsonWriter w;
  w.StartObject().Key("id").Int(id).Key("secret").String(secret);
  w.Key("previous_secrets_expire_at").String(UnixToRfc3339(until)).EndObject();
  co_return w.Take();
}

Task<Result<std::string>> WebhookService::SendTest(int64_t org, int64_t id) {
  int64_t event_id = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    JsonWriter row;
    auto found = co_await repo_.Find(tx, org, id, row);
    if (!found) co_return Fail(found.error());
    if (!*found) co_return Fail(NoEndpoint(id));
    auto event = co_await AppendEvent(tx, db_.dialect(), org, "webhook_endpoint.test", "webhook_endpoints", id,
                                      row.View(), id);
    if (!event) co_return Fail(event.error());
    event_id = *event;
    co_return co_await repo_.QueueMessage(tx, org, id, event_id, 0, NowUnixSeconds());
  });
  if (!wrote) co_return Fail(wrote.error());
  if (wake_) wake_();
  co_return "{\"event_id\":" + std::to_string(event_id) + ",\"type\":\"webhook_endpoint.test\",\"status\":\"pending\"}";
}

Task<Result<std::string>> WebhookService::Resend(int64_t org, int64_t id, int64_t event_id) {
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto held = co_await Hold(tx, org, id); !held) co_return held;
    auto seq = co_await repo_.EventSequence(tx, org, id, event_id);
    if (!seq) co_return Fail(seq.error());
    if (!*seq) co_return Fail(ErrorCode::kNotFound, "No event with id " + std::to_string(event_id));
    co_return co_await repo_.QueueMessage(tx, org, id, event_id, **seq, NowUnixSeconds());
  });
  if (!wrote) co_return Fail(wrote.error());
  if (wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"event_id\":" + std::to_string(event_id) +
      ",\"status\":\"pending\"}";
}

Task<Result<std::string>> WebhookService::Recover(int64_t org, int64_t id, int64_t since) {
  int64_t recovered = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    if (auto held = co_await Hold(tx, org, id); !held) co_return held;
    auto n = co_await repo_.RecoverFailed(tx, org, id, since, NowUnixSeconds());
    if (!n) co_return Fail(n.error());
    recovered = *n;
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  if (recovered && wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"recovered\":" + std::to_string(recovered) + "}";
}

Task<Result<std::string>> WebhookService::ReplayMissing(int64_t org, int64_t id, int64_t since) {
  constexpr int64_t kBatch = 500;
  int64_t replayed = 0, after = 0;
  for (bool more = true; more;) {
    more = false;
    auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
      auto wants = co_await repo_.HoldSubscription(tx, org, id);
      if (!wants) co_return Fail(wants.error());
      if (!*wants) co_return Fail(NoEndpoint(id));
      struct Missing { int64_t id, seq; };
      std::vector<Missing> missing;
      int64_t seen = 0;
      auto on_event = [&](int64_t event, int64_t seq, std::string_view type, std::string_view object) {
        ++seen;
        after = seq;
        if ((*wants)->Wants(type, object)) missing.push_back({event, seq});
      };
      auto ran = co_await repo_.EventsWithoutMessage(tx, org, id, since, after, kBatch, on_event);
      if (!ran) co_return Fail(ran.error());
      int64_t now = NowUnixSeconds();
      for (const auto& m : missing)
        if (auto queued = co_await repo_.QueueMessage(tx, org, id, m.id, m.seq, now); !queued) co_return queued;
      replayed += static_cast<int64_t>(missing.size());
      more = seen == kBatch;
      co_return Result<void>{};
    });
    if (!wrote) co_return Fail(wrote.error());
  }
  if (replayed && wake_) wake_();
  co_return "{\"endpoint_id\":" + std::to_string(id) + ",\"replayed\":" + std::to_string(replayed) + "}";
}

Task<Result<LogJson>> WebhookService::Log(int64_t org, int64_t id, const http::QueryParams& params, bool attempts) {
  const std::string_view kind = attempts ? "attempts" : "messages";
  const std::vector<std::string> statuses =
      attempts ? std::vector<std::string>{"succeeded", "failed"}
               : std::vector<std::string>{"pending", "delivering", "succeeded", "failed"};
  auto page = LogPage::Parse(params, kind);
  if (!page) co_return Fail(page.error());
  std::optional<std::string> status;
  for (const auto& [key, value] : params) {
    if (key == "status") {
      if (std::find(statuses.begin(), statuses.end(), value) == statuses.end()) {
        std::string allowed;
        for (const auto& s : statuses) allowed += (allowed.empty() ? "" : ", ") + s;
        co_return Fail(ErrorCode::kBadRequest, "status must be one of: " + allowed);
      }
      status = value;
    } else if (key != "after" && key != "per_page" && key != "limit") {
      co_return Fail(ErrorCode::kBadRequest, "Unknown parameter '" + key + "' (status, after, per_page)");
    }
  }
  JsonWriter w(8192);
  w.StartArray();
  int64_t rows = 0, last = 0;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    auto found = co_await repo_.Exists(tx, org, id);
    if (!found) co_return Fail(found.error());
    if (!*found) co_return Fail(NoEndpoint(id));
    auto n = co_await repo_.Log(tx, attempts ? WebhookLog::kAttempts : WebhookLog::kMessages, org, id, page->after,
                                page->per_page, status, w, last);
    if (!n) co_return Fail(n.error());
    rows = *n;
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  w.EndArray();
  co_return LogJson{w.Take(), page->Meta(rows, last, kind)};
}

Task<Result<LogJson>> WebhookService::Attempts(int64_t org, int64_t id, const http::QueryParams& params) {
  return Log(org, id, params, true);
}

Task<Result<LogJson>> WebhookService::Messages(int64_t org, int64_t id, const http::QueryParams& params) {
  return Log(org, id, params, false);
}

}  // namespace supplyhub::features
