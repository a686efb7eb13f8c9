#include "features/oauth/oauth_service.h"

#include <openssl/evp.h>
#include <strings.h>

#include <algorithm>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_writer.h"
#include "features/identity/scopes.h"
#include "features/oauth/redirect_uri.h"
#include "features/identity/token_codec.h"
#include "features/oauth/oauth_internal.h"

namespace supplyhub::features {

using storage::Row;
using storage::Transaction;
using storage::Value;
using namespace oauth_internal;

namespace {

constexpr int64_t kRefreshTtl = 365 * 86400;

// "Basic base64(id:secret)" -> {id, secret}
std::optional<std::pair<std::string, std::string>> DecodeBasic(std::string_view header) {
  if (header.size() < 6 || strncasecmp(header.data(), "Basic ", 6) != 0) return std::nullopt;
  std::string in(header.substr(6));
  std::string out(in.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  while (!in.empty() && in.back() == '=') {  // EVP_DecodeBlock counts padding as zero bytes
    in.pop_back();
    --n;
  }
  out.resize(static_cast<size_t>(std::max(n, 0)));
  size_t colon = out.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(out.substr(0, colon), out.substr(colon + 1));
}

OAuthClient ClientFromRow(const Row& row) {
  OAuthClient c;
  c.id = row.Int(0);
  c.client_id = row.Text(1);
  c.secret_hash = row.Text(2);
  c.name = row.Text(3);
  c.redirect_uris = SplitScopes(row.Text(4));
  c.scopes = SplitScopes(row.Text(5));
  c.grant_types = SplitScopes(row.Text(6));
  c.refresh_policy = row.Text(7);
  c.access_token_ttl = row.Int(8);
  c.org_id = row.Int(9);
  c.created_by = row.Int(10);
  return c;
}

constexpr const char* kClientColumns =
    "id, client_id, secret_hash, name, redirect_uris, scopes, grant_types, refresh_policy, access_token_ttl, org_id, "
    "created_by";

}  // namespace

Result<void> CheckClient(const OAuthClient& c) {
  static const std::vector<std::string> kGrants = {"authorization_code", "refresh_token", "client_credentials",
                                                   "password"};
  FieldErrors fields;
  if (c.name.empty()) fields["name"].push_back("is required");
  if (c.refresh_policy != "stable" && c.refresh_policy != "rotate") fields["refresh_policy"].push_back("must be stable or rotate");
  if (c.grant_types.empty()) fields["grant_types"].push_back("is required");
  for (const auto& g : c.grant_types)
    if (!Has(kGrants, g)) fields["grant_types"].push_back("unknown grant " + g);
  if (c.scopes.empty()) fields["scopes"].push_back("is required");
  for (const auto& s : c.scopes)
    if (!IsKnownScope(s, ScopeHolder::kPartnerApp)) fields["scopes"].push_back("unknown scope " + s);
  for (const auto& u : c.redirect_uris)
    if (std::string problem = RedirectUriProblem(u); !problem.empty())
      fields["redirect_uris"].push_back(u + " " + problem);
  if (Has(c.grant_types, "authorization_code") && c.redirect_uris.empty())
    fields["redirect_uris"].push_back("is required for the authorization_code grant");
  if (c.access_token_ttl < 60 || c.access_token_ttl > 31536000)
    fields["access_token_ttl"].push_back("must be whole seconds from 60 to 31536000");
  if (fields.empty()) return {};
  Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
  e.fields = std::move(fields);
  return Fail(std::move(e));
}

Task<Result<std::pair<OAuthClient, std::string>>> RegisterClient(storage::Database& db_, int64_t org, int64_t user,
                                                                OAuthClient client) {
  client.client_id = "shc_" + RandomTokenString(16);
  std::string secret = client.secret_hash == "public" ? std::string() : RandomTokenString(32);
  client.secret_hash = secret.empty() ? std::string() : Sha256Hex(secret);
  client.org_id = org;
  client.created_by = user;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{client.client_id}, Value{client.secret_hash}, Value{client.name}, Value{client.company},
                 Value{client.purpose}, Value{JoinScopes(client.redirect_uris)}, Value{JoinScopes(client.scopes)},
                 Value{JoinScopes(client.grant_types)}, Value{client.refresh_policy}, Value{client.access_token_ttl},
                 Value{client.org_id}, Value{client.created_by}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute(
        "INSERT INTO oauth_clients (client_id, secret_hash, name, company, purpose, redirect_uris, scopes, "
        "grant_types, refresh_policy, access_token_ttl, org_id, created_by, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        p, [&](const Row& row) { client.id = row.Int(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return std::make_pair(std::move(client), std::move(secret));
}

Task<Result<std::optional<OAuthClient>>> OAuthService::FindClient(const std::string& client_id) {
  std::optional<OAuthClient> client;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{client_id}};
    auto r = co_await tx.Execute(std::string("SELECT ") + kClientColumns + " FROM oauth_clients WHERE client_id = $1",
                                 p, [&](const Row& row) { client = ClientFromRow(row); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return client;
}

Task<OAuthResult<std::optional<OAuthClient>>> OAuthService::AuthenticateClient(const Form& form,
                                                                               const std::string& basic) {
  std::string id = Get(form, "client_id"), secret = Get(form, "client_secret");
  if (!basic.empty()) {
    auto decoded = DecodeBasic(basic);
    if (!decoded) co_return Err(401, "invalid_client", "Malformed Basic credentials");
    id = decoded->first;
    secret = decoded->second;
  }
  if (id.empty()) co_return std::optional<OAuthClient>();  // the built-in first-party client
  auto client = co_await FindClient(id);
  if (!client) co_return Err(500, "server_error", "Client lookup failed");
  if (!*client) co_return Err(401, "invalid_client", "Unknown client or wrong client secret");
  if ((*client)->is_public() ? !secret.empty() : !ConstantTimeEquals(Sha256Hex(secret), (*client)->secret_hash))
    co_return Err(401, "invalid_client", "Unknown client or wrong client secret");
  co_return *client;
}

Task<OAuthResult<std::string>> OAuthService::Issue(const std::optional<OAuthClient>& client, int64_t user, int64_t org,
                                                   std::vector<std::string> scopes, int64_t family,
                                                   const std::string& keep_refresh_token) {
  bool offline = Has(scopes, "offline_access");
  std::vector<std::string> access_scopes;
  for (const auto& s : scopes)
    if (s != "offline_access") access_scopes.push_back(s);
  int64_t ttl = client ? client->access_token_ttl : 86400;
  int64_t now = NowUnixSeconds();
  std::string access = MakeToken(auth_.settings().region, TokenKind::kOAuthAccess);
  std::string refresh = keep_refresh_token;
  bool new_refresh = offline && refresh.empty();
  if (new_refresh) refresh = MakeToken(auth_.settings().region, TokenKind::kOAuthRefresh);
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const char* sql =
        "INSERT INTO tokens (hash, kind, user_id, org_id, scopes, family, expires_at, created_at, client_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    Value client_id = client ? Value{client->id} : Value{};
    Value a[] = {Value{HashToken(access)}, Value{std::string("oa")}, Value{user}, Value{org},
                 Value{JoinScopes(access_scopes)}, Value{family}, Value{now + ttl}, Value{NowRfc3339()}, client_id};
    if (auto r = co_await tx.Execute(sql, a); !r) co_return Fail(r.error());
    if (new_refresh) {
      Value r2[] = {Value{HashToken(refresh)}, Value{std::string("or")}, Value{user}, Value{org},
                    Value{JoinScopes(scopes)}, Value{family}, Value{now + kRefreshTtl}, Value{NowRfc3339()}, client_id};
      if (auto r = co_await tx.Execute(sql, r2); !r) co_return Fail(r.error());
    }
    co_return Result<void>{};
  });
  if (!wrote) co_return Err(500, "server_error", "Could not store the token");
  JsonWriter w;
  w.StartObject().Key("access_token").String(access).Key("token_type").String("Bearer");
  w.Key("expires_in").Int(ttl).Key("created_at").Int(now);
  if (!refresh.empty()) w.Key("refresh_token").String(refresh);
  w.Key("scope").String(JoinScopes(scopes)).EndObject();
  co_return w.Take();
}

Task<OAuthResult<std::string>> OAuthService::Token(Form form, std::string basic, std::string client_address) {
  auto client = co_await AuthenticateClient(form, basic);
  if (!client) co_return tl::unexpected<OAuthError>(client.error());
  std::string grant = Get(form, "grant_type");
  if (grant.empty()) co_return Err(400, "invalid_request", "grant_type is required");
  if (grant != "password" && grant != "client_credentials" && grant != "refresh_token" &&
      grant != "authorization_code")
    co_return Err(400, "unsupported_grant_type", "Unsupported grant_type " + grant);
  if (*client && !Has((*client)->grant_types, grant))
    co_return Err(400, "unauthorized_client", "This client may not use the " + grant + " grant");
  if (!*client && grant != "password")
    co_return Err(401, "invalid_client", "Client authentication is required for the " + grant + " grant");
  if (*client && (*client)->is_public() && (grant == "password" || grant == "client_credentials"))
    co_return Err(400, "unauthorized_client", "A public client cannot use the " + grant + " grant");
  if (grant == "authorization_code") co_return co_await ExchangeCode(**client, form);

  // Requested scopes must be among the client's; the first-party client gets full access.
  std::vector<std::string> scopes = SplitScopes(Get(form, "scope"));
  if (*client) {
    if (scopes.empty()) scopes = (*client)->scopes;
    for (const auto& s : scopes)
      if (!Has((*client)->scopes, s)) co_return Err(400, "invalid_scope", "Scope " + s + " is not allowed");
  } else if (scopes.empty()) {
    scopes = {"*"};
  }

  if (grant == "password") {
    std::string login = Get(form, "email").empty() ? Get(form, "username") : Get(form, "email");
    auto user = co_await auth_.VerifyCredentials(login, Get(form, "password"), client_address);
    if (!user) {
      if (user.error().code == ErrorCode::kRateLimited) co_return Err(429, "slow_down", user.error().message);
      co_return Err(400, "invalid_grant", "Invalid email or password");
    }
    auto orgs = co_await identity_.Organizations(user->id);
    if (!orgs || orgs->empty()) co_return Err(400, "invalid_grant", "This user belongs to no organization");
    co_return co_await Issue(*client, user->id, orgs->front().id, scopes, RandomPositiveInt64(), {});
  }
  if (grant == "client_credentials") {
    if (Has(scopes, "offline_access")) co_return Err(400, "invalid_scope", "client_credentials issues no refresh token");
    co_return co_await Issue(*client, (*client)->created_by, (*client)->org_id, scopes, RandomPositiveInt64(), {});
  }
  if (grant == "refresh_token") {
    std::string token = Get(form, "refresh_token");
    struct Stored { int64_t id, user, org, family, expires, revoked; std::string scopes; };
    std::optional<Stored> stored;
    auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
      Value p[] = {Value{HashToken(token)}, Value{(*client)->id}};
      auto r = co_await tx.Execute(
          "SELECT id, user_id, org_id, family, expires_at, revoked, scopes FROM tokens "
          "WHERE hash = $1 AND kind = 'or' AND client_id = $2",
          p, [&](const Row& row) {
            stored = Stored{row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5),
                            std::string(row.Text(6))};
          });
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    });
    if (!read) co_return Err(500, "server_error", "Token lookup failed");
    if (!stored) co_return Err(400, "invalid_grant", "Unknown refresh token");
    if (stored->revoked == 2) {  // a spent rotating token came back: treat as theft
      (void)co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
        Value p[] = {Value{stored->family}};
        auto r = co_await tx.Execute("UPDATE tokens SET revoked = 1 WHERE family = $1", p);
        if (!r) co_return Fail(r.error());
        co_return Result<void>{};
      });
      co_await auth_.ForgetCachedTokens();
      co_return Err(400, "invalid_grant", "This refresh token was already used; the grant is revoked");
    }
    if (stored->revoked || stored->expires <= NowUnixSeconds())
      co_return Err(400, "invalid_grant", "Refresh token revoked or expired");
    std::vector<std::string> granted = SplitScopes(stored->scopes);
    if (Get(form, "scope").empty()) scopes = granted;
    for (const auto& s : scopes)
      if (!Has(granted, s)) co_return Err(400, "invalid_scope", "Scope " + s + " exceeds the original grant");
    if (!Has(scopes, "offline_access")) scopes.push_back("offline_access");
    if ((*client)->refresh_policy == "rotate") {
      auto spent = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
        Value p[] = {Value{stored->id}};
        auto r = co_await tx.Execute("UPDATE tokens SET revoked = 2 WHERE id = $1 AND revoked = 0", p);
        if (!r) co_return Fail(r.error());
        if (*r == 0) co_return Fail(ErrorCode::kConflict, "spent");
        co_return Result<void>{};
      });
      if (!spent) co_return Err(400, "invalid_grant", "This refresh token was already used");
      co_return co_await Issue(*client, stored->user, stored->org, scopes, stored->family, {});
    }
    co_return co_await Issue(*client, stored->user, stored->org, scopes, stored->family, token);  // stable (seed 001)
  }
  co_return Err(400, "unsupported_grant_type", "Unsupported grant_type " + grant);
}

