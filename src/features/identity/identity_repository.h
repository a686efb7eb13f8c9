#pragma once
// Organizations, users and memberships: the SQL behind identity.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/handler.h"
#include "storage/database.h"

namespace supplyhub::features {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string email;
  std::string password_hash;
};

struct OrganizationRecord {
  int64_t id = 0;
  std::string name;
  std::string environment;
  http::Role role = http::Role::kViewer;  // the asking user's
};

class IdentityRepository {
 public:
  explicit IdentityRepository(storage::Database& db) : db_(db) {}

  Task<Result<int64_t>> CreateOrganization(std::string name, std::string environment);
  // `password_hash` is the Argon2id encoding (core/password.h), never the password.
  // A username shaped like an email must be the user's own email, so no one
  // can take another person's address as a login name.
  Task<Result<int64_t>> CreateUser(std::string username, std::string email, std::string password_hash);
  Task<Result<void>> AddMember(int64_t org, int64_t user, http::Role role);
  // Gives `user` the role `role` in `org` (nullopt: removes the membership),
  // as asked by someone whose role there is `actor`, in one transaction:
  // only owners change owners, and the last owner stays.
  Task<Result<void>> ChangeMember(int64_t org, int64_t user, std::optional<http::Role> role, http::Role actor);
  // By username or email, case-insensitively; an email match wins.
  Task<Result<std::optional<UserRecord>>> FindUser(std::string login);
  // By email only (adding members: a username is no proof of an address).
  Task<Result<std::optional<UserRecord>>> FindUserByEmail(std::string email);
  // The user's role in `org`, or nothing when not a member.
  Task<Result<std::optional<http::Role>>> RoleIn(int64_t user, int64_t org);
  // A user's organizations, oldest first.
  Task<Result<std::vector<OrganizationRecord>>> Organizations(int64_t user);

  static std::optional<http::Role> ParseRole(std::string_view name);

 private:
  Task<Result<std::optional<UserRecord>>> FindOneUser(const char* sql, std::string key);
  storage::Database& db_;
};

}  // namespace supplyhub::features
