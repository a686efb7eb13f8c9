#include "features/events/event_repository.h"

#include <algorithm>

#include "features/events/event_json.h"
#include "storage/dialect.h"

namespace supplyhub::features {
namespace {

using storage::Value;

// " AND resource IN (…)" for the resources a caller may read, its values added to `args`.
std::string ReadableTerm(const std::optional<std::vector<std::string>>& readable, std::vector<Value>& args) {
  if (!readable) return {};
  if (readable->empty()) return " AND 1 = 0";
  std::string in;
  for (const auto& r : *readable) {
    args.emplace_back(r);
    in += (in.empty() ? "" : ", ") + storage::Placeholder(args.size());
  }
  return " AND resource IN (" + in + ")";
}

}  // namespace

Task<Result<EventRows>> ListEvents(storage::Transaction& tx, int64_t org, const EventFilter& filter, int64_t after,
                                   int64_t limit, int64_t write_at_most, JsonWriter& out) {
  std::vector<Value> args{Value{org}};
  auto next = [&args](Value v) {
    args.push_back(std::move(v));
    return storage::Placeholder(args.size());
  };
  std::string where;
  std::string any;
  const bool every_type = std::find(filter.types.begin(), filter.types.end(), "*") != filter.types.end();
  for (const auto& t : every_type ? std::vector<std::string>{} : filter.types) {
    std::string term = t.ends_with(".*")
                           ? "substr(type, 1, " + std::to_string(t.size() - 1) + ") = " + next(t.substr(0, t.size() - 1))
                           : "type = " + next(t);
    any += (any.empty() ? "" : " OR ") + term;
  }
  if (!any.empty()) where += " AND (" + any + ")";
  if (!filter.resource.empty()) where += " AND resource = " + next(filter.resource);
  if (filter.resource_id) where += " AND resource_id = " + next(filter.resource_id);
  if (filter.since) where += " AND created_unix >= " + next(*filter.since);
  where += ReadableTerm(filter.readable, args);
  std::string sql = std::string("SELECT ") + std::string(kEventColumns) +
                    " FROM events WHERE org_id = $1 AND endpoint_id IS NULL" + where + " AND seq > " + next(after) +
                    " ORDER BY seq LIMIT " + std::to_string(limit);
  EventRows got;
  auto ran = co_await tx.Execute(sql, args, [&](const storage::Row& row) {
    if (++got.rows > write_at_most) return;
    got.last_seq = row.Int(1);
    WriteEvent(row, out);
  });
  if (!ran) co_return Fail(ran.error());
  co_return got;
}

Task<Result<bool>> GetEvent(storage::Transaction& tx, int64_t org, int64_t id,
                            const std::optional<std::vector<std::string>>& readable, JsonWriter& out) {
  std::vector<Value> args{Value{org}, Value{id}};
  std::string readable_term = ReadableTerm(readable, args);
  bool found = false;
  auto ran = co_await tx.Execute(std::string("SELECT ") + std::string(kEventColumns) +
                                     " FROM events WHERE org_id = $1 AND id = $2 AND endpoint_id IS NULL" +
                                     readable_term,
                                 args, [&](const storage::Row& row) { found = true, WriteEvent(row, out); });
  if (!ran) co_return Fail(ran.error());
  co_return found;
}

}  // namespace supplyhub::features
