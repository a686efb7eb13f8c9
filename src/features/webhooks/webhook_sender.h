#pragma once
// Sends claimed webhook messages with libcurl's multi interface on the
// delivery thread: never via a proxy, no redirects, and every connection
// checked by the SSRF guard (destination.h) on the address it actually
// connects to, after DNS. Not thread-safe: the delivery loop's thread only
// (Wakeup excepted).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "features/webhooks/delivery_outcome.h"
#include "features/webhooks/message_store.h"

namespace supplyhub::features {

struct SenderSettings {
  bool allow_private = false;
  int64_t timeout_seconds = 15;
  std::string ca_file;
};

class WebhookSender {
 public:
  explicit WebhookSender(SenderSettings settings);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Send(ClaimedMessage message);
  // Moves the transfers on; those that ended are appended to `done`.
  void Perform(std::vector<DeliveryOutcome>& done);
  // Waits up to `wait_ms` for transfer activity or a Wakeup.
  void Poll(int wait_ms);
  // From any thread: ends a Poll now.
  void Wakeup();

  size_t running() const { return running_.size(); }

  struct Transfer;  // one request in flight (webhook_sender.cpp)

 private:
  SenderSettings settings_;
  void* multi_ = nullptr;                               // CURLM*
  std::map<void*, std::unique_ptr<Transfer>> running_;  // by CURL*
};

}  // namespace supplyhub::features
