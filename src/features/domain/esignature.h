#pragma once
// Electronic signatures (seed 002's NCR updates): when the organization
// requires them, every change of a resource that declares the
// `esignature_password` input must carry the caller's own password (and,
// when also required, `esignature_reason`). The password is verified like a
// login — off the I/O threads, throttled per account — never stored or
// logged; each signature is recorded in the resource's read-only
// `signatures` child: who, when, why, what changed.
#include "features/identity/auth_service.h"
#include "features/resources/resource_service.h"

namespace supplyhub::features {

WriteGuard ESignatureGuard(storage::Database& db, AuthService& auth);

}  // namespace supplyhub::features
