#pragma once
// Every declared resource, one function each (src/schema/resources/*.cpp).
#include "schema/resource.h"

namespace supplyhub::schema::resources {

// The row's id in the client's own system ("custom IDs"): references accept it.
inline Field ExternalId() {
  return Field::String("external_id").Unique().Filterable().Describe("The row's id in the client's own system");
}
// ISO 4217: the currency of the row's money fields.
inline Field Currency() {
  return Field::String("currency").Default(std::string("USD")).MaxLength(3).Describe(
      "ISO 4217 code; money fields are in its minor units");
}
// Declared ranges (Field::Max, whole units). With them every stored value
// fits in 64 bits with room to spare (a stock level in millionths <= 10^18, an
// amount in minor units <= 10^15), so one more movement cannot overflow the
// database's arithmetic before the range check sees it; sums and products
// are checked (core/checked_int.h) whatever the inputs.
inline constexpr int64_t kMaxQuantity = 1'000'000'000;   // units on one line
inline constexpr int64_t kMaxStock = 1'000'000'000'000;  // units held, moved at once, or summed
inline constexpr int64_t kMaxPrice = 1'000'000'000;      // a unit price
inline constexpr int64_t kMaxAmount = 1'000'000'000'000; // an amount, total or balance
inline Field ActiveFlag() { return Field::Boolean("is_active").Default(int64_t{1}).Filterable(); }

const Resource& PartTypes();
const Resource& Companies();
const Resource& Customers();
const Resource& Suppliers();
const Resource& Employees();
const Resource& Locations();
const Resource& Parts();
const Resource& Specifications();
const Resource& Characteristics();
const Resource& Inspections();
const Resource& InspectionSamples();
const Resource& ReceivingInspections();
const Resource& ReceivingInspectionItems();
const Resource& LabResults();
const Resource& Ncrs();
const Resource& NcrSignatures();
const Resource& Cars();
const Resource& Complaints();
const Resource& Inventory();
const Resource& StockOperations();
const Resource& Products();
const Resource& Skus();
const Resource& PurchaseOrders();
const Resource& PurchaseOrderStyles();
const Resource& Orders();
const Resource& OrderItems();
const Resource& Shipments();
const Resource& ShipmentItems();
const Resource& Invoices();
const Resource& InvoiceLines();
const Resource& Payments();
const Resource& CreditNotes();
const Resource& PickTickets();
const Resource& PickTicketLines();
const Resource& ReceivingTickets();
const Resource& ReceivingTicketLines();

}  // namespace supplyhub::schema::resources
