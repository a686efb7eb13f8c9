#pragma once
#include "core/error.h"
#include "features/identity/identity_repository.h"
#include "features/resources/behavior.h"
#include "storage/database.h"

namespace supplyhub::app {

// Seeds the sandbox organization "Demo Org", its owner User1 / Password123
// (user1@example.com, the example credentials of seed 000), and a small
// story across every resource, written through the API's write path
// (RowWriter, actions included): suppliers and a factory, parts, a
// specification, a failed inspection, an open NCR and its CAR, products and
// SKUs stocked in two locations, a PO packed with solids (received and
// closed) and one with assortments, an order shipped through a pick ticket,
// its invoice paid by a payment that left a credit note. Idempotent: the
// story is told only while the organization holds no rows at all.
Result<void> SeedDemo(features::IdentityRepository& identity, storage::Database& db,
                      const features::BehaviorRegistry& behaviors);

}  // namespace supplyhub::app
