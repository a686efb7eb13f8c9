#include "features/domain/behaviors.h"

#include "features/domain/operations.h"
#include "features/domain/quality.h"

namespace supplyhub::features {

void RegisterBehaviors(BehaviorRegistry& registry) {
  std::pair<std::string_view, Behavior> all[] = {
      {"inspections", InspectionBehavior()},
      {"receiving_inspections", ReceivingInspectionBehavior()},
      {"complaints", ComplaintBehavior()},
      {"cars", CarBehavior()},
      {"inventory", InventoryBehavior()},
      {"stock_operations", StockOperationBehavior()},
      {"purchase_order_styles", PurchaseOrderStyleBehavior()},
      {"purchase_orders", PurchaseOrderBehavior()},
      {"orders", OrderBehavior()},
      {"shipments", ShipmentBehavior()},
      {"invoices", InvoiceBehavior()},
      {"payments", PaymentBehavior()},
      {"credit_notes", CreditNoteBehavior()},
      {"pick_tickets", PickTicketBehavior()},
      {"receiving_tickets", ReceivingTicketBehavior()},
  };
  for (auto& [name, behavior] : all) registry.Add(name, std::move(behavior));
}

}  // namespace supplyhub::features
