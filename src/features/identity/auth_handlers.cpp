#include "documents/json_schema.h"
#include "features/identity/auth_handlers.h"

#include "core/json_writer.h"
#include "http/envelope.h"
#include "schema/validate.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using schema::Field;

// Request bodies declared like resources, so they are validated the same way.
const schema::Resource& LoginBody() {
  static const schema::Resource r{"login", "login request", "", {
      Field::String("username").Required().Describe("username or email"),
      Field::String("password").Required().MaxLength(1024).Describe("the password or its SHA-512 hex"),
  }, false};
  return r;
}

const schema::Resource& RefreshBody() {
  static const schema::Resource r{"refresh", "refresh request", "", {Field::String("refreshToken").Required()}, false};
  return r;
}

Response PairResponse(const TokenPair& p) {
  JsonWriter w;
  w.StartObject().Key("token").String(p.token).Key("refreshToken").String(p.refresh_token);
  w.Key("expiresIn").Int(p.expires_in).Key("username").String(p.username).Key("orgName").String(p.org_name);
  w.EndObject();
  return http::Success(200, w.View());
}

constexpr std::string_view kTokenPairSchema = R"({"type":"object","properties":{"token":{"type":"string"},)"
    R"("refreshToken":{"type":"string"},"expiresIn":{"type":"integer"},"username":{"type":"string"},)"
    R"("orgName":{"type":"string"}},"required":["token","refreshToken","expiresIn"]})";

}  // namespace

void AddAuthRoutes(http::Router& router, AuthService& auth) {
  http::RouteOptions login{true, false, "", "Log in", /*no_store=*/true};
  login.request_schema = documents::BodySchema(LoginBody(), false);
  login.response_schema = documents::EnvelopeSchema(kTokenPairSchema);
  http::RouteOptions refresh = login;
  refresh.summary = "A new token pair for a refresh token (the old pair ends)";
  refresh.request_schema = documents::BodySchema(RefreshBody(), false);
  http::RouteOptions authenticated{false, true, "", "Log out"};
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("POST", prefix + "/auth/login", [&auth](RequestContext& c) -> Task<Result<Response>> {
      auto body = schema::ValidateObject(LoginBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      auto pair = co_await auth.Login(body->Text(0), body->Text(1), std::string(c.request.peer));
      if (!pair) co_return Fail(pair.error());
      co_return PairResponse(*pair);
    }, login);
    router.Add("POST", prefix + "/auth/refresh", [&auth](RequestContext& c) -> Task<Result<Response>> {
      auto body = schema::ValidateObject(RefreshBody(), c.request.body, schema::Mode::kCreate);
      if (!body) co_return Fail(body.error());
      auto pair = co_await auth.Refresh(body->Text(0));
      if (!pair) co_return Fail(pair.error());
      co_return PairResponse(*pair);
    }, refresh);
    router.Add("POST", prefix + "/auth/logout", [&auth](RequestContext& c) -> Task<Result<Response>> {
      auto done = co_await auth.Logout(*c.identity);
      if (!done) co_return Fail(done.error());
      co_return http::Success(200, R"({"loggedOut":true})");
    }, authenticated);
  }
}

}  // namespace supplyhub::features
