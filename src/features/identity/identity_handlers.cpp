#include "documents/json_schema.h"
#include "features/identity/identity_handlers.h"

#include <charconv>

#include "core/json_writer.h"
#include "core/password.h"
#include "features/identity/scopes.h"
#include "http/envelope.h"
#include "schema/validate.h"
#include "http/path_id.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using http::Role;
using schema::Field;

const schema::Resource& OrganizationBody() {
  static const schema::Resource r{"organizations", "organization", "", {
      Field::String("name").Required(),
      Field::Enum("environment", {"sandbox", "production"}).Default(std::string("sandbox")),
  }, false};
  return r;
}

const schema::Resource& MemberBody() {
  static const schema::Resource r{"members", "member", "", {
      Field::String("email").Required(),
      Field::Enum("role", {"owner", "admin", "member", "viewer"}).Required(),
  }, false};
  return r;
}

const schema::Resource& UserBody() {
  static const schema::Resource r{"users", "user", "", {
      Field::String("username").Required().MaxLength(64),
      Field::String("email").Required(),
      Field::String("password").Required().MaxLength(1024),
      Field::Enum("role", {"owner", "admin", "member", "viewer"}).Default(std::string("member")),
  }, false};
  return r;
}

const schema::Resource& SelectOrgBody() {
  static const schema::Resource r{"organisations", "organisation selection", "",
                                  {Field::Integer("organizationId").Required()}, false};
  return r;
}

constexpr std::string_view kOrganizationSchema = R"({"type":"object","properties":{"id":{"type":"integer"},)"
    R"("name":{"type":"string"},"environment":{"enum":["sandbox","production"]},)"
    R"("role":{"enum":["owner","admin","member","viewer"]}},"required":["id","name","environment","role"]})";

bool IsAdmin(Role role) { return role == Role::kOwner || role == Role::kAdmin; }

