#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace supplyhub {

// Settings for `serve` and `migrate`. Sources, strongest first: flags,
// SUPPLYHUB_* environment variables, the config file, these defaults.
struct Config {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  std::string port_file;          // written with the bound port (useful with --port 0)
  std::string data_dir = "./data";
  std::string database;           // postgresql://... ; empty: embedded SQLite in data_dir
  unsigned database_pool = 8;     // PostgreSQL connections per I/O thread (8 measured best on 2 cores)
  std::string redis;              // redis://host:port: shared rate-limit buckets (else in the database)
  std::vector<std::string> trusted_proxies;  // their X-Forwarded-For/-Proto name the client
  unsigned threads = 0;           // 0: one per core
  bool demo = false;
  std::string tls_cert;
  std::string tls_key;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  unsigned read_timeout_seconds = 30;   // per request read, and idle keep-alive
  unsigned body_timeout_seconds = 10;   // a request body must arrive within this once its headers did
  size_t max_connections = 0;           // 0: sized from the open-files limit
  size_t max_buffered_body_bytes = 64 << 20;  // all request bodies being read, together
  unsigned shutdown_grace_seconds = 10;
  unsigned drain_seconds = 0;           // after SIGTERM: /readyz 503 and still serving, before closing
  std::string public_url;               // https://api.example.com: issuer and links, instead of Host
  bool shared_store_fail_open = true;   // rate-limit/login-throttle store down: allow (true) or 503
  bool access_log = false;
  std::string region = "local";         // prefixes every token this instance issues
  unsigned token_ttl_minutes = 60;      // login tokens (seed 000)
  int64_t first_party_pool = 600;       // rate limit of login and API tokens: pool size…
  int64_t first_party_refill = 100;     // …refilled by this many requests per second
  // Events and webhooks.
  unsigned events_retention_days = 30;  // GET /v1/events and redelivery reach this far back
  bool webhooks_allow_private = false;  // destinations on loopback/private addresses (tests only)
  unsigned webhook_timeout_seconds = 15;
  unsigned webhook_secret_overlap_seconds = 86400;  // a rotated-out secret still signs this long
  std::string webhooks_ca_file;         // extra CA bundle for receivers (a private CA, tests)
  std::string secrets_key;              // base64 of 32 bytes: encrypts webhook secrets at rest
                                        // (empty: data-dir/secrets.key, made on first start)
};

}  // namespace supplyhub
