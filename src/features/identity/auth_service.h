#pragma once
// Login tokens (seed 000 dialect): login, refresh, logout, and turning a
// bearer token into an Identity. Token lookups are cached by token hash;
// any revocation clears the cache.
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/worker_pool.h"
#include "features/identity/identity_repository.h"
#include "features/identity/login_throttle.h"
#include "features/identity/token_codec.h"
#include "http/dispatcher.h"

namespace supplyhub::features {

struct AuthSettings {
  std::string region = "local";
  int64_t access_ttl_seconds = 3600;              // seed 000: tokens expire after 60 minutes
  int64_t refresh_ttl_seconds = 90 * 24 * 3600;   // usable until blacklisted, bounded anyway
};

struct TokenPair {
  std::string token;
  std::string refresh_token;
  int64_t expires_in = 0;
  std::string username;
  std::string org_name;
};

class AuthService final : public http::Authenticator {
 public:
  AuthService(storage::Database& db, IdentityRepository& identity, WorkerPool& pool, AuthSettings settings);

  Task<Result<TokenPair>> Login(std::string login, std::string password, std::string client_address);
  // Checks a password off the I/O threads, with failed-login throttling.
  Task<Result<UserRecord>> VerifyCredentials(std::string login, std::string password, std::string client_address);
  Task<Result<TokenPair>> Refresh(std::string refresh_token);
  // Seed 003: later requests with this token act in `org` (membership checked by the caller).
  Task<Result<void>> SetCurrentOrganization(const http::Identity& who, int64_t org);
  // Blacklists the caller's token and every token issued with it.
  Task<Result<void>> Logout(const http::Identity& who);

  // Authorization: Bearer <t> or token: <t>; X-Organization-Id picks one of
  // the caller's organizations.
  Task<Result<http::Identity>> Authenticate(const http::Request& request) override;

  const AuthSettings& settings() const { return settings_; }
  LoginThrottle& throttle() { return throttle_; }
  // After tokens were revoked or changed: every node drops its cache (this
  // one at once, the others within milliseconds, through the database).
  Task<void> ForgetCachedTokens();

 private:
  struct StoredToken {
    int64_t id = 0;
    TokenKind kind = TokenKind::kLogin;
    int64_t user_id = 0;
    int64_t org_id = 0;  // the selected organization; 0: the user's first
    std::vector<std::string> scopes;
    int64_t family = 0;
    int64_t client_id = 0;   // oauth_clients.id; 0: first-party
    int64_t expires_at = 0;  // unix seconds; 0: never
    int64_t cached_until = 0;  // unix seconds: a missed invalidation heals by then
    bool revoked = false;
    std::map<int64_t, OrganizationRecord> memberships;
  };

  static constexpr std::string_view kTokensChannel = "supplyhub_tokens";
  static constexpr int64_t kCacheSeconds = 60;
  void ForgetLocally();
  Task<Result<std::shared_ptr<const StoredToken>>> Lookup(std::string_view token);
  Task<Result<TokenPair>> Issue(int64_t user, const std::string& username, int64_t family);

  storage::Database& db_;
  IdentityRepository& identity_;
  WorkerPool& pool_;
  AuthSettings settings_;
  LoginThrottle throttle_;
  const std::string dummy_hash_;  // verified when a user does not exist: same timing

  std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StoredToken>> cache_;
  uint64_t cache_generation_ = 0;  // bumped by every invalidation
};

}  // namespace supplyhub::features
