#include "features/domain/quality.h"
#include "features/domain/stock.h"

namespace supplyhub::features {
namespace {

schema::Record LocationCheck(const schema::Resource& r, int64_t location) {
  return MakeRecord(r, {{"location_id", location}});
}

}  // namespace

// Closing a receiving inspection puts every item's accepted quantity into
// stock: at the location given, else "Receiving" ("Quarantine" while quarantined).
Behavior ReceivingInspectionBehavior() {
  Behavior b;
  b.actions.emplace_back("close", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    RowWriter& w = call.writer;
    int64_t location = 0;
    if (!call.input.values.empty())
      if (const auto* given = std::get_if<int64_t>(&call.input.values[0])) location = *given;
    if (location) {
      FieldErrors fields;
      schema::Record check = LocationCheck(r, location);
      if (auto ok = co_await w.ResolveReferences(r, check, fields); !ok) co_return ok;
      if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    } else {
      const auto* quarantined = std::get_if<int64_t>(&FieldValue(r, call.row.record, "is_quarantined"));
      auto named = co_await LocationNamed(w, quarantined && *quarantined ? "Quarantine" : "Receiving");
      if (!named) co_return Fail(named.error());
      location = *named;
    }
    auto items = co_await w.LoadChildren(r.children[0], call.row.id);
    if (!items) co_return Fail(items.error());
    const schema::Resource& item_r = *r.children[0].resource;
    for (size_t i = 0; i < items->size(); ++i) {
      const auto& item = (*items)[i].record;
      const auto* accepted = std::get_if<int64_t>(&FieldValue(item_r, item, "quantity_accepted"));
      if (!accepted || *accepted == 0) continue;
      const auto* part = std::get_if<int64_t>(&FieldValue(item_r, item, "part_id"));
      if (!part)
        co_return Fail(FieldsInvalid({{"items[" + std::to_string(i) + "].part_id", {"is required to close"}}}));
      auto moved = co_await MoveStock(w, StockItem{*part, 0}, location, *accepted, "item " + std::to_string((*items)[i].id));
      if (!moved) co_return moved;
    }
    SetField(r, call.row.record, "location_id", location);
    co_return Result<void>{};
  });
  return b;
}

}  // namespace supplyhub::features
