#pragma once
// The `webhooks.purge` background job: removes deleted webhook endpoints
// (webhook_service.h marks them) with their messages, attempts and secrets,
// in batches of kPurgeBatch rows, one write transaction of a few
// milliseconds each, followed by a pause kPurgePause times as long as the
// batch took: the writer (SQLite's one writer above all) serves other
// requests between them and the purge takes at most a quarter of it. Queued by each delete and hourly; a
// job that dies is claimed again (job_queue.h) and goes on where it stopped.
#include <string_view>

#include "storage/database.h"

namespace supplyhub::features {

inline constexpr std::string_view kPurgeJob = "webhooks.purge";
inline constexpr int64_t kPurgeBatch = 250;
inline constexpr int kPurgePause = 3;

Task<Result<void>> PurgeDeletedEndpoints(storage::Database& db);

}  // namespace supplyhub::features
