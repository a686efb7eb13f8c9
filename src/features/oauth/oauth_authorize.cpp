#include "features/oauth/oauth_service.h"

#include <openssl/evp.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "features/identity/scopes.h"
#include "features/oauth/oauth_internal.h"

// The authorization-code flow of OAuthService: checking /oauth/authorize
// requests, the login ticket between the login and consent pages, minting
// codes, and exchanging them at the token endpoint.
namespace supplyhub::features {

using storage::Row;
using storage::Transaction;
using storage::Value;
using namespace oauth_internal;

namespace {

std::string S256(const std::string& verifier) {
  unsigned char digest[32];
  unsigned int len = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest, &len, EVP_sha256(), nullptr);
  std::string b64(48, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), digest, static_cast<int>(len));
  b64.resize(static_cast<size_t>(n));
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;  // base64url, no padding
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

constexpr int64_t kCodeTtl = 15 * 60;
constexpr int64_t kTicketTtl = 10 * 60;

}  // namespace

Task<tl::expected<AuthorizeRequest, AuthorizeError>> OAuthService::CheckAuthorize(Form params) {
  using Fail = tl::unexpected<AuthorizeError>;
  auto client = co_await FindClient(Get(params, "client_id"));
  if (!client || !*client) co_return Fail(AuthorizeError{false, "", "invalid_client", "Unknown client_id"});
  AuthorizeRequest req;
  req.client = std::move(**client);
  req.redirect_uri = Get(params, "redirect_uri");
  if (req.redirect_uri.empty() && req.client.redirect_uris.size() == 1) req.redirect_uri = req.client.redirect_uris[0];
  if (!Has(req.client.redirect_uris, req.redirect_uri))  // exact match, never a prefix
    co_return Fail(AuthorizeError{false, "", "invalid_request", "redirect_uri is not registered for this client"});
  req.state = Get(params, "state");
  if (Get(params, "response_type") != "code")
    co_return Fail(AuthorizeError{true, req.redirect_uri, "unsupported_response_type", "response_type must be code"});
  if (!Has(req.client.grant_types, "authorization_code"))
    co_return Fail(AuthorizeError{true, req.redirect_uri, "unauthorized_client", "This client may not use the authorization code flow"});
  req.scopes = SplitScopes(Get(params, "scope"));
  if (req.scopes.empty()) req.scopes = req.client.scopes;
  for (const auto& s : req.scopes)
    if (!Has(req.client.scopes, s)) co_return Fail(AuthorizeError{true, req.redirect_uri, "invalid_scope", "Scope " + s + " is not allowed"});
  req.code_challenge = Get(params, "code_challenge");
  std::string method = Get(params, "code_challenge_method");
  if (!req.code_challenge.empty() && method != "S256")
    co_return Fail(AuthorizeError{true, req.redirect_uri, "invalid_request", "code_challenge_method must be S256"});
  if (req.code_challenge.empty() && req.client.is_public())
    co_return Fail(AuthorizeError{true, req.redirect_uri, "invalid_request", "Public clients must use PKCE (S256)"});
  co_return req;
}

Task<Result<std::string>> OAuthService::LogIn(const std::string& login, const std::string& password,
                                              const std::string& address) {
  auto user = co_await auth_.VerifyCredentials(login, password, address);
  if (!user) co_return Fail(user.error());
  // In the database, hashed: the consent form may be posted to another node.
  std::string ticket = RandomTokenString(32);
  int64_t now = NowUnixSeconds();
  auto stored = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value expired[] = {Value{now}};
    if (auto r = co_await tx.Execute("DELETE FROM oauth_login_tickets WHERE expires_at <= $1", expired); !r)
      co_return Fail(r.error());
    Value p[] = {Value{Sha256Hex(ticket)}, Value{user->id}, Value{now + kTicketTtl}};
    auto r = co_await tx.Execute(
        "INSERT INTO oauth_login_tickets (ticket_hash, user_id, expires_at) VALUES ($1, $2, $3)", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!stored) co_return Fail(stored.error());
  co_return ticket;
}

