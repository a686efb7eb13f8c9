#pragma once
// Electronic signatures (seed 002's NCR updates): when the organization
// requires them, every change of a resource that declares the
// `esignature_password` input must carry the caller's own password (and,
// when also required, `esignature_reason`). The password is verified like a
// login — off the I/O threads, throttled per account — never stored or
// logged; each signature is recorded in the resource's read-only
// `signatures` child: who, when, why, what changed.
//
// Two halves: the service's guard verifies a password the body carries,
// before the write; the write path's `changing` hook (every path that
// changes such a row: update, action, a create in a later state, a child
// route, bulk) demands the signature and records it, inside the write. A
// delete is refused while signatures are required: the record's signatures
// would go with it.
#include "features/identity/auth_service.h"
#include "features/resources/behavior.h"
#include "features/resources/resource_service.h"

namespace supplyhub::features {

// The input that makes a resource signed.
inline constexpr std::string_view kESignaturePassword = "esignature_password";

// Before the write: the signature the body carries, its password verified.
WriteGuard ESignatureGuard(storage::Database& db, AuthService& auth);

// Inside the write (Behavior::changing of every signed resource).
Task<Result<void>> ESignedChange(RowWriter& w, const schema::Resource& r, const StoredRow& row, std::string_view what,
                                 const schema::Record& changes);

}  // namespace supplyhub::features
