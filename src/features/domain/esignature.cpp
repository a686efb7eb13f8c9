#include "features/domain/esignature.h"

#include "core/json_writer.h"
#include "features/identity/settings_repository.h"
#include "schema/resources/declarations.h"

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
schema::Record Signature(int64_t user, const std::string& now, const std::string* reason, std::string_view action,
                         const std::string& changed) {
  return MakeRecord(schema::resources::NcrSignatures(),
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
  using Sign = std::function<Task<Result<void>>(RowWriter&, int64_t)>;
  return [&db, &auth](const Caller& caller, const schema::Resource& r, const schema::Record& changes,
                      std::string_view action) -> Task<Result<Sign>> {
    if (r.InputIndex("esignature_password") < 0) co_return Sign{};
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
    if (!rules.required) co_return Sign{};  // the inputs are accepted and ignored

    const std::string* password = Text(r, changes, "esignature_password");
    const std::string* reason = Text(r, changes, "esignature_reason");
    FieldErrors fields;
    if (!password) fields["esignature_password"].push_back("is required: this organization requires an e-signature");
    if (rules.reason_required && !reason)
      fields["esignature_reason"].push_back("is required: this organization requires a reason with each e-signature");
    if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    auto verified = co_await auth.VerifyCredentials(username, *password, caller.client_address);
    if (!verified) {
      if (verified.error().code != ErrorCode::kUnauthenticated) co_return Fail(verified.error());  // throttled, outage
      co_return Fail(FieldsInvalid({{"esignature_password", {"is not the password of the signing user"}}}));
    }
    if (verified->id != caller.user_id)
      co_return Fail(FieldsInvalid({{"esignature_password", {"is not the password of the signing user"}}}));
    std::string changed = action == "update" ? ChangedFields(r, changes) : "[\"" + r.lifecycle.field + "\"]";
    std::optional<std::string> why = reason ? std::optional<std::string>(*reason) : std::nullopt;
    std::string what(action);
    int64_t user = caller.user_id;
    co_return Sign([&r, user, why, what, changed](RowWriter& w, int64_t id) -> Task<Result<void>> {
      const schema::Child* signatures = nullptr;
      for (const auto& c : r.children)
        if (c.resource == &schema::resources::NcrSignatures()) signatures = &c;
      schema::Record row = Signature(user, w.now(), why ? &*why : nullptr, what, changed);
      auto added = co_await w.CreateChild(r, *signatures, id, std::move(row));
      if (!added) co_return Fail(added.error());
      co_return Result<void>{};
    });
  };
}

}  // namespace supplyhub::features
