#include "features/webhooks/delivery.h"

#include <algorithm>
#include <vector>

#include "core/clock.h"
#include "core/log.h"

namespace supplyhub::features {

WebhookDelivery::WebhookDelivery(storage::Database& db, const SecretBox& box, DeliverySettings settings)
    : settings_(std::move(settings)),
      store_(db, box),
      sender_({settings_.allow_private, settings_.timeout_seconds, settings_.ca_file}) {}

WebhookDelivery::~WebhookDelivery() { Stop(); }

void WebhookDelivery::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void WebhookDelivery::Stop() {
  stopping_ = true;
  sender_.Wakeup();
  if (thread_.joinable()) thread_.join();
}

void WebhookDelivery::Wake() {
  woken_ = true;
  sender_.Wakeup();
}

void WebhookDelivery::Loop() {
  // Database work is batched: a fan-out, a claim or a record is one write
  // transaction (on SQLite's one writer, shared with every request), so each
  // runs for many deliveries at once and at most every kTurnMs.
  constexpr int64_t kTurnMs = 5;
  constexpr size_t kRecordBatch = 256;
  int64_t last_look = 0, last_turn = 0, first_done = 0;
  bool backlog = true;  // due messages may be waiting (after a fan-out, a full claim, freed capacity)
  std::vector<DeliveryOutcome> done;
  while (!stopping_) {
    int64_t now = SteadyMillis();
    if (now - last_turn >= kTurnMs) {
      last_turn = now;
      if (woken_.exchange(false) || now - last_look >= settings_.poll_ms) {
        last_look = now;
        backlog = true;  // retries fall due with time
        if (auto fanned = store_.FanOut(); !fanned)
          log::Error("webhook fan-out failed", {{"error", fanned.error().message}});
      }
      if (backlog) {
        auto claimed = Claim();
        if (!claimed) log::Error("webhook claim failed", {{"error", claimed.error().message}});
        backlog = claimed && *claimed > 0;
      }
    }
    sender_.Perform(done);
    if (!done.empty() && first_done == 0) first_done = now;
    if (done.size() >= kRecordBatch || (!done.empty() && (sender_.running() == 0 || now - first_done >= kTurnMs))) {
      if (auto recorded = store_.Record(done); !recorded)
        log::Error("webhook outcomes not recorded (their leases lapse and they are sent again)",
                   {{"error", recorded.error().message}});
      done.clear();
      first_done = 0;
      backlog = true;  // capacity freed
      continue;
    }
    sender_.Poll(backlog || !done.empty() ? static_cast<int>(kTurnMs) : settings_.poll_ms / 2);
  }
}

Result<size_t> WebhookDelivery::Claim() {
  size_t room = settings_.max_in_flight > sender_.running() ? settings_.max_in_flight - sender_.running() : 0;
  auto claimed = store_.Claim(room, settings_.timeout_seconds + 5);
  if (!claimed) return Fail(claimed.error());
  for (ClaimedMessage& m : *claimed) sender_.Send(std::move(m));
  return claimed->size();
}

}  // namespace supplyhub::features
