#include "features/webhooks/endpoint_purge.h"

#include <chrono>
#include <thread>

#include "core/log.h"
#include "features/webhooks/webhook_repository.h"

namespace supplyhub::features {

Task<Result<void>> PurgeDeletedEndpoints(storage::Database& db) {
  WebhookRepository repo(db.dialect());
  int64_t purged = 0;
  for (;;) {
    std::vector<std::pair<int64_t, int64_t>> deleted;
    auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
      auto found = co_await repo.Deleted(tx, 100);
      if (!found) co_return Fail(found.error());
      deleted = std::move(*found);
      co_return Result<void>{};
    });
    if (!read) co_return Fail(read.error());
    if (deleted.empty()) break;
    for (const auto& [org, id] : deleted) {
      for (bool gone = false; !gone;) {
        const auto start = std::chrono::steady_clock::now();
        auto wrote = co_await db.Write([&, org = org, id = id](storage::Transaction& tx) -> Task<Result<void>> {
          auto done = co_await repo.PurgeSome(tx, org, id, kPurgeBatch);
          if (!done) co_return Fail(done.error());
          gone = *done;
          co_return Result<void>{};
        });
        if (!wrote) co_return Fail(wrote.error());
        // Three times as long for everyone else: the purge takes at most a
        // quarter of the writer (and of a core), however long the history.
        // (The job thread is this loop's own; nothing else waits on it.)
        if (!gone) std::this_thread::sleep_for(kPurgePause * (std::chrono::steady_clock::now() - start));
      }
      ++purged;
    }
  }
  if (purged) log::Info("deleted webhook endpoints purged", {{"endpoints", std::to_string(purged)}});
  co_return Result<void>{};
}

}  // namespace supplyhub::features
