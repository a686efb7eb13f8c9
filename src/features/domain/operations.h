#pragma once
// The behaviors of the operations resources (RegisterBehaviors binds them):
// purchase orders, orders, shipments, invoices, payments, credit notes and
// pick/receiving tickets.
#include <string>
#include <string_view>

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

// Products of two decimals (millionths x millionths) overflow 64 bits.
__extension__ typedef __int128 WideInt;

// quantity x unit price (both decimals in millionths) in minor units of a
// currency with `exponent` decimals, rounded half up.
int64_t LineAmount(int64_t quantity, int64_t unit_price, int exponent);

// An order's financial_status from its invoices (not void): pending, partially_paid or paid.
Task<Result<void>> OrderFollowsInvoices(RowWriter& w, int64_t order_id);

}  // namespace supplyhub::features
