#pragma once
// Which organizations exist, and which one a request acts in. Until the
// identity issue lands, a request acts in the organization named by its
// X-Organization-Id header, or else in the instance's default (oldest) one.
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_set>

#include "http/dispatcher.h"
#include "storage/database.h"

namespace supplyhub::features {

class OrganizationDirectory final : public http::OrganizationResolver {
 public:
  explicit OrganizationDirectory(storage::Database& db) : db_(db) {}

  // Loads the known organizations, creating "Default Org" when there is none.
  // Call from a plain thread at start-up.
  Result<void> Load();
  // Creates an organization (sandbox or production); callable from any thread.
  Task<Result<int64_t>> Create(std::string name, std::string environment);

  Task<Result<int64_t>> Resolve(const http::Request& request) override;
  int64_t default_org() const;

 private:
  storage::Database& db_;
  mutable std::shared_mutex mutex_;
  std::unordered_set<int64_t> ids_;
  int64_t default_org_ = 0;
};

}  // namespace supplyhub::features
