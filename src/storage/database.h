#pragma once
// The backend-neutral storage interface. Features describe what to do as
// work on a transaction; a backend decides where and when it runs:
//   - Read(work):  read-only, run concurrently with other reads. SQLite runs
//     the whole work on one snapshot; PostgreSQL runs each statement on its
//     own (READ COMMITTED, no BEGIN/COMMIT round trips), so work that needs
//     two reads to agree must ask in one statement.
//   - Write(work): one transaction; completes only after the commit is
//     durable. Backends may group several writes into one commit, so a work
//     function must not assume it is alone, only that it is atomic.
// Statements use $1, $2 ... placeholders (PostgreSQL style); a backend
// rewrites them as it needs and caches prepared statements by text.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/task.h"
#include "storage/dialect.h"
#include "storage/value.h"

namespace supplyhub::storage {

// One result row, valid only inside the visitor call.
class Row {
 public:
  virtual ~Row() = default;
  virtual int ColumnCount() const = 0;
  virtual std::string_view ColumnName(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Double(int column) const = 0;
  virtual std::string_view Text(int column) const = 0;
};

using RowVisitor = std::function<void(const Row&)>;

class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs one statement, calling `on_row` per result row. Returns the number
  // of rows changed (writes) or visited (reads).
  virtual Task<Result<int64_t>> Execute(std::string_view sql, std::span<const Value> params,
                                        const RowVisitor& on_row = {}) = 0;
};

using Work = std::function<Task<Result<void>>(Transaction&)>;

class Database {
 public:
  virtual ~Database() = default;
  virtual Task<Result<void>> Read(Work work) = 0;
  virtual Task<Result<void>> Write(Work work) = 0;
  // Drains pending writes and stops background threads; later calls fail.
  virtual void Close() = 0;
  virtual Dialect dialect() const = 0;

  // Messages between the nodes sharing this database (cache invalidation).
  // Published inside `tx`: delivered to every node's subscribers, this
  // node's included, once `tx` commits. A payload of "*" means messages may
  // have been lost (e.g. after a reconnect): forget everything derived.
  virtual Task<Result<void>> Publish(Transaction& tx, std::string_view channel, std::string_view payload) = 0;
  virtual void Subscribe(std::string channel, std::function<void(std::string_view payload)> on_message) = 0;
  // Publish in a transaction of its own.
  virtual Task<Result<void>> Broadcast(std::string_view channel, std::string_view payload) {
    co_return co_await Write([&](Transaction& tx) { return Publish(tx, channel, payload); });
  }
};

// Storage-level error kinds are carried as ErrorCode: a unique violation is
// kConflict whose message names the column ("unique:<column>").

}  // namespace supplyhub::storage
