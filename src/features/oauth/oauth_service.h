#pragma once
// OAuth 2.0 authorization server, token side (RFC 6749, 7009, 7662, 8414):
// partner-app registration, the token endpoint (password, client_credentials
// and refresh_token grants), revocation and introspection. Tokens are the
// same hashed, region-prefixed tokens as logins, tagged with their client.
#include <map>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "core/worker_pool.h"
#include "features/identity/auth_service.h"
#include "features/identity/identity_repository.h"
#include "features/oauth/oauth_form.h"

namespace supplyhub::features {

struct OAuthClient {
  int64_t id = 0;
  std::string client_id;
  std::string secret_hash;  // empty: a public client
  std::string name;
  std::string company;
  std::string purpose;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
  std::vector<std::string> grant_types;
  std::string refresh_policy = "stable";  // or "rotate"
  int64_t access_token_ttl = 86400;
  int64_t org_id = 0;
  int64_t created_by = 0;

  bool is_public() const { return secret_hash.empty(); }  // no secret: PKCE instead
};

// A validated authorization request (GET/POST /oauth/authorize).
struct AuthorizeRequest {
  OAuthClient client;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  std::string state;
  std::string code_challenge;  // S256
};

// Why an authorization request failed. `redirect` false: the client or the
// redirect URI is wrong, so the user is shown an error page instead.
struct AuthorizeError {
  bool redirect = true;
  std::string redirect_uri;  // the validated one, when redirect
  std::string error;
  std::string description;
};

// A protocol error, answered as {"error","error_description"} (RFC 6749 §5.2).
struct OAuthError {
  int status = 400;
  std::string error;
  std::string description;
};

template <typename T>
using OAuthResult = tl::expected<T, OAuthError>;

// The rules a partner app's settings must follow (field messages on failure).
Result<void> CheckClient(const OAuthClient& client);
// Stores a partner app owned by `org`; returns it with its secret (empty for
// public clients), shown only this once.
Task<Result<std::pair<OAuthClient, std::string>>> RegisterClient(storage::Database& db, int64_t org, int64_t user,
                                                                OAuthClient client);

class OAuthService {
 public:
  OAuthService(storage::Database& db, IdentityRepository& identity, AuthService& auth, WorkerPool& pool)
      : db_(db), identity_(identity), auth_(auth), pool_(pool) {}

  // The token endpoint. `basic` is the Authorization header (may be empty).
  Task<OAuthResult<std::string>> Token(Form form, std::string basic, std::string client_address);
  Task<OAuthResult<void>> Revoke(Form form, std::string basic);
  Task<OAuthResult<std::string>> Introspect(Form form, std::string basic);

  // The authorization-code flow: check the request, let the user log in
  // (a one-time consent ticket remembers them for 10 minutes), then mint a
  // 15-minute, single-use code bound to the redirect URI and PKCE challenge.
  Task<tl::expected<AuthorizeRequest, AuthorizeError>> CheckAuthorize(Form params);
  Task<Result<std::string>> LogIn(const std::string& login, const std::string& password, const std::string& address);
  // Consumes the ticket; returns the user id it was issued to, or 0.
  Task<int64_t> RedeemTicket(const std::string& ticket);
  Task<Result<std::string>> CreateCode(const AuthorizeRequest& request, int64_t user);

 private:
  Task<OAuthResult<std::optional<OAuthClient>>> AuthenticateClient(const Form& form, const std::string& basic);
  Task<Result<std::optional<OAuthClient>>> FindClient(const std::string& client_id);
  Task<OAuthResult<std::string>> Issue(const std::optional<OAuthClient>& client, int64_t user, int64_t org,
                                       std::vector<std::string> scopes, int64_t family,
                                       const std::string& keep_refresh_token);

  Task<OAuthResult<std::string>> ExchangeCode(const OAuthClient& client, const Form& form);

  storage::Database& db_;
  IdentityRepository& identity_;
  AuthService& auth_;
  WorkerPool& pool_;
};

}  // namespace supplyhub::features
