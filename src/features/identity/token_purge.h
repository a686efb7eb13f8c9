#pragma once
// The `tokens.purge` background job: removes tokens and authorization codes
// that expired more than a day ago (kept that long so a late refresh or code
// reuse is still recognised and refused as such).
#include "storage/database.h"

namespace supplyhub::features {

Task<Result<void>> PurgeExpiredTokens(storage::Database& db);

}  // namespace supplyhub::features
