#include "features/identity/api_token_repository.h"

namespace supplyhub::features {
namespace {

using storage::Row;
using storage::Value;

constexpr const char* kColumns = "id, name, description, scopes, expires_at, integration_id, created_at";

// "scope": "full" or {"custom": [...]}, as it was given.
void WriteScope(JsonWriter& w, std::string_view stored) {
  if (stored == "*") {
    w.String("full");
    return;
  }
  w.StartObject().Key("custom").StartArray();
  size_t i = 0;
  while (i < stored.size()) {
    size_t end = stored.find(' ', i);
    if (end == std::string_view::npos) end = stored.size();
    w.String(stored.substr(i, end - i));
    i = end + 1;
  }
  w.EndArray().EndObject();
}

void WriteTokenRow(JsonWriter& w, const Row& row) {
  w.StartObject().Key("id").Int(row.Int(0)).Key("name").String(row.Text(1));
  w.Key("description").String(row.Text(2)).Key("scope");
  WriteScope(w, row.Text(3));
  w.Key("expires_at").OptionalInt(!row.IsNull(4), row.IsNull(4) ? 0 : row.Int(4));
  w.Key("integration_id").OptionalInt(!row.IsNull(5), row.IsNull(5) ? 0 : row.Int(5));
  w.Key("created_at").String(row.Text(6)).EndObject();
}

}  // namespace

Task<Result<void>> InsertApiToken(storage::Transaction& tx, const NewApiToken& t, JsonWriter& row_json) {
  Value p[] = {Value{t.hash}, Value{t.user}, Value{t.org}, Value{t.scopes}, Value{t.family},
               t.expires_at ? Value{t.expires_at} : Value{}, Value{t.created_at}, Value{t.name}, Value{t.description},
               t.integration_id ? Value{t.integration_id} : Value{}};
  auto r = co_await tx.Execute(
      std::string("INSERT INTO tokens (hash, kind, user_id, org_id, scopes, family, expires_at, created_at, name, "
                  "description, integration_id) VALUES ($1, 'at', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ") +
          kColumns,
      p, [&](const Row& row) { WriteTokenRow(row_json, row); });
  if (!r) co_return Fail(r.error());
  co_return Result<void>{};
}

Task<Result<void>> ListApiTokens(storage::Transaction& tx, int64_t org, int64_t now, JsonWriter& out) {
  Value p[] = {Value{org}, Value{now}};
  auto r = co_await tx.Execute(std::string("SELECT ") + kColumns +
                                   " FROM tokens WHERE org_id = $1 AND kind = 'at' AND revoked = 0 "
                                   "AND (expires_at IS NULL OR expires_at > $2) ORDER BY id",
                               p, [&](const Row& row) { WriteTokenRow(out, row); });
  if (!r) co_return Fail(r.error());
  co_return Result<void>{};
}

Task<Result<bool>> RevokeApiToken(storage::Transaction& tx, int64_t org, int64_t id) {
  Value p[] = {Value{org}, Value{id}};
  auto r = co_await tx.Execute("UPDATE tokens SET revoked = 1 WHERE org_id = $1 AND id = $2 AND kind = 'at' "
                               "AND revoked = 0", p);
  if (!r) co_return Fail(r.error());
  co_return *r > 0;
}

}  // namespace supplyhub::features
