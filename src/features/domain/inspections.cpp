#include <map>
#include <nlohmann/json.hpp>

#include "features/domain/quality.h"

namespace supplyhub::features {
namespace {

using storage::Value;

struct Limits {
  bool attribute = false;
  std::optional<double> lower, upper;
};

// A measured value passes when lower_limit <= value <= upper_limit (a missing
// limit is open); an attribute passes when `pass` is true.
std::optional<bool> ResultPasses(const Limits& c, const nlohmann::json& result) {
  if (c.attribute) {
    auto pass = result.find("pass");
    if (pass == result.end() || !pass->is_boolean()) return std::nullopt;
    return pass->get<bool>();
  }
  auto value = result.find("value");
  if (value == result.end() || !value->is_number()) return std::nullopt;
  double v = value->get<double>();
  return (!c.lower || *c.lower <= v) && (!c.upper || v <= *c.upper);
}

}  // namespace

// `passed` is computed once sample_size samples are in (any failing result:
// false). A `passed` sent against the samples needs an override_reason.
Behavior InspectionBehavior() {
  Behavior b;
  b.compute = [](RowWriter& w, const schema::Resource& r, StoredRow& row) -> Task<Result<void>> {
    std::map<int64_t, Limits> characteristics;
    if (const auto* spec = std::get_if<int64_t>(&FieldValue(r, row.record, "drawing_id"))) {
      Value p[] = {Value{w.org()}, Value{*spec}};
      auto ran = co_await w.tx().Execute(
          "SELECT id, kind, lower_limit, upper_limit FROM specification_characteristics "
          "WHERE org_id = $1 AND specification_id = $2",
          p, [&](const storage::Row& c) {
            Limits l{c.Text(1) == "attribute", std::nullopt, std::nullopt};
            if (!c.IsNull(2)) l.lower = c.Double(2);
            if (!c.IsNull(3)) l.upper = c.Double(3);
            characteristics[c.Int(0)] = l;
          });
      if (!ran) co_return Fail(ran.error());
    }
    const std::vector<StoredRow>* samples = &row.children[0];  // loaded by the write path
    const schema::Resource& sample_r = *r.children[0].resource;
    FieldErrors fields;
    bool all_pass = true;
    int64_t measured = 0;  // samples with results: only they count as in
    for (size_t i = 0; i < samples->size(); ++i) {
      const auto* text = std::get_if<std::string>(&FieldValue(sample_r, (*samples)[i].record, "results"));
      if (!text || *text == "[]") continue;
      ++measured;
      std::string where = "samples[" + std::to_string(i) + "].results";
      auto results = nlohmann::json::parse(*text, nullptr, false);  // stored by validation: well-formed
      for (const auto& result : results) {
        auto id = result.find("characteristic_id");
        if (id == result.end() || !id->is_number_integer() || !characteristics.count(id->get<int64_t>())) {
          fields[where].push_back("each result needs the characteristic_id of a characteristic of the specification");
          continue;
        }
        auto passes = ResultPasses(characteristics[id->get<int64_t>()], result);
        if (!passes) fields[where].push_back("characteristic " + std::to_string(id->get<int64_t>()) +
                                             " needs a numeric value (measured) or a boolean pass (attribute)");
        else all_pass = all_pass && *passes;
      }
    }
    if (!fields.empty()) co_return Fail(FieldsInvalid(std::move(fields)));
    const auto* size = std::get_if<int64_t>(&FieldValue(r, row.record, "sample_size"));
    std::optional<bool> computed;
    if (size && measured >= *size) computed = all_pass;
    SetField(r, row.record, "status", std::string(computed ? "completed" : "in_progress"));

    const Value& given = FieldValue(r, row.record, "passed");
    const auto* reason = std::get_if<std::string>(&FieldValue(r, row.record, "override_reason"));
    bool overridden = reason && !reason->empty();
    int passed = r.FieldIndex("passed");
    bool sent = !row.changed.empty() && row.changed[static_cast<size_t>(passed)];
    if (computed && !overridden) {
      const auto* manual = std::get_if<int64_t>(&given);
      if (sent && manual && (*manual != 0) != *computed)
        co_return Fail(FieldsInvalid({{"passed", {std::string("disagrees with the samples (they say ") +
                                                  (*computed ? "true" : "false") +
                                                  "); send override_reason to override"}}}));
      SetField(r, row.record, "passed", int64_t{*computed ? 1 : 0});
    }
    co_return Result<void>{};
  };
  return b;
}

}  // namespace supplyhub::features
