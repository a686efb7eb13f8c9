#include "documents/json_schema.h"
#include "features/oauth/oauth_handlers.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "core/json_limits.h"
#include "core/json_writer.h"
#include "features/oauth/oauth_form.h"
#include "features/identity/scopes.h"
#include "features/oauth/authorize_pages.h"
#include "http/envelope.h"
#include "http/query_string.h"
#include "schema/resource.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;

const std::vector<std::string> kGrants = {"authorization_code", "refresh_token", "client_credentials", "password"};

// The OAuth wire format (RFC 6749 §5): no envelope, no caching.
Response OAuthJson(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.AddHeader("Cache-Control", "no-store");
  r.AddHeader("Pragma", "no-cache");
  return r;
}

Response OAuthFailure(const OAuthError& e) {
  JsonWriter w;
  w.StartObject().Key("error").String(e.error).Key("error_description").String(e.description).EndObject();
  Response r = OAuthJson(e.status, w.Take());
  if (e.status == 401) r.AddHeader("WWW-Authenticate", "Basic realm=\"supplyhub\"");
  return r;
}

std::optional<Form> ReadForm(const http::Request& request) {
  return ParseOAuthForm(request.Header("Content-Type"), request.body);
}

// The body ParseClient takes.
constexpr const char* kClientBodySchema =
    R"({"type":"object","properties":{"name":{"type":"string"},"company":{"type":"string"},)"
    R"("purpose":{"type":"string"},"refresh_policy":{"enum":["stable","rotate"]},)"
    R"("redirect_uris":{"type":"array","items":{"type":"string","format":"uri"}},)"
    R"("scopes":{"type":"array","items":{"type":"string"}},"grant_types":{"type":"array","items":{"enum":)"
    R"(["authorization_code","refresh_token","client_credentials","password"]}},)"
    R"("token_endpoint_auth_method":{"enum":["none","client_secret_basic","client_secret_post"]},)"
    R"("access_token_ttl":{"type":"integer","minimum":60,"maximum":31536000}},"required":["name","grant_types","scopes"],)"
    R"("additionalProperties":false,"examples":[{"name":"Dropship sync","redirect_uris":)"
    R"(["https://partner.example/callback"],"grant_types":["authorization_code","refresh_token"],)"
    R"("scopes":["read:parts","offline_access"]}]})";

Result<OAuthClient> ParseClient(std::string_view body) {
  auto parsed = ParseUntrustedJson(body);
  if (!parsed) return Fail(parsed.error());
  nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON object");
  OAuthClient c;
  FieldErrors fields;
  auto strings = [&](const std::string& key, std::vector<std::string>& out) {
    const auto& v = doc[key];
    if (!v.is_array()) return fields[key].push_back("must be an array of strings");
    for (const auto& item : v) {
      if (!item.is_string()) return fields[key].push_back("must be an array of strings");
      out.push_back(item.get<std::string>());
    }
  };
  for (const auto& [key, value] : doc.items()) {
    if (key == "name" || key == "company" || key == "purpose" || key == "refresh_policy") {
      if (!value.is_string()) { fields[key].push_back("must be a string"); continue; }
      std::string v = value.get<std::string>();
      if (key == "name") c.name = v;
      else if (key == "company") c.company = v;
      else if (key == "purpose") c.purpose = v;
      else c.refresh_policy = v;
    } else if (key == "redirect_uris") {
      strings(key, c.redirect_uris);
    } else if (key == "scopes") {
      strings(key, c.scopes);
    } else if (key == "grant_types") {
      strings(key, c.grant_types);
    } else if (key == "token_endpoint_auth_method") {
      if (value == "none") c.secret_hash = "public";  // a public client: PKCE, no secret
      else if (value != "client_secret_basic" && value != "client_secret_post")
        fields[key].push_back("must be none, client_secret_basic or client_secret_post");
    } else if (key == "access_token_ttl") {
      if (!value.is_number_integer() || value.get<int64_t>() < 60 || value.get<int64_t>() > 31536000)
        fields[key].push_back("must be whole seconds from 60 to 31536000");
      else c.access_token_ttl = value.get<int64_t>();
    } else {
      fields[key].push_back("is not a field of an OAuth client");
    }
  }
  if (auto checked = CheckClient(c); !checked)
    for (auto& [field, messages] : checked.error().fields)
      if (!fields.count(field)) fields[field] = std::move(messages);
  if (!fields.empty()) {
    Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
    e.fields = std::move(fields);
    return Fail(std::move(e));
  }
  return c;
}

