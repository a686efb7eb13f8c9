#include "features/identity/organization_settings.h"

#include <charconv>

#include "core/json_writer.h"
#include "features/identity/scopes.h"
#include "http/envelope.h"
#include "schema/validate.h"
#include "http/path_id.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using storage::Value;

const schema::Resource& SettingsBody() {
  static const schema::Resource r("settings", "settings", "Organization settings",
                                  {schema::Field::Boolean("ncr_esignature_required"),
                                   schema::Field::Boolean("ncr_esignature_reason_required")});
  return r;
}

// Only the organization the caller acts in, and only its owners and admins.
Result<int64_t> OwnOrganization(const RequestContext& c) {
  auto org = http::PathId(c.params[0], "organization");
  if (!org || *org != c.org_id) return Fail(ErrorCode::kNotFound, "No organization " + std::string(c.params[0]) + " here");
  if (c.identity->role != http::Role::kOwner && c.identity->role != http::Role::kAdmin)
    return Fail(ErrorCode::kForbidden, "Only owners and admins change organization settings");
  return *org;
}

Task<Result<std::vector<int64_t>>> Load(storage::Transaction& tx, int64_t org) {
  std::vector<int64_t> values{0, 0};
  Value p[] = {Value{org}};
  auto ran = co_await tx.Execute(
      "SELECT ncr_esignature_required, ncr_esignature_reason_required FROM organization_settings WHERE org_id = $1", p,
      [&](const storage::Row& row) { values = {row.Int(0), row.Int(1)}; });
  if (!ran) co_return Fail(ran.error());
  co_return values;
}

Response Show(int64_t org, const std::vector<int64_t>& v) {
  JsonWriter w;
  w.StartObject().Key("organization_id").Int(org);
  w.Key("ncr_esignature_required").Bool(v[0] != 0).Key("ncr_esignature_reason_required").Bool(v[1] != 0).EndObject();
  return http::Success(200, w.View());
}

}  // namespace

void AddOrganizationSettingsRoutes(http::Router& router, storage::Database& db) {
  http::RouteOptions read{false, true, std::string(kAdminOrganization), "This organization's settings"};
  http::RouteOptions write{true, true, std::string(kAdminOrganization), "Change this organization's settings"};
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("GET", prefix + "/organizations/{id}/settings", [&db](RequestContext& c) -> Task<Result<Response>> {
      auto org = OwnOrganization(c);
      if (!org) co_return Fail(org.error());
      std::vector<int64_t> values;
      auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
        auto loaded = co_await Load(tx, *org);
        if (!loaded) co_return Fail(loaded.error());
        values = std::move(*loaded);
        co_return Result<void>{};
      });
      if (!read) co_return Fail(read.error());
      co_return Show(*org, values);
    }, read);
    // Fields not sent keep their value.
    router.Add("PUT", prefix + "/organizations/{id}/settings", [&db](RequestContext& c) -> Task<Result<Response>> {
      auto org = OwnOrganization(c);
      if (!org) co_return Fail(org.error());
      auto body = schema::ValidateObject(SettingsBody(), c.request.body, schema::Mode::kPatch);
      if (!body) co_return Fail(body.error());
      std::vector<int64_t> values;
      auto wrote = co_await db.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
        auto loaded = co_await Load(tx, *org);
        if (!loaded) co_return Fail(loaded.error());
        values = std::move(*loaded);
        for (size_t i = 0; i < values.size(); ++i)
          if (body->present[i]) values[i] = std::get_if<int64_t>(&body->values[i]) ? std::get<int64_t>(body->values[i]) : 0;
        Value p[] = {Value{*org}, Value{values[0]}, Value{values[1]}};
        auto ran = co_await tx.Execute(
            "INSERT INTO organization_settings (org_id, ncr_esignature_required, ncr_esignature_reason_required) "
            "VALUES ($1, $2, $3) ON CONFLICT (org_id) DO UPDATE SET ncr_esignature_required = excluded.ncr_esignature_required, "
            "ncr_esignature_reason_required = excluded.ncr_esignature_reason_required",
            p);
        if (!ran) co_return Fail(ran.error());
        co_return Result<void>{};
      });
      if (!wrote) co_return Fail(wrote.error());
      co_return Show(*org, values);
    }, write);
  }
}

}  // namespace supplyhub::features