Response Raw(int status, std::string body) {  // seed 003 answers without our envelope
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

void AddIdentityRoutes(http::Router& router, IdentityRepository& identity, AuthService& auth, WorkerPool& pool) {
  http::RouteOptions new_org{true, true, std::string(kAdminOrganization), "Create an organization"};
  new_org.request_schema = documents::BodySchema(OrganizationBody(), false);
  new_org.success_status = 201;
  new_org.response_schema = documents::EnvelopeSchema(kOrganizationSchema);
  http::RouteOptions members{true, true, std::string(kAdminMembers), "Add a member or change a member's role"};
  members.request_schema = documents::BodySchema(MemberBody(), false);
  members.success_status = 201;
  http::RouteOptions remove_member{false, true, std::string(kAdminMembers), "Remove a member"};
  http::RouteOptions users{true, true, std::string(kAdminMembers), "Create a user in this organization"};
  users.request_schema = documents::BodySchema(UserBody(), false);
  users.success_status = 201;
  http::RouteOptions organizations{false, true, "", "The caller's organizations and role in each"};
  organizations.response_schema = documents::EnvelopeSchema(kOrganizationSchema, true);
  http::RouteOptions plain{false, true, "", ""};
  http::RouteOptions json{true, true, "", "Select the organization this login token acts in (seed 003)"};
  json.request_schema = documents::BodySchema(SelectOrgBody(), false);

  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("POST", prefix + "/organizations", [&](RequestContext& c) -> Task<Result<Response>> {
      auto body = schema::ValidateObject(OrganizationBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      std::string name = body->Text(0), environment = body->Text(1);
      auto org = co_await identity.CreateOrganization(name, environment);
      if (!org) co_return Fail(org.error());
      if (auto m = co_await identity.AddMember(*org, c.identity->user_id, Role::kOwner); !m) co_return Fail(m.error());
      co_await auth.ForgetCachedTokens();  // memberships changed
      JsonWriter w;
      w.StartObject().Key("id").Int(*org).Key("name").String(name).Key("environment").String(environment);
      w.Key("role").String("owner").EndObject();
      co_return http::Success(201, w.View());
    }, new_org);

    router.Add("GET", prefix + "/organizations", [&](RequestContext& c) -> Task<Result<Response>> {
      auto orgs = co_await identity.Organizations(c.identity->user_id);
      if (!orgs) co_return Fail(orgs.error());
      JsonWriter w;
      w.StartArray();
      for (const auto& o : *orgs)
        w.StartObject().Key("id").Int(o.id).Key("name").String(o.name).Key("environment").String(o.environment)
            .Key("role").String(http::RoleName(o.role)).EndObject();
      w.EndArray();
      co_return http::Success(200, w.View());
    }, organizations);

    router.Add("POST", prefix + "/organizations/{id}/members", [&](RequestContext& c) -> Task<Result<Response>> {
      auto org = http::PathOrganization(c);
      if (!org) co_return Fail(org.error());
      if (!IsAdmin(c.identity->role)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins add members");
      auto body = schema::ValidateObject(MemberBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      auto user = co_await identity.FindUserByEmail(body->Text(0));
      if (!user) co_return Fail(user.error());
      if (!*user) {
        Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
        e.fields["email"].push_back("belongs to no user");
        co_return Fail(std::move(e));
      }
      Role new_role = IdentityRepository::ParseRole(body->Text(1)).value_or(Role::kViewer);
      if (auto m = co_await identity.ChangeMember(*org, (*user)->id, new_role, c.identity->role); !m)
        co_return Fail(m.error());
      co_await auth.ForgetCachedTokens();
      JsonWriter w;
      w.StartObject().Key("organization_id").Int(*org).Key("user_id").Int((*user)->id);
      w.Key("email").String((*user)->email).Key("role").String(http::RoleName(new_role)).EndObject();
      co_return http::Success(201, w.View());
    }, members);

    router.Add("DELETE", prefix + "/organizations/{id}/members/{user_id}", [&](RequestContext& c) -> Task<Result<Response>> {
      auto org = http::PathOrganization(c);
      if (!org) co_return Fail(org.error());
      if (!IsAdmin(c.identity->role)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins remove members");
      auto user = http::PathId(c.params[1], "user");
      if (!user) co_return Fail(ErrorCode::kNotFound, "No member '" + std::string(c.params[1]) + "'");
      if (auto m = co_await identity.ChangeMember(*org, *user, std::nullopt, c.identity->role); !m)
        co_return Fail(m.error());
      co_await auth.ForgetCachedTokens();
      co_return http::Success(200, "{\"organization_id\":" + std::to_string(*org) + ",\"user_id\":" +
                                       std::to_string(*user) + ",\"removed\":true}");
    }, remove_member);

    router.Add("POST", prefix + "/users", [&](RequestContext& c) -> Task<Result<Response>> {
      if (!IsAdmin(c.identity->role)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins create users");
      auto body = schema::ValidateObject(UserBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      Role role = IdentityRepository::ParseRole(body->Text(3)).value_or(Role::kMember);
      if (role == Role::kOwner && c.identity->role != Role::kOwner)
        co_return Fail(ErrorCode::kForbidden, "Only owners make owners");
      std::string password = body->Text(2);
      std::string hash = co_await RunOnPool<std::string>(pool, [&password] { return HashPassword(password); });
      auto user = co_await identity.CreateUser(body->Text(0), body->Text(1), std::move(hash));
      if (!user) co_return Fail(user.error());
      if (auto m = co_await identity.AddMember(c.org_id, *user, role); !m) co_return Fail(m.error());
      JsonWriter w;
      w.StartObject().Key("id").Int(*user).Key("username").String(body->Text(0)).Key("email").String(body->Text(1));
      w.Key("organization_id").Int(c.org_id).Key("role").String(http::RoleName(role)).EndObject();
      co_return http::Success(201, w.View());
    }, users);
  }

  // Seed 003: list the caller's organisations, then pick the current one.
  router.Add("GET", "/organisations", [&](RequestContext& c) -> Task<Result<Response>> {
    auto orgs = co_await identity.Organizations(c.identity->user_id);
    if (!orgs) co_return Fail(orgs.error());
    JsonWriter w;
    w.StartObject().Key("organisations").StartArray();
    for (const auto& o : *orgs) w.StartObject().Key("id").Int(o.id).Key("name").String(o.name).EndObject();
    w.EndArray().EndObject();
    co_return Raw(200, w.Take());
  }, plain);
  router.Add("POST", "/organisations/set_current_org", [&](RequestContext& c) -> Task<Result<Response>> {
    if (!c.identity->MaySwitchOrganization())
      co_return Fail(ErrorCode::kForbidden, "This token belongs to organization " + std::to_string(c.org_id) +
                                                "; only a user's own login token selects organizations");
    auto body = schema::ValidateObject(SelectOrgBody(), c.request.body, schema::Mode::kCreate);
    if (!body) co_return Fail(body.error());
    int64_t org = std::get<int64_t>(body->values[0]);
    auto role = co_await identity.RoleIn(c.identity->user_id, org);
    if (!role) co_return Fail(role.error());
    if (!*role) co_return Fail(ErrorCode::kNotFound, "No organization " + std::to_string(org) + " among yours");
    if (auto set = co_await auth.SetCurrentOrganization(*c.identity, org); !set) co_return Fail(set.error());
    co_return Raw(200, R"({"Status":"Updated"})");
  }, json);
}

}  // namespace supplyhub::features
