#include "schema/registry.h"

#include <vector>

#include "schema/resources/declarations.h"

namespace supplyhub::schema {

std::span<const Resource* const> AllResources() {
  namespace r = resources;
  static const Resource* const all[] = {
      &r::PartTypes(),      &r::Companies(),      &r::Customers(),  &r::Suppliers(),  &r::Employees(),
      &r::Locations(),      &r::Parts(),          &r::Specifications(), &r::Inspections(),
      &r::ReceivingInspections(), &r::LabResults(), &r::Ncrs(),        &r::Cars(),       &r::Complaints(),
      &r::Products(),       &r::Skus(),           &r::Inventory(),  &r::StockOperations(), &r::PurchaseOrders(), &r::Orders(),     &r::Shipments(),
      &r::Invoices(),       &r::CreditNotes(),    &r::Payments(),   &r::PickTickets(),  &r::ReceivingTickets(),
  };
  return all;
}

std::span<const Resource* const> AllTables() {
  static const std::vector<const Resource*> all = [] {
    std::vector<const Resource*> out;
    for (const Resource* r : AllResources()) {
      out.push_back(r);
      for (const Child& c : r->children) out.push_back(c.resource);
    }
    return out;
  }();
  return all;
}

const Resource* FindResource(std::string_view name) {
  for (const Resource* r : AllResources())
    if (r->name == name) return r;
  return nullptr;
}

const Resource* FindTable(std::string_view name) {
  for (const Resource* r : AllTables())
    if (r->name == name) return r;
  return nullptr;
}

}  // namespace supplyhub::schema