Task<int64_t> OAuthService::RedeemTicket(const std::string& ticket) {
  int64_t user = 0;
  auto redeemed = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{Sha256Hex(ticket)}, Value{NowUnixSeconds()}};
    auto r = co_await tx.Execute(
        "DELETE FROM oauth_login_tickets WHERE ticket_hash = $1 AND expires_at > $2 RETURNING user_id", p,
        [&](const Row& row) { user = row.Int(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  co_return redeemed ? user : 0;
}

Task<Result<std::string>> OAuthService::CreateCode(const AuthorizeRequest& req, int64_t user) {
  auto orgs = co_await identity_.Organizations(user);
  if (!orgs) co_return Fail(orgs.error());
  if (orgs->empty()) co_return Fail(ErrorCode::kForbidden, "This user belongs to no organization");
  std::string code = RandomTokenString(32);
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{Sha256Hex(code)}, Value{req.client.id}, Value{user}, Value{orgs->front().id},
                 Value{req.redirect_uri}, Value{JoinScopes(req.scopes)}, Value{req.code_challenge},
                 Value{NowUnixSeconds() + kCodeTtl}, Value{RandomPositiveInt64()}};
    auto r = co_await tx.Execute(
        "INSERT INTO oauth_codes (code_hash, client_id, user_id, org_id, redirect_uri, scopes, code_challenge, "
        "expires_at, family) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return code;
}

Task<OAuthResult<std::string>> OAuthService::ExchangeCode(const OAuthClient& client, const Form& form) {
  struct Code { int64_t user, org, expires, used, family; std::string redirect, scopes, challenge; };
  std::optional<Code> code;
  std::string hash = Sha256Hex(Get(form, "code"));
  // Claim the code and read it in one transaction: a code works once.
  auto claimed = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{hash}, Value{client.id}};
    auto r = co_await tx.Execute(
        "SELECT user_id, org_id, expires_at, used, family, redirect_uri, scopes, code_challenge FROM oauth_codes "
        "WHERE code_hash = $1 AND client_id = $2",
        p, [&](const Row& row) {
          code = Code{row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), std::string(row.Text(5)),
                      std::string(row.Text(6)), std::string(row.Text(7))};
        });
    if (!r) co_return Fail(r.error());
    if (!code) co_return Result<void>{};
    Value q[] = {Value{hash}};
    if (code->used) {  // a second use: revoke what the first one issued
      Value f[] = {Value{code->family}};
      if (auto rv = co_await tx.Execute("UPDATE tokens SET revoked = 1 WHERE family = $1", f); !rv) co_return Fail(rv.error());
    } else if (auto u = co_await tx.Execute("UPDATE oauth_codes SET used = 1 WHERE code_hash = $1", q); !u) {
      co_return Fail(u.error());
    }
    co_return Result<void>{};
  });
  if (!claimed) co_return Err(500, "server_error", "Code lookup failed");
  if (!code) co_return Err(400, "invalid_grant", "Unknown authorization code");
  if (code->used) {
    co_await auth_.ForgetCachedTokens();
    co_return Err(400, "invalid_grant", "This authorization code was already used; its tokens are revoked");
  }
  if (code->expires <= NowUnixSeconds()) co_return Err(400, "invalid_grant", "The authorization code expired");
  if (Get(form, "redirect_uri") != code->redirect)
    co_return Err(400, "invalid_grant", "redirect_uri differs from the authorization request");
  std::string verifier = Get(form, "code_verifier");
  if (!code->challenge.empty() && (verifier.empty() || !ConstantTimeEquals(S256(verifier), code->challenge)))
    co_return Err(400, "invalid_grant", "code_verifier does not match the code_challenge");
  co_return co_await Issue(client, code->user, code->org, SplitScopes(code->scopes), code->family, {});
}

}  // namespace supplyhub::features
