#include "app/migrations.h"

#include "schema/ddl.h"

namespace supplyhub::app {
namespace {

std::vector<std::string> Identity(storage::Dialect d) {
  std::string id(storage::IdColumn(d));
  return {
      "CREATE TABLE organizations (" + id +
          ", name TEXT NOT NULL, environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')), "
          "created_at TEXT NOT NULL)",
      "CREATE TABLE users (" + id +
          ", username TEXT NOT NULL UNIQUE, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, "
          "created_at TEXT NOT NULL)",
      "CREATE TABLE memberships (org_id BIGINT NOT NULL REFERENCES organizations(id), "
      "user_id BIGINT NOT NULL REFERENCES users(id), "
      "role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')), created_at TEXT NOT NULL, "
      "PRIMARY KEY (org_id, user_id))",
      // Row counts per organization and resource, kept in the write transaction,
      // so an unfiltered page never counts its table. `removals` counts deletes:
      // while it is unchanged, positions of existing rows in id order are too.
      "CREATE TABLE resource_counts (org_id BIGINT NOT NULL REFERENCES organizations(id), resource TEXT NOT NULL, "
      "n BIGINT NOT NULL, removals BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (org_id, resource))",
  };
}

std::vector<std::string> Tokens(storage::Dialect d) {
  return {
      // Only the SHA-256 of a token is stored. `family` groups the tokens issued
      // together (login + refresh) so logout revokes them together.
      "CREATE TABLE tokens (" + std::string(storage::IdColumn(d)) +
          ", hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, user_id BIGINT NOT NULL REFERENCES users(id), "
          "org_id BIGINT REFERENCES organizations(id), scopes TEXT NOT NULL, family BIGINT NOT NULL, "
          "expires_at BIGINT, revoked BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL)",
      "CREATE INDEX tokens_family ON tokens (family)",
  };
}

// The outbox and webhook deliveries (features/events, features/webhooks).
std::vector<std::string> EventsAndWebhooks(storage::Dialect d) {
  std::string id(storage::IdColumn(d));
  return {
      // One row per change; `seq` numbers an organization's events in commit order.
      // `endpoint_id`: a test event meant for that endpoint only.
      "CREATE TABLE events (" + id +
          ", org_id BIGINT NOT NULL REFERENCES organizations(id), seq BIGINT NOT NULL, type TEXT NOT NULL, "
          "resource TEXT NOT NULL, resource_id BIGINT NOT NULL, actor TEXT NOT NULL, object TEXT NOT NULL, "
          "changed TEXT, endpoint_id BIGINT, created_at TEXT NOT NULL, created_unix BIGINT NOT NULL, "
          "UNIQUE (org_id, seq))",
      "CREATE INDEX events_type ON events (org_id, type, seq)",
      "CREATE INDEX events_resource ON events (org_id, resource, resource_id, seq)",
      "CREATE INDEX events_age ON events (created_unix)",
      "CREATE TABLE event_sequences (org_id BIGINT PRIMARY KEY REFERENCES organizations(id), seq BIGINT NOT NULL)",
      // `event_cursor`: the last seq of its organization already turned into messages.
      "CREATE TABLE webhook_endpoints (" + id +
          ", org_id BIGINT NOT NULL REFERENCES organizations(id), url TEXT NOT NULL, description TEXT NOT NULL, "
          "event_types TEXT NOT NULL, filter TEXT, headers TEXT NOT NULL, enabled BIGINT NOT NULL, "
          "ordered BIGINT NOT NULL, rate_limit BIGINT NOT NULL, max_in_flight BIGINT NOT NULL, "
          "event_cursor BIGINT NOT NULL, paused_until BIGINT NOT NULL DEFAULT 0, failing_since BIGINT, "
          "disabled_reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
      "CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id, id)",
      // Encrypted (AES-256-GCM); a rotated-out secret signs until expires_at.
      "CREATE TABLE webhook_secrets (" + id +
          ", endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, "
          "sealed TEXT NOT NULL, expires_at BIGINT, created_at TEXT NOT NULL)",
      "CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id)",
      // One per event and endpoint: pending -> delivering (claimed until) -> succeeded | failed.
      "CREATE TABLE webhook_messages (" + id +
          ", org_id BIGINT NOT NULL, endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, "
          "event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE, seq BIGINT NOT NULL, "
          "status TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, "
          "claimed_until BIGINT NOT NULL DEFAULT 0, last_status_code BIGINT, created_at TEXT NOT NULL, "
          "UNIQUE (endpoint_id, event_id))",
      "CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at)",
      "CREATE INDEX webhook_messages_order ON webhook_messages (endpoint_id, status, seq)",
      "CREATE TABLE webhook_attempts (" + id +
          ", org_id BIGINT NOT NULL, endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, "
          "message_id BIGINT NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE, event_id BIGINT NOT NULL, "
          "outcome TEXT NOT NULL, status_code BIGINT, duration_ms BIGINT NOT NULL, response TEXT NOT NULL, "
          "error TEXT NOT NULL, next_retry_at BIGINT, created_at TEXT NOT NULL)",
      "CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id)",
  };
}

}  // namespace

const std::vector<storage::Migration>& AllMigrations() {
  static const std::vector<storage::Migration> all = {
      {1, "identity: organizations, users, memberships", Identity},
      {2, "resources: companies, suppliers, parts", [](storage::Dialect d) { return schema::DeclaredAt(2, d); }},
      {3, "tokens", Tokens},
      {4, "api tokens: name, description, integration",
       [](storage::Dialect) -> std::vector<std::string> {
         return {"ALTER TABLE tokens ADD COLUMN name TEXT NOT NULL DEFAULT ''",
                 "ALTER TABLE tokens ADD COLUMN description TEXT NOT NULL DEFAULT ''",
                 "ALTER TABLE tokens ADD COLUMN integration_id BIGINT",
                 "CREATE INDEX tokens_org_kind ON tokens (org_id, kind)"};
       }},
      {5, "rate-limit overrides per organization",
       [](storage::Dialect d) -> std::vector<std::string> {
         return {std::string("CREATE TABLE rate_limit_policies (org_id BIGINT NOT NULL REFERENCES organizations(id), "
                             "audience TEXT NOT NULL CHECK (audience IN ('first_party', 'partner')), "
                             "pool BIGINT NOT NULL, per_second ") +
                 std::string(storage::DoubleType(d)) + " NOT NULL, PRIMARY KEY (org_id, audience))"};
       }},
      {6, "oauth clients",
       [](storage::Dialect d) -> std::vector<std::string> {
         return {"CREATE TABLE oauth_clients (" + std::string(storage::IdColumn(d)) +
                     ", client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL, name TEXT NOT NULL, "
                     "company TEXT NOT NULL, purpose TEXT NOT NULL, redirect_uris TEXT NOT NULL, scopes TEXT NOT NULL, "
                     "grant_types TEXT NOT NULL, refresh_policy TEXT NOT NULL, access_token_ttl BIGINT NOT NULL, "
                     "org_id BIGINT NOT NULL REFERENCES organizations(id), "
                     "created_by BIGINT NOT NULL REFERENCES users(id), created_at TEXT NOT NULL)",
                 // The partner app a token was issued to; revoked = 2 marks a spent
                 // rotating refresh token (reusing it revokes the whole grant).
                 "ALTER TABLE tokens ADD COLUMN client_id BIGINT"};
       }},
      {7, "oauth authorization codes",
       [](storage::Dialect) -> std::vector<std::string> {
         return {"CREATE TABLE oauth_codes (code_hash TEXT PRIMARY KEY, "
                 "client_id BIGINT NOT NULL REFERENCES oauth_clients(id), user_id BIGINT NOT NULL REFERENCES users(id), "
                 "org_id BIGINT NOT NULL REFERENCES organizations(id), redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL, "
                 "code_challenge TEXT NOT NULL, expires_at BIGINT NOT NULL, used BIGINT NOT NULL DEFAULT 0, "
                 "family BIGINT NOT NULL)"};
       }},
      {8, "shared rate-limit buckets",
       [](storage::Dialect d) -> std::vector<std::string> {
         return {std::string(storage::CreateUnloggedTable(d)) +
                 " rate_buckets (org_id BIGINT NOT NULL, client_id BIGINT NOT NULL, tokens " +
                 std::string(storage::DoubleType(d)) + " NOT NULL, updated_at " + std::string(storage::DoubleType(d)) +
                 " NOT NULL, granted BIGINT NOT NULL, PRIMARY KEY (org_id, client_id))"};
       }},
      {9, "background jobs",
       [](storage::Dialect d) -> std::vector<std::string> {
         // state: queued -> running (claimed_by a node until lease_until) -> done | failed.
         // unique_key: at most one job per key (periodic jobs use the period).
         return {"CREATE TABLE jobs (" + std::string(storage::IdColumn(d)) +
                     ", kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', state TEXT NOT NULL DEFAULT 'queued' "
                     "CHECK (state IN ('queued', 'running', 'done', 'failed')), run_at BIGINT NOT NULL, "
                     "attempts BIGINT NOT NULL DEFAULT 0, claimed_by TEXT, lease_until BIGINT, finished_at BIGINT, "
                     "last_error TEXT, unique_key TEXT UNIQUE, created_at TEXT NOT NULL)",
                 "CREATE INDEX jobs_due ON jobs (state, run_at)"};
       }},
      {10, "oauth login tickets, shared by the nodes",
       [](storage::Dialect) -> std::vector<std::string> {
         return {"CREATE TABLE oauth_login_tickets (ticket_hash TEXT PRIMARY KEY, "
                 "user_id BIGINT NOT NULL REFERENCES users(id), expires_at BIGINT NOT NULL)"};
       }},
      {11, "resource counts in shards (concurrent writers need not queue on one row)",
       [](storage::Dialect) -> std::vector<std::string> {
         return {"CREATE TABLE resource_counts_sharded (org_id BIGINT NOT NULL REFERENCES organizations(id), "
                 "resource TEXT NOT NULL, shard BIGINT NOT NULL, n BIGINT NOT NULL, "
                 "removals BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (org_id, resource, shard))",
                 "INSERT INTO resource_counts_sharded (org_id, resource, shard, n, removals) "
                 "SELECT org_id, resource, 0, n, removals FROM resource_counts",
                 "DROP TABLE resource_counts",
                 "ALTER TABLE resource_counts_sharded RENAME TO resource_counts"};
       }},
      {12, "quality resources and inventory; external ids; organization settings",
       [](storage::Dialect d) {
         auto out = schema::DeclaredAt(12, d);
         // Rules an organization sets for itself (owners and admins change them).
         out.push_back("CREATE TABLE organization_settings (org_id BIGINT PRIMARY KEY REFERENCES organizations(id), "
                       "ncr_esignature_required BIGINT NOT NULL DEFAULT 0, "
                       "ncr_esignature_reason_required BIGINT NOT NULL DEFAULT 0)");
         return out;
       }},
      {13, "operations: products, skus, purchase orders, orders, shipments, invoices, payments, credit notes, "
           "pick and receiving tickets; stock of SKUs",
       [](storage::Dialect d) { return schema::DeclaredAt(13, d); }},
      {14, "idempotency keys; indexes for cursor pages",
       [](storage::Dialect d) {
         // The first answer to a POST with an Idempotency-Key, per organization and
         // caller (user and token family), written in the transaction of the change.
         std::vector<std::string> out = {
             "CREATE TABLE idempotency_keys (org_id BIGINT NOT NULL REFERENCES organizations(id), "
             "user_id BIGINT NOT NULL, token_family BIGINT NOT NULL, idempotency_key TEXT NOT NULL, "
             "request_hash TEXT NOT NULL, status BIGINT NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL, "
             "expires_at BIGINT NOT NULL, PRIMARY KEY (org_id, user_id, token_family, idempotency_key))",
             "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)"};
         for (auto& s : schema::KeysetIndexesFor(14, d)) out.push_back(std::move(s));
         return out;
       }},
      {15, "events (the outbox) and webhook endpoints, secrets, messages and attempts", EventsAndWebhooks},
      {16, "webhooks: fair claims, cheap deletes, bounded rotation",
       [](storage::Dialect) -> std::vector<std::string> {
         return {
             // Due messages per endpoint, in the order they are claimed.
             "CREATE INDEX webhook_messages_endpoint_due ON webhook_messages "
             "(endpoint_id, status, next_attempt_at, id)",
             // Cascades from messages (and from events) find their rows.
             "CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id)",
             "CREATE INDEX webhook_messages_event ON webhook_messages (event_id)",
             // Set by DELETE: gone from every read and from delivery at once; the
             // webhooks.purge job removes the endpoint and its history in batches.
             "ALTER TABLE webhook_endpoints ADD COLUMN deleted_at BIGINT",
             // Rate limits kept with the endpoint (shared by every node): the time,
             // in microseconds, from which the endpoint's bucket is full again.
             "ALTER TABLE webhook_endpoints ADD COLUMN rate_full_at_us BIGINT NOT NULL DEFAULT 0",
             // Likewise for rotate_secret (unix seconds).
             "ALTER TABLE webhook_endpoints ADD COLUMN rotations_full_at BIGINT NOT NULL DEFAULT 0",
         };
       }},
  };
  return all;
}

}  // namespace supplyhub::app
