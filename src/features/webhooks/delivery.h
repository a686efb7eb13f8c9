#pragma once
// The delivery loop: one thread per node with a libcurl multi handle, so a
// slow or dead receiver holds only its own transfers, never another
// endpoint's, another organization's, the I/O threads or the job queue.
// Each turn it
//   1. fans out: events past each enabled endpoint's cursor become messages
//      (the endpoint's types and filter decide), the cursor moves — one
//      transaction, endpoints locked FOR UPDATE SKIP LOCKED on PostgreSQL;
//   2. claims due messages (pending and due, or a lapsed claim of a node that
//      died) FOR UPDATE SKIP LOCKED as leases, fairly: per endpoint, round
//      robin, each endpoint's in-flight and rate limits applied in the claim
//      (message_store.h), so no backlog starves another endpoint or
//      organization; an ordered endpoint's next message waits until every
//      earlier one succeeded or failed for good;
//   3. sends them signed (Standard Webhooks), each connection checked by the
//      SSRF guard on the address it actually connects to;
//   4. records the outcomes in one transaction: attempts, retries on
//      schedule (retry_schedule.h), 410 and five failing days disable the
//      endpoint (and emit webhook_endpoint.disabled), 429/502/503/504 pause it.
// A claim is attempted once; if the node dies mid-send, the lease lapses and
// another turn sends it again: at least once, never lost.
#include <atomic>
#include <string>
#include <thread>

#include "features/webhooks/message_store.h"
#include "features/webhooks/secret_box.h"
#include "features/webhooks/webhook_sender.h"
#include "storage/database.h"

namespace supplyhub::features {

struct DeliverySettings {
  bool allow_private = false;
  int64_t timeout_seconds = 15;
  std::string ca_file;
  size_t max_in_flight = 512;  // transfers of this node, all endpoints together
  int poll_ms = 200;           // how often other nodes' events are looked for
};

// The loop: the store (message_store.h) fans out, claims and records; the
// sender (webhook_sender.h) sends; what an answer means is delivery_outcome.h.
class WebhookDelivery {
 public:
  WebhookDelivery(storage::Database& db, const SecretBox& box, DeliverySettings settings);
  ~WebhookDelivery();
  void Start();
  void Stop();
  // A write committed events (or an operator queued messages): look now.
  void Wake();

 private:
  void Loop();
  Result<size_t> Claim();  // how many it claimed and sent

  DeliverySettings settings_;
  MessageStore store_;
  WebhookSender sender_;
  std::atomic<bool> stopping_{false}, woken_{true};
  std::thread thread_;
};

}  // namespace supplyhub::features
