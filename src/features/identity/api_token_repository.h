#pragma once
// The SQL of API tokens (rows of `tokens` of kind 'at'): stored by hash,
// listed and revoked within one organization, and written as JSON.
#include <cstdint>
#include <string>

#include "core/json_writer.h"
#include "core/task.h"
#include "storage/database.h"

namespace supplyhub::features {

struct NewApiToken {
  std::string hash;         // of the token; the token itself is never stored
  int64_t user = 0, org = 0, family = 0;
  std::string scopes;       // space-separated; "*" for full access
  int64_t expires_at = 0;   // unix seconds; 0: never
  std::string created_at, name, description;
  int64_t integration_id = 0;  // 0: none
};

// Stores `t`; `row_json` receives the stored row.
Task<Result<void>> InsertApiToken(storage::Transaction& tx, const NewApiToken& t, JsonWriter& row_json);
// The organization's live API tokens (not revoked, not expired at `now`), oldest first, as a JSON array's items.
Task<Result<void>> ListApiTokens(storage::Transaction& tx, int64_t org, int64_t now, JsonWriter& out);
// False: no live API token `id` in `org`.
Task<Result<bool>> RevokeApiToken(storage::Transaction& tx, int64_t org, int64_t id);

}  // namespace supplyhub::features
