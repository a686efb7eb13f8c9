#include "features/domain/quality.h"
#include "schema/resources/declarations.h"

namespace supplyhub::features {

using storage::Value;

namespace {

// A customer NCR for a complaint (built outside coroutines: GCC 12 cannot
// keep an initializer_list's array in a coroutine frame).
schema::Record NcrFor(const schema::Resource& r, const StoredRow& complaint, const std::string& number) {
  const auto& rec = complaint.record;
  return MakeRecord(schema::resources::Ncrs(), {{"ncr_number", number},
                                                {"source", std::string("customer")},
                                                {"description", FieldValue(r, rec, "comments")},
                                                {"lot_number", FieldValue(r, rec, "batch_number")},
                                                {"part_id", FieldValue(r, rec, "part_id")},
                                                {"complaint_id", complaint.id}});
}

}  // namespace

// raise_ncr opens a customer NCR for the complaint and links both ways.
Behavior ComplaintBehavior() {
  Behavior b;
  b.actions.emplace_back("raise_ncr", [](ActionCall& call) -> Task<Result<void>> {
    const auto& r = call.resource;
    const auto& rec = call.row.record;
    if (const auto* existing = std::get_if<int64_t>(&FieldValue(r, rec, "ncr_id")))
      co_return Fail(ErrorCode::kConflict, "This complaint already raised NCR " + std::to_string(*existing));
    std::string number = "NCR-" + std::get<std::string>(FieldValue(r, rec, "complaint_number"));
    if (!call.input.values.empty())
      if (const auto* given = std::get_if<std::string>(&call.input.values[0])) number = *given;
    schema::Record ncr = NcrFor(r, call.row, number);
    auto id = co_await call.writer.Create(schema::resources::Ncrs(), std::move(ncr));
    if (!id) co_return Fail(id.error());
    SetField(r, call.row.record, "ncr_id", *id);
    co_return Result<void>{};
  });
  return b;
}

// Verification and closing are recorded: who verified, when, when closed.
Behavior CarBehavior() {
  Behavior b;
  b.actions.emplace_back("verify", [](ActionCall& call) -> Task<Result<void>> {
    SetField(call.resource, call.row.record, "verified_at", call.writer.now());
    SetField(call.resource, call.row.record, "verified_by", call.writer.user_id());
    SetField(call.resource, call.row.record, "closed_at", call.writer.now());
    co_return Result<void>{};
  });
  b.actions.emplace_back("close", [](ActionCall& call) -> Task<Result<void>> {
    SetField(call.resource, call.row.record, "closed_at", call.writer.now());
    co_return Result<void>{};
  });
  b.actions.emplace_back("reopen", [](ActionCall& call) -> Task<Result<void>> {
    for (const char* f : {"verified_at", "verified_by", "closed_at"}) SetField(call.resource, call.row.record, f, Value{});
    co_return Result<void>{};
  });
  return b;
}

}  // namespace supplyhub::features
