#include "features/identity/identity_repository.h"

#include "core/clock.h"

namespace supplyhub::features {

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

Task<Result<std::optional<UserRecord>>> IdentityRepository::FindUser(std::string login) {
  std::optional<UserRecord> user;
  auto read = co_await db_.Read([&](Transaction& tx) -> Task<Result<void>> {
    Value p[] = {Value{login}};
    auto r = co_await tx.Execute(
        "SELECT id, username, email, password_hash FROM users WHERE lower(username) = lower($1) "
        "OR lower(email) = lower($1) ORDER BY id LIMIT 1",
        p, [&](const Row& row) {
          user = UserRecord{row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)), std::string(row.Text(3))};
        });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return user;
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
