#pragma once
// The SQL of the event log as GET /v1/events reads it: one organization's
// events (never the test events sent to one endpoint), filtered, in sequence
// order. Every statement starts with org_id = $1.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "core/task.h"
#include "storage/database.h"

namespace supplyhub::features {

struct EventFilter {
  std::vector<std::string> types;     // exact types and "part.*" prefixes; empty or "*": any
  std::string resource;               // "": any
  int64_t resource_id = 0;            // 0: any
  std::optional<int64_t> since;       // unix seconds
  // The resources the caller may read (event_scope.h); nullopt: every one.
  std::optional<std::vector<std::string>> readable;
};

struct EventRows {
  int64_t rows = 0;      // read, up to `limit`
  int64_t last_seq = 0;  // of the last one written
};

// Events after sequence `after`, at most `limit` read and `write_at_most` written to `out`.
Task<Result<EventRows>> ListEvents(storage::Transaction& tx, int64_t org, const EventFilter& filter, int64_t after,
                                   int64_t limit, int64_t write_at_most, JsonWriter& out);
// False: no event `id` in `org` that the list would show (`readable` applies;
// an endpoint's own test events are not in the log).
Task<Result<bool>> GetEvent(storage::Transaction& tx, int64_t org, int64_t id,
                            const std::optional<std::vector<std::string>>& readable, JsonWriter& out);

}  // namespace supplyhub::features
