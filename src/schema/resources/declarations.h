#pragma once
// Every declared resource, one function each (src/schema/resources/*.cpp).
#include "schema/resource.h"

namespace supplyhub::schema::resources {

// The row's id in the client's own system ("custom IDs"): references accept it.
inline Field ExternalId() {
  return Field::String("external_id").Unique().Filterable().Describe("The row's id in the client's own system");
}
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

}  // namespace supplyhub::schema::resources