void WriteStrings(JsonWriter& w, const std::vector<std::string>& v) {
  w.StartArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

Response Html(int status, std::string page) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(page);
  r.AddHeader("Cache-Control", "no-store");
  r.AddHeader("X-Frame-Options", "DENY");  // no clickjacking of the consent button
  r.AddHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  return r;
}

// 302 to the client's redirect URI with parameters added to its query.
Response Redirect(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string location = uri;
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    location += sep + k + "=" + http::PercentEncode(v);
    sep = '&';
  }
  Response r;
  r.status = 302;
  r.content_type = "text/plain";
  r.AddHeader("Location", location);
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

Response ErrorRedirect(const Form& params, const AuthorizeError& e) {
  auto state = params.find("state");
  return Redirect(e.redirect_uri,
                  {{"error", e.error}, {"error_description", e.description},
                   {"state", state == params.end() ? std::string() : state->second}});
}

}  // namespace

void AddOAuthRoutes(http::Router& router, storage::Database& db, OAuthService& oauth) {
  http::RouteOptions json{true, true, std::string(kAdminClients), "Register a partner app", /*no_store=*/true};
  json.request_schema = kClientBodySchema;
  json.success_status = 201;
  http::RouteOptions open{false, false, "", ""};
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("POST", prefix + "/oauth/clients", [&](RequestContext& c) -> Task<Result<Response>> {
      if (c.identity->role != http::Role::kOwner && c.identity->role != http::Role::kAdmin)
        co_return Fail(ErrorCode::kForbidden, "Only owners and admins register partner apps");
      auto client = ParseClient(c.request.body);
      if (!client) co_return Fail(client.error());
      // A partner app gets at most what the token registering it holds.
      std::vector<std::string> wanted;
      for (const auto& s : client->scopes)
        if (s != "offline_access") wanted.push_back(s);
      if (std::string beyond = ScopeBeyond(c.identity->scopes, wanted); !beyond.empty())
        co_return Fail(ErrorCode::kForbidden, "A token cannot register an app stronger than itself: this one does "
                                              "not hold " + beyond);
      auto made = co_await RegisterClient(db, c.org_id, c.identity->user_id, std::move(*client));
      if (!made) co_return Fail(made.error());
      const OAuthClient& m = made->first;
      JsonWriter w;
      w.StartObject().Key("client_id").String(m.client_id);
      if (!m.is_public()) w.Key("client_secret").String(made->second);
      w.Key("token_endpoint_auth_method").String(m.is_public() ? "none" : "client_secret_basic");
      w.Key("name").String(m.name).Key("company").String(m.company).Key("purpose").String(m.purpose);
      WriteStrings(w.Key("redirect_uris"), m.redirect_uris);
      WriteStrings(w.Key("scopes"), m.scopes);
      WriteStrings(w.Key("grant_types"), m.grant_types);
      w.Key("refresh_policy").String(m.refresh_policy).Key("access_token_ttl").Int(m.access_token_ttl).EndObject();
      co_return http::Success(201, w.View());
    }, json);
  }

  router.Add("GET", "/oauth/authorize", [&](RequestContext& c) -> Task<Result<Response>> {
    auto query = http::ParseQuery(c.request.query);
    if (!query) co_return Html(400, ErrorPage(query.error().message));
    Form params(query->begin(), query->end());
    auto req = co_await oauth.CheckAuthorize(params);
    if (!req) co_return req.error().redirect ? ErrorRedirect(params, req.error()) : Html(400, ErrorPage(req.error().description));
    co_return Html(200, LoginPage(*req, params, ""));
  }, open);
  router.Add("POST", "/oauth/authorize", [&](RequestContext& c) -> Task<Result<Response>> {
    auto form = ReadForm(c.request);
    if (!form) co_return Html(400, ErrorPage("Send the form of the login page"));
    auto req = co_await oauth.CheckAuthorize(*form);
    if (!req) co_return req.error().redirect ? ErrorRedirect(*form, req.error()) : Html(400, ErrorPage(req.error().description));
    auto decision = form->find("decision");
    if (decision == form->end()) {  // the login form
      auto ticket = co_await oauth.LogIn((*form)["username"], (*form)["password"], std::string(c.request.peer));
      if (!ticket) {
        int status = ticket.error().code == ErrorCode::kRateLimited ? 429 : 401;
        co_return Html(status, LoginPage(*req, *form, ticket.error().message));
      }
      co_return Html(200, ConsentPage(*req, *form, *ticket));
    }
    int64_t user = co_await oauth.RedeemTicket((*form)["login_ticket"]);
    if (!user) co_return Html(401, LoginPage(*req, *form, "Your login expired; log in again"));
    if (decision->second != "approve")
      co_return ErrorRedirect(*form, AuthorizeError{true, req->redirect_uri, "access_denied", "The user denied the request"});
    auto code = co_await oauth.CreateCode(*req, user);
    if (!code) co_return Html(403, ErrorPage(code.error().message));
    co_return Redirect(req->redirect_uri, {{"code", *code}, {"state", req->state}});
  }, open);

  router.Add("POST", "/oauth/token", [&](RequestContext& c) -> Task<Result<Response>> {
    auto form = ReadForm(c.request);
    if (!form) co_return OAuthFailure({400, "invalid_request", "Send a form-encoded or JSON body"});
    auto token = co_await oauth.Token(std::move(*form), std::string(c.request.Header("Authorization")),
                                      std::string(c.request.peer));
    if (!token) co_return OAuthFailure(token.error());
    co_return OAuthJson(200, std::move(*token));
  }, open);
  router.Add("POST", "/oauth/revoke", [&](RequestContext& c) -> Task<Result<Response>> {
    auto form = ReadForm(c.request);
    if (!form) co_return OAuthFailure({400, "invalid_request", "Send a form-encoded or JSON body"});
    auto done = co_await oauth.Revoke(std::move(*form), std::string(c.request.Header("Authorization")));
    if (!done) co_return OAuthFailure(done.error());
    co_return OAuthJson(200, "{}");
  }, open);
  router.Add("POST", "/oauth/introspect", [&](RequestContext& c) -> Task<Result<Response>> {
    auto form = ReadForm(c.request);
    if (!form) co_return OAuthFailure({400, "invalid_request", "Send a form-encoded or JSON body"});
    auto info = co_await oauth.Introspect(std::move(*form), std::string(c.request.Header("Authorization")));
    if (!info) co_return OAuthFailure(info.error());
    co_return OAuthJson(200, std::move(*info));
  }, open);
  router.Add("GET", "/.well-known/oauth-authorization-server", [](RequestContext& c) -> Task<Result<Response>> {
    std::string issuer = c.request.Origin();
    JsonWriter w;
    w.StartObject().Key("issuer").String(issuer);
    w.Key("token_endpoint").String(issuer + "/oauth/token");
    w.Key("revocation_endpoint").String(issuer + "/oauth/revoke");
    w.Key("introspection_endpoint").String(issuer + "/oauth/introspect");
    w.Key("authorization_endpoint").String(issuer + "/oauth/authorize");
    WriteStrings(w.Key("grant_types_supported"), kGrants);
    WriteStrings(w.Key("response_types_supported"), {"code"});
    WriteStrings(w.Key("code_challenge_methods_supported"), {"S256"});
    WriteStrings(w.Key("token_endpoint_auth_methods_supported"), {"client_secret_basic", "client_secret_post", "none"});
    std::vector<std::string> scopes = {"offline_access"};
    for (const auto* r : schema::AllResources()) {
      scopes.push_back("read:" + r->name);
      scopes.push_back("write:" + r->name);
    }
    WriteStrings(w.Key("scopes_supported"), scopes);
    w.EndObject();
    Response r;
    r.body = w.Take();
    co_return r;
  }, open);
}

}  // namespace supplyhub::features
