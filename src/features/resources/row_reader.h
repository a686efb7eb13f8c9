#pragma once
// Reads rows of declared resources inside a transaction: one row, the children
// of one parent, a row rendered as JSON. The write path (RowWriter) reads
// through the same code, with row locks on PostgreSQL. Every statement is
// scoped by org_id.
#include <optional>
#include <vector>

#include "core/json_writer.h"
#include "core/task.h"
#include "features/resources/stored_row.h"
#include "storage/database.h"

namespace supplyhub::features {

class RowReader {
 public:
  // `lock_rows`: Load takes a row lock on PostgreSQL (SELECT … FOR UPDATE).
  RowReader(storage::Transaction& tx, storage::Dialect dialect, int64_t org, bool lock_rows = false);

  storage::Transaction& tx() { return tx_; }
  storage::Dialect dialect() const { return dialect_; }
  int64_t org() const { return org_; }

  Task<Result<std::optional<StoredRow>>> Load(const schema::Resource& r, int64_t id);
  // The children of one parent row, in id order.
  Task<Result<std::vector<StoredRow>>> LoadChildren(const schema::Child& child, int64_t parent_id);
  // The row as JSON (with its children). False: no such row.
  Task<Result<bool>> Render(const schema::Resource& r, int64_t id, JsonWriter& out);

 protected:
  storage::Transaction& tx_;
  storage::Dialect dialect_;
  int64_t org_;
  bool lock_rows_;
};

}  // namespace supplyhub::features
