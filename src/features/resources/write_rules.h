#pragma once
// Declared rules the write path (RowWriter) keeps on every path a row is
// written through — create, PUT, PATCH, bulk, child routes, actions:
//  - ranges: every value stored is within its field's declared maximum
//    (schema::Field::max), computed values included, else 422 naming the field;
//  - locks: what a schema::Lock makes final in the row's state is not changed
//    or deleted by a client write, else 409 `immutable` naming the rule.
#include <string>

#include "core/task.h"
#include "features/resources/row_writer.h"
#include "schema/resource.h"

namespace supplyhub::features {

struct Behavior;

// 422 naming each field of `rec` above its declared maximum (money in the
// row's currency).
Result<void> CheckMaximums(const schema::Resource& r, const schema::Record& rec);

// PUT/PATCH/bulk: 409 `immutable` when `changes` would change a member that
// a lock makes final in `row`'s state. A locked child collection sent exactly
// as stored passes and is taken out of `changes` (so it is not rewritten).
Task<Result<void>> CheckLockedChanges(RowReader& reader, const schema::Resource& r, const StoredRow& row,
                                      schema::Record& changes);

// A child route writing below `parent_id`: 409 `immutable` when a lock makes
// the collection final in the parent's state. An update (`changes` to
// `child_row`) that changes nothing passes.
Task<Result<void>> CheckLockedChild(RowReader& reader, const schema::Resource& parent, const schema::Child& child,
                                    int64_t parent_id, const schema::Record* changes = nullptr,
                                    const StoredRow* child_row = nullptr);

// DELETE of row `id`: 409 `immutable` when a lock keeps the row in its state,
// or whatever the resource's `deleting` behavior refuses.
Task<Result<void>> CheckDeletable(RowWriter& writer, const Behavior* behavior, const schema::Resource& r, int64_t id);

}  // namespace supplyhub::features
