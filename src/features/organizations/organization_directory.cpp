#include "features/organizations/organization_directory.h"

#include <charconv>
#include <mutex>

#include "core/clock.h"
#include "storage/block_on.h"

namespace supplyhub::features {

using storage::Value;

Result<void> OrganizationDirectory::Load() {
  std::unordered_set<int64_t> ids;
  int64_t first = 0;
  auto read = storage::BlockOn(db_.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto r = co_await tx.Execute("SELECT id FROM organizations ORDER BY id", {}, [&](const storage::Row& row) {
      if (!first) first = row.Int(0);
      ids.insert(row.Int(0));
    });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  }));
  if (!read) return Fail(read.error());
  {
    std::unique_lock lock(mutex_);
    ids_ = std::move(ids);
    default_org_ = first;
  }
  if (!first) {
    auto created = storage::BlockOn(Create("Default Org", "sandbox"));
    if (!created) return Fail(created.error());
  }
  return {};
}

Task<Result<int64_t>> OrganizationDirectory::Create(std::string name, std::string environment) {
  int64_t id = 0;
  auto wrote = co_await db_.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    Value params[] = {Value{name}, Value{environment}, Value{NowRfc3339()}};
    auto r = co_await tx.Execute(
        "INSERT INTO organizations (name, environment, created_at) VALUES ($1, $2, $3) RETURNING id", params,
        [&](const storage::Row& row) { id = row.Int(0); });
    if (!r) co_return Fail(r.error());
    co_return Result<void>{};
  });
  if (!wrote) co_return Fail(wrote.error());
  std::unique_lock lock(mutex_);
  ids_.insert(id);
  if (!default_org_) default_org_ = id;
  co_return id;
}

int64_t OrganizationDirectory::default_org() const {
  std::shared_lock lock(mutex_);
  return default_org_;
}

Task<Result<int64_t>> OrganizationDirectory::Resolve(const http::Request& request) {
  std::string_view header = request.Header("X-Organization-Id");
  std::shared_lock lock(mutex_);
  if (header.empty()) co_return default_org_;
  int64_t id = 0;
  auto [p, ec] = std::from_chars(header.data(), header.data() + header.size(), id);
  if (ec != std::errc() || p != header.data() + header.size() || !ids_.count(id))
    co_return Fail(ErrorCode::kNotFound, "No organization with id '" + std::string(header) + "'");
  co_return id;
}

}  // namespace supplyhub::features
