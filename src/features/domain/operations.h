#pragma once
// The behaviors of the operations resources (RegisterBehaviors binds them):
// purchase orders, orders, shipments, invoices, payments, credit notes and
// pick/receiving tickets.
#include <optional>
#include <string>
#include <string_view>

#include "core/checked_int.h"

#include "features/domain/behaviors.h"

namespace supplyhub::features {

Behavior PurchaseOrderStyleBehavior();
Behavior PurchaseOrderBehavior();
Behavior OrderBehavior();
Behavior OrderItemBehavior();
Behavior ShipmentBehavior();
Behavior InvoiceBehavior();
Behavior PaymentBehavior();
Behavior CreditNoteBehavior();
Behavior PickTicketBehavior();
Behavior ReceivingTicketBehavior();

// Field values of a row: an integer (ids, decimals, money, booleans) or `fallback`; a string or "".
int64_t IntField(const schema::Resource& r, const schema::Record& rec, std::string_view name, int64_t fallback = 0);
std::string TextField(const schema::Resource& r, const schema::Record& rec, std::string_view name);

// quantity x unit price (both decimals in millionths) in minor units of a
// currency with `exponent` decimals, rounded half up; nullopt when it does not
// fit in 64 bits (core/checked_int.h: sums of them stay checked too).
std::optional<int64_t> LineAmount(int64_t quantity, int64_t unit_price, int exponent);

// 422 naming `field`: what it was computed from does not fit in a stored value.
Error OutOfRange(const std::string& field, const std::string& from);

// An order's financial_status from its invoices (not void): pending, partially_paid or paid.
Task<Result<void>> OrderFollowsInvoices(RowWriter& w, int64_t order_id);

}  // namespace supplyhub::features
