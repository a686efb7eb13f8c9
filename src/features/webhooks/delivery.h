#pragma once
// The delivery loop: one thread per node with a libcurl multi handle, so a
// slow or dead receiver holds only its own transfers, never another
// endpoint's, another organization's, the I/O threads or the job queue.
// Each turn it
//   1. fans out: events past each enabled endpoint's cursor become messages
//      (the endpoint's types and filter decide), the cursor moves — one
//      transaction, endpoints locked FOR UPDATE SKIP LOCKED on PostgreSQL;
//   2. claims due messages (pending and due, or a lapsed claim of a node that
//      died) FOR UPDATE SKIP LOCKED as leases, within each endpoint's
//      in-flight and rate limits; an ordered endpoint's next message waits
//      until every earlier one succeeded or failed for good;
//   3. sends them signed (Standard Webhooks), each connection checked by the
//      SSRF guard on the address it actually connects to;
//   4. records the outcomes in one transaction: attempts, retries on
//      schedule (retry_schedule.h), 410 and five failing days disable the
//      endpoint (and emit webhook_endpoint.disabled), 429/502/503/504 pause it.
// A claim is attempted once; if the node dies mid-send, the lease lapses and
// another turn sends it again: at least once, never lost.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "features/webhooks/secret_box.h"
#include "storage/database.h"

namespace supplyhub::features {

struct DeliverySettings {
  bool allow_private = false;
  int64_t timeout_seconds = 15;
  std::string ca_file;
  size_t max_in_flight = 512;  // transfers of this node, all endpoints together
  int poll_ms = 200;           // how often other nodes' events are looked for
};

class WebhookDelivery {
 public:
  WebhookDelivery(storage::Database& db, const SecretBox& box, DeliverySettings settings);
  ~WebhookDelivery();
  void Start();
  void Stop();
  // A write committed events (or an operator queued messages): look now.
  void Wake();

  struct Transfer;  // one HTTP request in flight (delivery.cpp)
  struct Outcome;   // how it ended

 private:
  void Loop();
  Result<bool> Finds(const std::string& sql);
  Result<void> FanOut();
  Result<size_t> Claim();  // how many it claimed
  void Send(std::unique_ptr<Transfer> t);
  void Collect(std::vector<Outcome>& done);
  Result<void> Record(std::vector<Outcome>& done);
  bool TakeRateToken(int64_t endpoint, int64_t per_second);

  storage::Database& db_;
  const SecretBox& box_;
  DeliverySettings settings_;
  void* multi_ = nullptr;  // CURLM*
  std::map<void*, std::unique_ptr<Transfer>> running_;  // by CURL*
  std::map<int64_t, size_t> in_flight_;                 // per endpoint, this node
  struct Bucket { double tokens = 0; int64_t last_ms = 0; };
  std::map<int64_t, Bucket> buckets_;
  std::atomic<bool> stopping_{false}, woken_{true};
  std::thread thread_;
};

}  // namespace supplyhub::features
