#include "features/identity/auth_service.h"

#include <strings.h>

#include <charconv>
#include <mutex>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/password.h"
#include "features/identity/scopes.h"

namespace supplyhub::features {

using storage::Row;
using storage::Transaction;
using storage::Value;

namespace {

Error Unauthenticated(std::string message) { return Error::Of(ErrorCode::kUnauthenticated, std::move(message)); }

std::string_view BearerToken(const http::Request& request) {
  std::string_view auth = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && strncasecmp(auth.data(), kBearer.data(), kBearer.size()) == 0)
    return auth.substr(kBearer.size());
  return request.Header("token");  // seed 000 sends the token in a header named "token"
}

}  // namespace

AuthService::AuthService(storage::Database& db, IdentityRepository& identity, WorkerPool& pool, AuthSettings settings)
    : db_(db), identity_(identity), pool_(pool), settings_(std::move(settings)), dummy_hash_(HashPassword("dummy")) {
  // Another node (or this one) revoked or changed tokens.
  db_.Subscribe(std::string(kTokensChannel), [this](std::string_view) { ForgetLocally(); });
}

void AuthService::ForgetLocally() {
  std::unique_lock lock(cache_mutex_);
  cache_.clear();
  ++cache_generation_;
}

Task<void> AuthService::ForgetCachedTokens() {
  ForgetLocally();  // this node at once; the others when the broadcast arrives
  if (auto sent = co_await db_.Broadcast(kTokensChannel, "*"); !sent)
    log::Error("token cache invalidation not broadcast", {{"error", sent.error().message}});
}

Task<Result<TokenPair>> AuthService::Issue(int64_t user, const std::string& username, int64_t family) {
  TokenPair pair;
  pair.token = MakeToken(settings_.region, TokenKind::kLogin);
  pair.refresh_token = MakeToken(settings_.region, TokenKind::kRefresh);
  pair.expires_in = settings_.access_ttl_seconds;
  pair.username = username;
  int64_t now = NowUnixSeconds();
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    const char* sql =
        "INSERT INTO tokens (hash, kind, user_id, scopes, family, expires_at, created_at) "
        "VALUES ($1, $2, $3, '*', $4, $5, $6)";
    Value access[] = {Value{HashToken(pair.token)}, Value{std::string("lt")}, Value{user}, Value{family},
                      Value{now + settings_.access_ttl_seconds}, Value{NowRfc3339()}};
    if (auto r = co_await tx.Execute(sql, access); !r) co_return Fail(r.error());
    Value refresh[] = {Value{HashToken(pair.refresh_token)}, Value{std::string("rt")}, Value{user}, Value{family},
                       Value{now + settings_.refresh_ttl_seconds}, Value{NowRfc3339()}};
    if (auto r = co_await tx.Execute(sql, refresh); !r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  auto organizations = co_await identity_.Organizations(user);
  if (organizations && !organizations->empty()) pair.org_name = organizations->front().name;
  co_return pair;
}

Task<Result<UserRecord>> AuthService::VerifyCredentials(std::string login, std::string password,
                                                       std::string client_address) {
  auto user = co_await identity_.FindUser(login);
  if (!user) co_return Fail(user.error());
  // Throttled per account, however it is named (username or email).
  LoginAccount account{*user ? (*user)->id : 0, login};
  auto wait = co_await throttle_.Admit(account, client_address);
  if (!wait) co_return Fail(wait.error());
  if (*wait > 0) {
    Error e = Error::Of(ErrorCode::kRateLimited, "Too many failed logins; try again in " + std::to_string(*wait) + " s");
    e.retry_after_seconds = *wait;
    co_return Fail(std::move(e));
  }
  // Argon2 takes tens of milliseconds: never on an I/O thread.
  std::string hash = *user ? (*user)->password_hash : dummy_hash_;
  bool ok = co_await RunOnPool<bool>(pool_, [&password, &hash] { return VerifyPassword(password, hash); });
  if (!ok || !*user) {
    co_await throttle_.RecordFailure(client_address);
    co_return Fail(Unauthenticated("Invalid username or password"));
  }
  co_await throttle_.RecordSuccess(account);
  co_return std::move(**user);
}

Task<Result<TokenPair>> AuthService::Login(std::string login, std::string password, std::string client_address) {
  auto user = co_await VerifyCredentials(std::move(login), std::move(password), std::move(client_address));
  if (!user) co_return Fail(user.error());
  co_return co_await Issue(user->id, user->username, RandomPositiveInt64());
}

Task<Result<TokenPair>> AuthService::Refresh(std::string refresh_token) {
  auto stored = co_await Lookup(refresh_token);
  if (!stored) co_return Fail(stored.error());
  if ((*stored)->kind != TokenKind::kRefresh) co_return Fail(Unauthenticated("This is not a refresh token"));
  std::string username;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{(*stored)->user_id}};
    auto r = co_await tx.Execute("SELECT username FROM users WHERE id = $1", p,
                                 [&](const Row& row) { username = std::string(row.Text(0)); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return co_await Issue((*stored)->user_id, username, (*stored)->family);
}

Task<Result<void>> AuthService::Logout(const http::Identity& who) {
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{who.family}};
    auto r = co_await tx.Execute("UPDATE tokens SET revoked = 1 WHERE family = $1", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_await ForgetCachedTokens();
  co_return Result<void>{};
}

Task<Result<void>> AuthService::SetCurrentOrganization(const http::Identity& who, int64_t org) {
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{org}, Value{who.token_id}};
    auto r = co_await tx.Execute("UPDATE tokens SET org_id = $1 WHERE id = $2", p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_await ForgetCachedTokens();
  co_return Result<void>{};
}

Task<Result<std::shared_ptr<const AuthService::StoredToken>>> AuthService::Lookup(std::string_view token) {
  auto parsed = ParseToken(token);
  if (!parsed) co_return Fail(Unauthenticated(token.empty() ? "Authentication required: send Authorization: Bearer <token>"
                                                            : "Malformed token"));
  if (parsed->region != settings_.region)
    co_return Fail(Unauthenticated("This token was issued in region '" + std::string(parsed->region) +
                                   "'; this server is region '" + settings_.region +
                                   "'. Send it to the '" + std::string(parsed->region) + "' endpoint."));
  std::string hash = HashToken(token);
  std::shared_ptr<const StoredToken> stored;
  {
    std::shared_lock lock(cache_mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second->cached_until > NowUnixSeconds()) stored = it->second;
  }
  if (!stored) {
    uint64_t generation;
    {
      std::shared_lock lock(cache_mutex_);
      generation = cache_generation_;
    }
    auto fresh = std::make_shared<StoredToken>();
    bool found = false;
    auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
      Value p[] = {Value{hash}};
      auto r = co_await tx.Execute(
          "SELECT id, kind, user_id, org_id, scopes, family, expires_at, revoked, hash, client_id FROM tokens "
          "WHERE hash = $1",
          p,
          [&](const Row& row) {
            if (!ConstantTimeEquals(row.Text(8), hash)) return;
            found = true;
            fresh->id = row.Int(0);
            fresh->kind = TokenKindFromCode(row.Text(1)).value_or(TokenKind::kLogin);
            fresh->user_id = row.Int(2);
            fresh->org_id = row.IsNull(3) ? 0 : row.Int(3);
            fresh->scopes = SplitScopes(row.Text(4));
            fresh->family = row.Int(5);
            fresh->expires_at = row.IsNull(6) ? 0 : row.Int(6);
            fresh->revoked = row.Int(7) != 0;
            fresh->client_id = row.IsNull(9) ? 0 : row.Int(9);
          });
      if (!r) co_return Fail(r.error());
      co_return Result<void>{};
    });
    if (!read) co_return Fail(read.error());
    if (!found) co_return Fail(Unauthenticated("Unknown token"));
    auto organizations = co_await identity_.Organizations(fresh->user_id);
    if (!organizations) co_return Fail(organizations.error());
    for (auto& o : *organizations) fresh->memberships[o.id] = std::move(o);
    // Invalidations arrive within milliseconds; should one be lost (a failed
    // broadcast), the entry still expires.
    fresh->cached_until = NowUnixSeconds() + kCacheSeconds;
    stored = fresh;
    std::unique_lock lock(cache_mutex_);
    // Read before an invalidation that arrived meanwhile: use, don't keep.
    if (cache_generation_ == generation) cache_[hash] = stored;
  }
  if (stored->revoked) co_return Fail(Unauthenticated("This token has been revoked"));
  if (stored->expires_at && stored->expires_at <= NowUnixSeconds())
    co_return Fail(Unauthenticated("This token has expired"));
  co_return stored;
}