Task<OAuthResult<void>> OAuthService::Revoke(Form form, std::string basic) {
  auto client = co_await AuthenticateClient(form, basic);
  if (!client) co_return tl::unexpected<OAuthError>(client.error());
  std::string token = Get(form, "token");
  if (token.empty()) co_return Err(400, "invalid_request", "token is required");
  Value client_id = *client ? Value{(*client)->id} : Value{};
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    // A refresh token takes its whole grant with it; an access token only itself.
    Value p[] = {Value{HashToken(token)}, client_id};
    auto r = co_await tx.Execute(
        "UPDATE tokens SET revoked = 1 WHERE (client_id = $2 OR ($2 IS NULL AND client_id IS NULL)) AND "
        "(hash = $1 OR family IN (SELECT family FROM tokens WHERE hash = $1 AND kind = 'or'))",
        p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Err(500, "server_error", "Could not revoke");
  co_await auth_.ForgetCachedTokens();
  co_return OAuthResult<void>{};  // RFC 7009: unknown tokens are not an error
}

Task<OAuthResult<std::string>> OAuthService::Introspect(Form form, std::string basic) {
  auto client = co_await AuthenticateClient(form, basic);
  if (!client) co_return tl::unexpected<OAuthError>(client.error());
  if (!*client) co_return Err(401, "invalid_client", "Introspection needs client authentication");
  std::string token = Get(form, "token");
  JsonWriter w;
  w.StartObject();
  bool active = false;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{HashToken(token)}, Value{(*client)->id}, Value{NowUnixSeconds()}};
    auto r = co_await tx.Execute(
        "SELECT t.kind, t.scopes, t.expires_at, t.user_id, u.username, t.org_id FROM tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND t.client_id = $2 AND t.revoked = 0 "
        "AND t.expires_at > $3",
        p, [&](const Row& row) {
          active = true;
          w.Key("active").Bool(true).Key("scope").String(row.Text(1)).Key("client_id").String((*client)->client_id);
          w.Key("username").String(row.Text(4)).Key("sub").String(std::to_string(row.Int(3)));
          w.Key("token_type").String(row.Text(0) == "or" ? "refresh_token" : "Bearer");
          w.Key("exp").Int(row.Int(2)).Key("organization_id").Int(row.Int(5));
        });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Err(500, "server_error", "Token lookup failed");
  if (!active) w.Key("active").Bool(false);
  w.EndObject();
  co_return w.Take();
}

}  // namespace supplyhub::features
