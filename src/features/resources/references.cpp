// References and money of a write: external ids turned into ids, every
// reference checked to stay in the organization, money into minor units.
#include "features/resources/row_writer.h"

#include <algorithm>

#include "features/resources/table_sql.h"
#include "schema/value_format.h"

namespace supplyhub::features {
namespace {

using schema::Record;
using schema::Resource;
using storage::Value;

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Money arrives as decimal text (validation cannot know the currency of an
// update): into integer minor units of the row's currency, or field errors.
void ToMinorUnits(const Resource& r, Record& rec, const std::string* row_currency, FieldErrors& fields) {
  const std::string* sent = CurrencyOf(r, rec);
  int ci = r.FieldIndex("currency");
  const std::string* currency = ci >= 0 && rec.present[static_cast<size_t>(ci)] && sent ? sent : row_currency;
  if (!currency) currency = sent;
  if (currency && !schema::IsCurrencyCode(*currency)) {
    fields["currency"].push_back("must be an ISO 4217 code of three capital letters (USD, EUR, JPY)");
    return;
  }
  int exponent = schema::CurrencyExponent(currency ? *currency : "");
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (r.fields[i].type != schema::FieldType::kMoney) continue;
    const auto* text = std::get_if<std::string>(&rec.values[i]);
    if (!text) continue;
    int64_t minor = 0;
    if (!schema::ParseMoney(*text, exponent, minor)) {
      fields[r.fields[i].name].push_back("has more decimals than " + (currency ? *currency : std::string("USD")) +
                                         " has (" + std::to_string(exponent) + ")");
      continue;
    }
    rec.values[i] = minor;
  }
}

}  // namespace

Task<Result<void>> RowWriter::ResolveReferences(const Resource& r, Record& rec, FieldErrors& fields,
                                                const std::string& prefix, const std::string* row_currency) {
  if (prefix.empty()) ToMinorUnits(r, rec, row_currency, fields);
  const TableSql& sql = SqlFor(r);
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (sql.reference_checks[i].empty() || !rec.present[i]) continue;
    const schema::Field& f = r.fields[i];
    Value& v = rec.values[i];
    if (const auto* text = std::get_if<std::string>(&v)) {  // an external id, else our id as text
      std::string key = *text;
      Value p[] = {Value{org_}, Value{key}};
      std::optional<int64_t> found;
      if (!sql.external_id_lookups[i].empty()) {
        auto ran = co_await tx_.Execute(sql.external_id_lookups[i], p, [&](const storage::Row& row) { found = row.Int(0); });
        if (!ran) co_return Fail(ran.error());
      }
      if (found) v = *found;
      else if (AllDigits(key)) v = static_cast<int64_t>(std::stoll(key));
      else {
        fields[prefix + f.name].push_back("refers to no " + f.references + " row with external_id '" + key +
                                          "' in this organization");
        continue;
      }
    }
    const auto* id = std::get_if<int64_t>(&v);
    if (!id) continue;
    Value p[] = {Value{org_}, Value{*id}};
    bool exists = false;
    auto ran = co_await tx_.Execute(sql.reference_checks[i], p, [&exists](const storage::Row&) { exists = true; });
    if (!ran) co_return Fail(ran.error());
    if (!exists)
      fields[prefix + f.name].push_back("refers to no " + f.references + " row with id " + std::to_string(*id) +
                                        " in this organization");
  }
  for (size_t c = 0; c < rec.children.size(); ++c) {
    auto& rows = rec.children[c].rows;
    for (size_t k = 0; k < rows.size(); ++k) {
      auto resolved = co_await ResolveReferences(*r.children[c].resource, rows[k], fields,
                                                 prefix + r.children[c].name + "[" + std::to_string(k) + "].");
      if (!resolved) co_return resolved;
    }
  }
  co_return Result<void>{};
}

Task<Result<void>> RowWriter::CheckedReferences(const Resource& r, Record& rec, const std::string* row_currency) {
  FieldErrors fields;
  if (auto resolved = co_await ResolveReferences(r, rec, fields, "", row_currency); !resolved) co_return resolved;
  if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
  co_return Result<void>{};
}

}  // namespace supplyhub::features
