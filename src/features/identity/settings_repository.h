#pragma once
// The SQL of what an organization sets for itself: its settings (the rules
// its writes follow) and its rate-limit overrides. Every statement names the
// organization, except the start-up read of every override.
#include <cstdint>
#include <functional>
#include <string>

#include "core/task.h"
#include "storage/database.h"

namespace supplyhub::features {

struct OrganizationSettings {
  bool ncr_esignature_required = false;
  bool ncr_esignature_reason_required = false;
};

// The defaults when the organization never set them.
Task<Result<OrganizationSettings>> LoadOrganizationSettings(storage::Transaction& tx, int64_t org);
Task<Result<void>> SaveOrganizationSettings(storage::Transaction& tx, int64_t org, const OrganizationSettings& s);

struct RateLimitOverride {
  int64_t org = 0;
  std::string audience;  // first_party | partner
  int64_t pool = 0;
  double per_second = 0;
};

Task<Result<void>> SaveRateLimitOverride(storage::Transaction& tx, const RateLimitOverride& o);
// Every organization's overrides (start-up, and after a lost notification channel).
Task<Result<void>> EachRateLimitOverride(storage::Transaction& tx, const std::function<void(const RateLimitOverride&)>& f);

}  // namespace supplyhub::features