Task<Result<http::Identity>> AuthService::Authenticate(const http::Request& request) {
  auto stored = co_await Lookup(BearerToken(request));
  if (!stored) co_return Fail(stored.error());
  const StoredToken& t = **stored;
  if (t.kind == TokenKind::kRefresh || t.kind == TokenKind::kOAuthRefresh)
    co_return Fail(Unauthenticated("A refresh token cannot authorize requests; exchange it first"));
  if (t.memberships.empty()) co_return Fail(ErrorCode::kForbidden, "This user belongs to no organization");

  // API and partner tokens belong to the organization they were issued
  // for; only a user's own login tokens may pick among the user's others.
  const bool bound = t.kind == TokenKind::kApi || t.client_id != 0;
  int64_t org = t.org_id ? t.org_id : t.memberships.begin()->first;
  if (std::string_view header = request.Header("X-Organization-Id"); !header.empty()) {
    int64_t asked = 0;
    auto [p, ec] = std::from_chars(header.data(), header.data() + header.size(), asked);
    if (ec != std::errc() || p != header.data() + header.size()) asked = 0;
    if (bound && asked != org)
      co_return Fail(ErrorCode::kForbidden, "This token belongs to organization " + std::to_string(org) +
                                                " and cannot act in another");
    org = asked;
  }
  auto membership = t.memberships.find(org);
  if (membership == t.memberships.end())
    co_return Fail(ErrorCode::kNotFound, "No organization " + std::to_string(org) + " among yours");
  http::Identity who;
  who.user_id = t.user_id;
  who.org_id = org;
  who.role = membership->second.role;
  who.sandbox = membership->second.environment == "sandbox";
  who.scopes = t.scopes;
  who.token_id = t.id;
  who.family = t.family;
  who.client_id = t.client_id;
  who.bound_to_organization = bound;
  co_return who;
}

}  // namespace supplyhub::features
