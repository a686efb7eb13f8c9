#include "features/identity/settings_repository.h"

namespace supplyhub::features {

using storage::Row;
using storage::Transaction;
using storage::Value;

Task<Result<OrganizationSettings>> LoadOrganizationSettings(Transaction& tx, int64_t org) {
  OrganizationSettings s;
  Value p[] = {Value{org}};
  auto ran = co_await tx.Execute(
      "SELECT ncr_esignature_required, ncr_esignature_reason_required FROM organization_settings WHERE org_id = $1", p,
      [&](const Row& row) { s = {row.Int(0) != 0, row.Int(1) != 0}; });
  if (!ran) co_return Fail(ran.error());
  co_return s;
}

Task<Result<void>> SaveOrganizationSettings(Transaction& tx, int64_t org, const OrganizationSettings& s) {
  Value p[] = {Value{org}, Value{int64_t{s.ncr_esignature_required}}, Value{int64_t{s.ncr_esignature_reason_required}}};
  auto ran = co_await tx.Execute(
      "INSERT INTO organization_settings (org_id, ncr_esignature_required, ncr_esignature_reason_required) "
      "VALUES ($1, $2, $3) ON CONFLICT (org_id) DO UPDATE SET ncr_esignature_required = excluded.ncr_esignature_required, "
      "ncr_esignature_reason_required = excluded.ncr_esignature_reason_required",
      p);
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

Task<Result<void>> SaveRateLimitOverride(Transaction& tx, const RateLimitOverride& o) {
  Value p[] = {Value{o.org}, Value{o.audience}, Value{o.pool}, Value{o.per_second}};
  auto ran = co_await tx.Execute(
      "INSERT INTO rate_limit_policies (org_id, audience, pool, per_second) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (org_id, audience) DO UPDATE SET pool = excluded.pool, per_second = excluded.per_second",
      p);
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

Task<Result<void>> EachRateLimitOverride(Transaction& tx, const std::function<void(const RateLimitOverride&)>& f) {
  auto ran = co_await tx.Execute("SELECT org_id, audience, pool, per_second FROM rate_limit_policies", {},
                                 [&](const Row& row) { f({row.Int(0), std::string(row.Text(1)), row.Int(2), row.Double(3)}); });
  if (!ran) co_return Fail(ran.error());
  co_return Result<void>{};
}

}  // namespace supplyhub::features
