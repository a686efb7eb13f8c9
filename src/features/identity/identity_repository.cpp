#include "features/identity/identity_repository.h"

#include <algorithm>
#include <cctype>

#include "core/clock.h"

namespace supplyhub::features {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

using storage::Row;
using storage::Transaction;
using storage::Value;

std::optional<http::Role> IdentityRepository::ParseRole(std::string_view name) {
  for (http::Role r : {http::Role::kViewer, http::Role::kMember, http::Role::kAdmin, http::Role::kOwner})
    if (name == http::RoleName(r)) return r;
  return std::nullopt;
}

Task<Result<int64_t>> IdentityRepository::CreateOrganization(std::string name, std::string environment) {
  int64_t id = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{name}, Value{environment}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute("INSERT INTO organizations (name, environment, created_at) VALUES ($1, $2, $3) RETURNING id",
                                 p, [&](const Row& row) { id = row.Int(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return id;
}

Task<Result<int64_t>> IdentityRepository::CreateUser(std::string username, std::string email,
                                                     std::string password_hash) {
  if (username.find('@') != std::string::npos && !EqualsIgnoringCase(username, email)) {
    Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
    e.fields["username"].push_back("may contain @ only when it is the user's own email");
    co_return Fail(std::move(e));
  }
  int64_t id = 0;
  auto wrote = co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{username}, Value{email}, Value{password_hash}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute(
        "INSERT INTO users (username, email, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id", p,
        [&](const Row& row) { id = row.Int(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) {
    if (wrote.error().code == ErrorCode::kConflict)
      co_return Fail(ErrorCode::kConflict, "A user with this username or email already exists");
    co_return Fail(wrote.error());
  }
  co_return id;
}

Task<Result<void>> IdentityRepository::AddMember(int64_t org, int64_t user, http::Role role) {
  co_return co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{org}, Value{user}, Value{std::string(http::RoleName(role))}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
        p);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
}

Task<Result<std::optional<UserRecord>>> IdentityRepository::FindOneUser(const char* sql, std::string key) {
  std::optional<UserRecord> user;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{key}};
    auto r = co_await tx.Execute(sql, p, [&](const Row& row) {
      user = UserRecord{row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)), std::string(row.Text(3))};
    });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return user;
}

Task<Result<std::optional<UserRecord>>> IdentityRepository::FindUser(std::string login) {
  // Someone's username may equal someone else's email (accounts from before
  // usernames were checked): the address owner is the one meant.
  co_return co_await FindOneUser(
      "SELECT id, username, email, password_hash FROM users WHERE lower(username) = lower($1) "
      "OR lower(email) = lower($1) ORDER BY CASE WHEN lower(email) = lower($1) THEN 0 ELSE 1 END, id LIMIT 1",
      std::move(login));
}

Task<Result<std::optional<UserRecord>>> IdentityRepository::FindUserByEmail(std::string email) {
  co_return co_await FindOneUser(
      "SELECT id, username, email, password_hash FROM users WHERE lower(email) = lower($1) ORDER BY id LIMIT 1",
      std::move(email));
}

Task<Result<void>> IdentityRepository::ChangeMember(int64_t org, int64_t user, std::optional<http::Role> role,
                                                   http::Role actor) {
  co_return co_await db_.Write([&](Transaction& tx) -> Task<Result<void>> {
    std::optional<http::Role> current;
    int64_t owners = 0;
    Value p[] = {Value{org}, Value{user}};
    // Locks the organization's memberships on PostgreSQL, so two owners
    // demoting each other at once cannot leave none.
    auto r = co_await tx.Execute(
        std::string("SELECT user_id, role FROM memberships WHERE org_id = $1 AND (role = 'owner' OR user_id = $2)") +
            (db_.dialect() == storage::Dialect::kPostgres ? " FOR UPDATE" : ""),
        p, [&](const Row& row) {
          if (row.Text(1) == "owner") ++owners;
          if (row.Int(0) == user) current = ParseRole(row.Text(1));
        });
    if (!r) co_return Fail(r.error());
    const bool touches_owner = current == http::Role::kOwner || role == http::Role::kOwner;
    if (touches_owner && actor != http::Role::kOwner) co_return Fail(ErrorCode::kForbidden, "Only owners change owners");
    if (current == http::Role::kOwner && role != http::Role::kOwner && owners <= 1)
      co_return Fail(ErrorCode::kConflict, "The last owner of an organization cannot be demoted or removed; "
                                           "make another member owner first");
    if (!role) {
      if (!current) co_return Fail(ErrorCode::kNotFound, "No member " + std::to_string(user) + " here");
      auto d = co_await tx.Execute("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2", p);
      if (!d) co_return Fail(d.error());
      co_return Result<void>{};
    }
    Value q[] = {Value{org}, Value{user}, Value{std::string(http::RoleName(*role))}, Value{NowRfc3339()}};
    auto u = co_await tx.Execute(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
        q);
    if (!u) co_return Fail(u.error());
    co_return Result<void>{};
  });
}

Task<Result<std::optional<http::Role>>> IdentityRepository::RoleIn(int64_t user, int64_t org) {
  std::optional<http::Role> role;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{user}, Value{org}};
    auto r = co_await tx.Execute("SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2", p,
                                 [&](const Row& row) { role = ParseRole(row.Text(0)).value_or(http::Role::kViewer); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return role;
}

Task<Result<std::vector<OrganizationRecord>>> IdentityRepository::Organizations(int64_t user) {
  std::vector<OrganizationRecord> out;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{user}};
    auto r = co_await tx.Execute(
        "SELECT o.id, o.name, o.environment, m.role FROM organizations o JOIN memberships m ON m.org_id = o.id "
        "WHERE m.user_id = $1 ORDER BY o.id",
        p, [&](const Row& row) {
          out.push_back({row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)),
                         ParseRole(row.Text(3)).value_or(http::Role::kViewer)});
        });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return out;
}

}  // namespace supplyhub::features
