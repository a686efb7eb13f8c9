#include "documents/json_schema.h"
#include "features/identity/organization_settings.h"

#include "core/json_writer.h"
#include "features/identity/scopes.h"
#include "features/identity/settings_repository.h"
#include "http/envelope.h"
#include "http/path_id.h"
#include "schema/validate.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

// The PUT body: fields not sent keep their value.
const schema::Resource& SettingsBody() {
  static const schema::Resource r("settings", "settings", "Organization settings",
                                  {schema::Field::Boolean("ncr_esignature_required"),
                                   schema::Field::Boolean("ncr_esignature_reason_required")});
  return r;
}

const schema::Resource& SettingsAnswer() {
  static const schema::Resource r("settings", "settings", "", {schema::Field::Integer("organization_id"),
                                  schema::Field::Boolean("ncr_esignature_required"),
                                  schema::Field::Boolean("ncr_esignature_reason_required")});
  return r;
}

// Only the organization the caller acts in, and only its owners and admins.
Result<int64_t> SettingsOrganization(const RequestContext& c) {
  auto org = http::PathOrganization(c);
  if (!org) return org;
  if (c.identity->role != http::Role::kOwner && c.identity->role != http::Role::kAdmin)
    return Fail(ErrorCode::kForbidden, "Only owners and admins change organization settings");
  return *org;
}

// Service: the settings, and a change of some of them, each one transaction.
Task<Result<OrganizationSettings>> ReadSettings(storage::Database& db, int64_t org) {
  OrganizationSettings s;
  auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto loaded = co_await LoadOrganizationSettings(tx, org);
    if (!loaded) co_return Fail(loaded.error());
    s = *loaded;
    co_return Result<void>{};
  });
  if (!read) co_return Fail(read.error());
  co_return s;
}

Task<Result<OrganizationSettings>> ChangeSettings(storage::Database& db, int64_t org, const schema::Record& body) {
  OrganizationSettings s;
  auto wrote = co_await db.Write([&](storage::Transaction& tx) -> Task<Result<void>> {
    auto loaded = co_await LoadOrganizationSettings(tx, org);
    if (!loaded) co_return Fail(loaded.error());
    s = *loaded;
    bool* fields[] = {&s.ncr_esignature_required, &s.ncr_esignature_reason_required};
    for (size_t i = 0; i < std::size(fields); ++i)
      if (body.present[i]) *fields[i] = std::get_if<int64_t>(&body.values[i]) && std::get<int64_t>(body.values[i]);
    co_return co_await SaveOrganizationSettings(tx, org, s);
  });
  if (!wrote) co_return Fail(wrote.error());
  co_return s;
}

Response Show(int64_t org, const OrganizationSettings& s) {
  JsonWriter w;
  w.StartObject().Key("organization_id").Int(org);
  w.Key("ncr_esignature_required").Bool(s.ncr_esignature_required);
  w.Key("ncr_esignature_reason_required").Bool(s.ncr_esignature_reason_required).EndObject();
  return http::Success(200, w.View());
}

}  // namespace

void AddOrganizationSettingsRoutes(http::Router& router, storage::Database& db) {
  http::RouteOptions read{false, true, std::string(kAdminOrganization), "This organization's settings"};
  read.response_schema = documents::EnvelopeSchema(documents::AnswerSchema(SettingsAnswer()));
  http::RouteOptions write = read;
  write.json_body = true;
  write.summary = "Change this organization's settings (fields not sent keep their value)";
  write.request_schema = documents::BodySchema(SettingsBody(), true);
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("GET", prefix + "/organizations/{id}/settings", [&db](RequestContext& c) -> Task<Result<Response>> {
      auto org = SettingsOrganization(c);
      if (!org) co_return Fail(org.error());
      auto settings = co_await ReadSettings(db, *org);
      if (!settings) co_return Fail(settings.error());
      co_return Show(*org, *settings);
    }, read);
    router.Add("PUT", prefix + "/organizations/{id}/settings", [&db](RequestContext& c) -> Task<Result<Response>> {
      auto org = SettingsOrganization(c);
      if (!org) co_return Fail(org.error());
      auto body = schema::ValidateObject(SettingsBody(), c.request.body, schema::Mode::kPatch);
      if (!body) co_return Fail(body.error());
      auto settings = co_await ChangeSettings(db, *org, *body);
      if (!settings) co_return Fail(settings.error());
      co_return Show(*org, *settings);
    }, write);
  }
}

}  // namespace supplyhub::features
