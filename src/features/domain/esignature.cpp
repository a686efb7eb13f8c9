#include "features/domain/esignature.h"

#include "core/json_writer.h"
#include "features/identity/settings_repository.h"

namespace supplyhub::features {
namespace {

using storage::Value;

struct Rules {
  bool required = false;
  bool reason_required = false;
};

const std::string* Text(const schema::Resource& r, const schema::Record& input, std::string_view name) {
  int i = r.InputIndex(name);
  if (i < 0 || static_cast<size_t>(i) >= input.inputs.size()) return nullptr;
  const auto* s = std::get_if<std::string>(&input.inputs[static_cast<size_t>(i)]);
  return s && !s->empty() ? s : nullptr;
}

// The signature row: outside any coroutine (GCC 12 cannot keep an
// initializer_list's array in a coroutine frame).
schema::Record Signature(const schema::Resource& signatures, int64_t user, const std::string& now,
                         const std::string* reason, std::string_view action, const std::string& changed) {
  return MakeRecord(signatures,
                    {{"user_id", user},
                     {"signed_at", now},
                     {"reason", reason ? Value{*reason} : Value{}},
                     {"action", std::string(action)},
                     {"changed_fields", changed}});
}

std::string ChangedFields(const schema::Resource& r, const schema::Record& changes) {
  JsonWriter w;
  w.StartArray();
  for (size_t i = 0; i < changes.present.size() && i < r.fields.size(); ++i)
    if (changes.present[i]) w.String(r.fields[i].name);
  for (size_t c = 0; c < changes.children.size(); ++c)
    if (changes.children[c].present) w.String(r.children[c].name);
  w.EndArray();
  return w.Take();
}

}  // namespace

WriteGuard ESignatureGuard(storage::Database& db, AuthService& auth) {
  return [&db, &auth](const Caller& caller, const schema::Resource& r,
                      const schema::Record& body) -> Task<Result<std::optional<Signer>>> {
    const std::string* password = Text(r, body, kESignaturePassword);
    if (!password) co_return std::nullopt;  // nothing to verify: the write decides whether it needed it
    Rules rules;
    std::string username;
    auto read = co_await db.Read([&](storage::Transaction& tx) -> Task<Result<void>> {
      auto settings = co_await LoadOrganizationSettings(tx, caller.org);
      if (!settings) co_return Fail(settings.error());
      rules = {settings->ncr_esignature_required, settings->ncr_esignature_reason_required};
      Value user[] = {Value{caller.user_id}};
      auto ran = co_await tx.Execute("SELECT username FROM users WHERE id = $1", user,
                                [&](const storage::Row& row) { username = std::string(row.Text(0)); });
      if (!ran) co_return Fail(ran.error());
      co_return Result<void>{};
    });
    if (!read) co_return Fail(read.error());
    if (!rules.required) co_return std::nullopt;  // the inputs are accepted and ignored
    auto verified = co_await auth.VerifyCredentials(username, *password, caller.client_address);
    if (!verified) {
      if (verified.error().code != ErrorCode::kUnauthenticated) co_return Fail(verified.error());  // throttled, outage
      co_return Fail(FieldsInvalid({{std::string(kESignaturePassword), {"is not the password of the signing user"}}}));
    }
    if (verified->id != caller.user_id)
      co_return Fail(FieldsInvalid({{std::string(kESignaturePassword), {"is not the password of the signing user"}}}));
    const std::string* reason = Text(r, body, "esignature_reason");
    co_return Signer{caller.user_id, reason ? std::optional<std::string>(*reason) : std::nullopt};
  };
}

Task<Result<void>> ESignedChange(RowWriter& w, const schema::Resource& r, const StoredRow& row, std::string_view what,
                                 const schema::Record& changes) {
  // Read in the write: a change of the rules meanwhile cannot let this one through.
  auto settings = co_await LoadOrganizationSettings(w.tx(), w.org());
  if (!settings) co_return Fail(settings.error());
  if (!settings->ncr_esignature_required) co_return Result<void>{};
  if (what == "delete")
    co_return Fail(ErrorCode::kConflict, "This " + r.singular + " is under e-signature: deleting it would delete its "
                                         "signatures, so it is kept while the organization requires e-signatures "
                                         "(close it instead)");
  const Signer* signer = w.signer();
  FieldErrors fields;
  if (!signer)
    fields[std::string(kESignaturePassword)].push_back("is required: this organization requires an e-signature");
  if (settings->ncr_esignature_reason_required && !(signer && signer->reason))
    fields["esignature_reason"].push_back("is required: this organization requires a reason with each e-signature");
  if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
  const schema::Child* signatures = nullptr;
  for (const auto& c : r.children)
    if (c.name == "signatures") signatures = &c;
  if (!signatures) co_return Fail(ErrorCode::kInternal, r.name + " declares e-signatures but no signatures child");
  std::string changed = what == "update" ? ChangedFields(r, changes) : "[\"" + r.lifecycle.field + "\"]";
  schema::Record signature = Signature(*signatures->resource, signer->user_id, w.now(),
                                       signer->reason ? &*signer->reason : nullptr, what, changed);
  auto added = co_await w.CreateChild(r, *signatures, row.id, std::move(signature));
  if (!added) co_return Fail(added.error());
  co_return Result<void>{};
}

}  // namespace supplyhub::features
