#pragma once
// The behaviors of the quality resources and of stock (RegisterBehaviors binds them).
#include "features/domain/behaviors.h"

namespace supplyhub::features {

Behavior InspectionBehavior();
Behavior ReceivingInspectionBehavior();
Behavior ComplaintBehavior();
Behavior CarBehavior();
Behavior InventoryBehavior();
Behavior StockOperationBehavior();

}  // namespace supplyhub::features
