#include "documents/json_schema.h"
#include "features/identity/api_tokens.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_limits.h"
#include "core/json_writer.h"
#include "features/identity/api_token_repository.h"
#include "features/identity/scopes.h"
#include "http/envelope.h"
#include "schema/resource.h"
#include "http/path_id.h"

namespace supplyhub::features {
namespace {

using http::RequestContext;
using http::Response;
using storage::Transaction;

// Seconds until purge, or 0 for never; -1 when the value is not one we offer.
int64_t PurgeSeconds(const std::string& v) {
  static const std::pair<const char*, int64_t> kChoices[] = {
      {"1h", 3600}, {"4h", 4 * 3600}, {"1d", 86400}, {"4d", 4 * 86400}, {"10d", 10 * 86400}, {"30d", 30 * 86400},
      {"never", 0}};
  for (const auto& [name, seconds] : kChoices)
    if (v == name) return seconds;
  return -1;
}

// The body is parsed without exceptions: a discarded document is malformed JSON.
Result<ApiTokenSpec> ParseApiTokenSpec(std::string_view body) {
  auto parsed = ParseUntrustedJson(body);
  if (!parsed) return Fail(parsed.error());
  nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Fail(ErrorCode::kBadRequest, "Request body must be a JSON object");
  ApiTokenSpec t;
  FieldErrors fields;
  for (const auto& [key, value] : doc.items()) {
    if (key == "name" && value.is_string()) t.name = value.get<std::string>();
    else if (key == "description" && (value.is_string() || value.is_null())) t.description = value.is_string() ? value.get<std::string>() : "";
    else if (key == "auto_purge" && value.is_string()) t.auto_purge = value.get<std::string>();
    else if (key == "integration_id" && (value.is_number_unsigned() || value.is_null())) t.integration_id = value.is_null() ? 0 : value.get<int64_t>();
    else if (key == "scope" && value == "full") t.scopes = {"*"};
    else if (key == "scope" && value.is_object() && value.size() == 1 && value.contains("custom") && value["custom"].is_array()) {
      for (const auto& s : value["custom"]) {
        if (s.is_string() && IsKnownScope(s.get<std::string>(), ScopeHolder::kApiToken)) t.scopes.push_back(s.get<std::string>());
        else fields["scope"].push_back("unknown scope " + s.dump() + " (use read:<resource>, write:<resource> or admin:<area>)");
      }
      if (t.scopes.empty() && !fields.count("scope")) fields["scope"].push_back("custom needs at least one scope");
    } else if (key == "name" || key == "description" || key == "auto_purge" || key == "integration_id" || key == "scope") {
      fields[key].push_back(key == "scope" ? "must be \"full\" or {\"custom\": [scopes]}" : "has the wrong type");
    } else {
      fields[key].push_back("is not a field of an API token");
    }
  }
  if (t.name.empty() && !fields.count("name")) fields["name"].push_back("is required");
  if (t.name.size() > 255) fields["name"].push_back("must be at most 255 characters");
  if (t.scopes.empty() && !fields.count("scope")) fields["scope"].push_back("is required");
  if (PurgeSeconds(t.auto_purge) < 0 && !fields.count("auto_purge"))
    fields["auto_purge"].push_back("must be one of: 1h 4h 1d 4d 10d 30d never");
  if (!fields.empty()) {
    Error e = Error::Of(ErrorCode::kValidation, "The request has invalid fields");
    e.fields = std::move(fields);
    return Fail(std::move(e));
  }
  return t;
}

// The body ParseApiTokenSpec takes, and the tokens answered (api_token_repository.h).
constexpr const char* kTokenBodySchema =
    R"({"type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":255},)"
    R"("description":{"type":["string","null"]},"auto_purge":{"enum":["1h","4h","1d","4d","10d","30d","never"]},)"
    R"("integration_id":{"type":["integer","null"],"minimum":0},"scope":{"oneOf":[{"const":"full"},)"
    R"({"type":"object","properties":{"custom":{"type":"array","minItems":1,"items":{"type":"string"}}},)"
    R"("required":["custom"],"additionalProperties":false}]}},"required":["name","scope"],)"
    R"("additionalProperties":false,"examples":[{"name":"ERP sync","scope":{"custom":["read:parts"]},)"
    R"("auto_purge":"30d"}]})";
#define SUPPLYHUB_TOKEN_PROPERTIES                                                                              \
  R"("id":{"type":"integer"},"name":{"type":"string"},"description":{"type":"string"},"scope":{"oneOf":[)"      \
  R"({"const":"full"},{"type":"object","properties":{"custom":{"type":"array","items":{"type":"string"}}}}]},)" \
  R"("expires_at":{"type":["integer","null"]},"integration_id":{"type":["integer","null"]},)"                   \
  R"("created_at":{"type":"string"})"
constexpr const char* kTokenSchema = R"({"type":"object","properties":{)" SUPPLYHUB_TOKEN_PROPERTIES R"(}})";
constexpr const char* kNewTokenSchema = R"({"type":"object","properties":{)" SUPPLYHUB_TOKEN_PROPERTIES
    R"(,"auto_purge":{"type":"string"},"token":{"type":"string"}},"required":["id","token"]})";
#undef SUPPLYHUB_TOKEN_PROPERTIES

bool IsAdmin(const http::Identity& who) { return who.role == http::Role::kOwner || who.role == http::Role::kAdmin; }

}  // namespace

Result<void> CheckApiTokenSpec(const ApiTokenSpec& spec) {
  FieldErrors fields;
  if (spec.name.empty()) fields["name"].push_back("is required");
  if (spec.scopes.empty()) fields["scope"].push_back("is required");
  for (const auto& s : spec.scopes)
    if (s != "*" && !IsKnownScope(s, ScopeHolder::kApiToken)) fields["scope"].push_back("unknown scope " + s);
  if (PurgeSeconds(spec.auto_purge) < 0) fields["auto_purge"].push_back("must be one of: 1h 4h 1d 4d 10d 30d never");
  if (fields.empty()) return {};
  Error e = Error::Of(ErrorCode::kValidation, "Invalid API token settings");
  e.fields = std::move(fields);
  return Fail(std::move(e));
}

Task<Result<std::string>> CreateApiToken(storage::Database& db, const std::string& region, int64_t user, int64_t org,
                                         const ApiTokenSpec& spec, JsonWriter& row_json) {
  std::string token = MakeToken(region, TokenKind::kApi);
  int64_t purge = PurgeSeconds(spec.auto_purge);
  NewApiToken row{HashToken(token), user, org, RandomPositiveInt64(), JoinScopes(spec.scopes),
                  purge ? NowUnixSeconds() + purge : 0, NowRfc3339(), spec.name, spec.description, spec.integration_id};
  auto wrote = co_await db.Write([&](Transaction& tx) { return InsertApiToken(tx, row, row_json); });
  if (!wrote) co_return Fail(wrote.error());
  co_return token;
}

void AddApiTokenRoutes(http::Router& router, storage::Database& db, AuthService& auth) {
  http::RouteOptions json{true, true, std::string(kAdminTokens), "Create an API token (shown once)", true};
  json.request_schema = kTokenBodySchema;
  json.response_schema = documents::EnvelopeSchema(kNewTokenSchema);
  json.success_status = 201;
  http::RouteOptions list{false, true, std::string(kAdminTokens), "This organization's live API tokens"};
  list.response_schema = documents::EnvelopeSchema(kTokenSchema, true);
  http::RouteOptions revoke{false, true, std::string(kAdminTokens), "Revoke an API token"};
  revoke.response_schema = documents::EnvelopeSchema(
      R"({"type":"object","properties":{"id":{"type":"integer"},"revoked":{"const":true}},"required":["id","revoked"]})");
  http::RouteOptions self{false, true, "", "What this token is and may do"};
  self.response_schema = R"({"type":"object","properties":{"_userId":{"type":"string"},)"
                         R"("_organizationId":{"type":"string"},"scope":{"oneOf":[{"const":"*"},{"type":"array",)"
                         R"("items":{"type":"string"}}]},"role":{"type":"string"}},"required":["_userId","scope"]})";
  for (std::string prefix : {"/v1", "/api/v1"}) {
    router.Add("POST", prefix + "/tokens", [&](RequestContext& c) -> Task<Result<Response>> {
      if (!IsAdmin(*c.identity)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins create API tokens");
      auto spec = ParseApiTokenSpec(c.request.body);
      if (!spec) co_return Fail(spec.error());
      if (std::string beyond = ScopeBeyond(c.identity->scopes, spec->scopes); !beyond.empty())
        co_return Fail(ErrorCode::kForbidden, "A token cannot create a token stronger than itself: this one does not "
                                              "hold " + std::string(beyond == "*" ? "full access" : beyond));
      JsonWriter row_json;
      auto token = co_await CreateApiToken(db, auth.settings().region, c.identity->user_id, c.org_id, *spec, row_json);
      if (!token) co_return Fail(token.error());
      // The token itself is shown here once; only its hash is kept.
      std::string data(row_json.View());
      data.pop_back();
      data += ",\"auto_purge\":\"" + spec->auto_purge + "\",\"token\":\"" + *token + "\"}";
      co_return http::Success(201, data);
    }, json);

    router.Add("GET", prefix + "/tokens", [&](RequestContext& c) -> Task<Result<Response>> {
      if (!IsAdmin(*c.identity)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins list API tokens");
      JsonWriter w;
      w.StartArray();
      auto read = co_await db.Read([&](Transaction& tx) { return ListApiTokens(tx, c.org_id, NowUnixSeconds(), w); });
      if (!read) co_return Fail(read.error());
      w.EndArray();
      co_return http::Success(200, w.View());
    }, list);

    router.Add("DELETE", prefix + "/tokens/{id}", [&](RequestContext& c) -> Task<Result<Response>> {
      if (!IsAdmin(*c.identity)) co_return Fail(ErrorCode::kForbidden, "Only owners and admins revoke API tokens");
      auto parsed = http::PathId(c.params[0], "API token");
      if (!parsed) co_return Fail(parsed.error());
      int64_t id = *parsed;
      bool changed = false;
      auto wrote = co_await db.Write([&](Transaction& tx) -> Task<Result<void>> {
        auto revoked = co_await RevokeApiToken(tx, c.org_id, id);
        if (!revoked) co_return Fail(revoked.error());
        changed = *revoked;
        co_return Result<void>{};
      });
      if (!wrote) co_return Fail(wrote.error());
      if (!changed) co_return Fail(ErrorCode::kNotFound, "No API token with id " + std::to_string(id));
      co_await auth.ForgetCachedTokens();
      co_return http::Success(200, "{\"id\":" + std::to_string(id) + ",\"revoked\":true}");
    }, revoke);

    // Seed 004: who is this token, and what may it do.
    router.Add("GET", prefix + "/tokenInfo", [&](RequestContext& c) -> Task<Result<Response>> {
      JsonWriter w;
      w.StartObject().Key("_userId").String(std::to_string(c.identity->user_id));
      w.Key("_organizationId").String(std::to_string(c.org_id));
      w.Key("scope");
      if (c.identity->scopes.size() == 1 && c.identity->scopes[0] == "*") {
        w.String("*");
      } else {
        w.StartArray();
        for (const auto& s : c.identity->scopes) w.String(s);
        w.EndArray();
      }
      w.Key("role").String(http::RoleName(c.identity->role)).EndObject();
      Response r;
      r.body = w.Take();
      co_return r;
    }, self);
  }
}

}  // namespace supplyhub::features
