#include "features/domain/behaviors.h"

#include <algorithm>
#include <vector>

#include "features/domain/esignature.h"
#include "features/domain/operations.h"
#include "features/domain/quality.h"
#include "schema/registry.h"

namespace supplyhub::features {

void RegisterBehaviors(BehaviorRegistry& registry) {
  std::vector<std::pair<std::string_view, Behavior>> all = {
      {"inspections", InspectionBehavior()},
      {"receiving_inspections", ReceivingInspectionBehavior()},
      {"complaints", ComplaintBehavior()},
      {"cars", CarBehavior()},
      {"inventory", InventoryBehavior()},
      {"stock_operations", StockOperationBehavior()},
      {"purchase_order_styles", PurchaseOrderStyleBehavior()},
      {"purchase_orders", PurchaseOrderBehavior()},
      {"orders", OrderBehavior()},
      {"order_items", OrderItemBehavior()},
      {"shipments", ShipmentBehavior()},
      {"invoices", InvoiceBehavior()},
      {"payments", PaymentBehavior()},
      {"credit_notes", CreditNoteBehavior()},
      {"pick_tickets", PickTicketBehavior()},
      {"receiving_tickets", ReceivingTicketBehavior()},
  };
  // Every resource declaring the e-signature input is checked on every change, whichever path makes it.
  for (const schema::Resource* r : schema::AllResources()) {
    if (r->InputIndex(kESignaturePassword) < 0) continue;
    auto it = std::find_if(all.begin(), all.end(), [r](const auto& entry) { return entry.first == r->name; });
    if (it == all.end()) it = all.insert(all.end(), {r->name, Behavior{}});
    it->second.changing = ESignedChange;  // (no signed resource has a hook of its own)
  }
  for (auto& [name, behavior] : all) registry.Add(name, std::move(behavior));
}

}  // namespace supplyhub::features
