#include "app/demo.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/password.h"
#include "storage/block_on.h"

namespace supplyhub::app {

using storage::Value;

Result<void> SeedDemo(storage::Database& db, features::OrganizationDirectory& organizations) {
  bool exists = false;
  auto read = storage::BlockOn(db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    Value params[] = {Value{std::string("User1")}};
    auto r = co_await tx.Execute("SELECT id FROM users WHERE username = $1", params,
                                 [&](const storage::Row&) { exists = true; });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  if (exists) return {};

  auto org = storage::BlockOn(organizations.Create("Demo Org", "sandbox"));
  if (!org) return Fail(org.error());
  std::string hash = HashPassword("Password123");
  auto wrote = storage::BlockOn(db.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    std::string now = NowRfc3339();
    int64_t user = 0;
    Value u[] = {Value{std::string("User1")}, Value{std::string("user1@example.com")}, Value{hash}, Value{now}};
    auto r = co_await tx.Execute(
        "INSERT INTO users (username, email, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id", u,
        [&](const storage::Row& row) { user = row.Int(0); });
    if (!r) co_return Fail(r.error());
    Value m[] = {Value{*org}, Value{user}, Value{std::string("owner")}, Value{now}};
    r = co_await tx.Execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)", m);
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  if (!wrote) return Fail(wrote.error());
  log::Info("demo data seeded", {{"organization", "Demo Org"}, {"user", "User1"}});
  return {};
}

}  // namespace supplyhub::app
