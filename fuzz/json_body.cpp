// A request body as every reader of the server sees it: the depth scan and
// nlohmann (tokens, OAuth, import), then schema validation (simdjson
// On-Demand) for every resource in every mode, single and bulk, embedded
// children included; the same bytes as a form-encoded body; and as a decimal.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string_view>
#include <variant>

#include "check.h"
#include "core/json_limits.h"
#include "http/query_string.h"
#include "schema/resource.h"
#include "schema/validate.h"
#include "schema/value_format.h"
#include "schema/registry.h"

namespace {

using supplyhub::schema::FieldType;
using supplyhub::schema::Mode;
using supplyhub::schema::Record;
using supplyhub::schema::Resource;

constexpr size_t kMaxBulkRows = 1000;  // features/resources/resource_service.h

// What validation accepts is written to the database and later sent back:
// array and object fields verbatim inside responses, so they must be JSON.
void CheckRecord(const Resource& resource, const Record& record) {
  FUZZ_CHECK(record.values.size() == resource.fields.size());
  FUZZ_CHECK(record.present.size() == resource.fields.size());
  for (size_t i = 0; i < resource.fields.size(); ++i) {
    const auto* text = std::get_if<std::string>(&record.values[i]);
    FieldType type = resource.fields[i].type;
    if (text && (type == FieldType::kArray || type == FieldType::kObject))
      FUZZ_CHECK(nlohmann::json::accept(*text));
    if (text && type == FieldType::kString) FUZZ_CHECK(text->find('\0') == std::string::npos);
  }
  FUZZ_CHECK(record.children.size() == resource.children.size());
  for (size_t c = 0; c < record.children.size(); ++c) {
    FUZZ_CHECK(record.children[c].rows.size() <= resource.children[c].resource->max_children);
    for (const Record& row : record.children[c].rows) CheckRecord(*resource.children[c].resource, row);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  bool shallow = supplyhub::CheckJsonDepth(json).has_value();
  auto doc = supplyhub::ParseUntrustedJson(json);
  FUZZ_CHECK(shallow || !doc);  // nothing deep reaches a recursive parser
  if (doc) (void)doc->dump();   // and what parsed can be written back out

  for (const Resource* resource : supplyhub::schema::AllResources()) {
    for (Mode mode : {Mode::kCreate, Mode::kReplace, Mode::kPatch}) {
      if (auto record = supplyhub::schema::ValidateObject(*resource, json, mode)) CheckRecord(*resource, *record);
      if (auto rows = supplyhub::schema::ValidateArray(*resource, json, mode, kMaxBulkRows)) {
        FUZZ_CHECK(!rows->empty() && rows->size() <= kMaxBulkRows);
        for (const Record& row : *rows) {
          CheckRecord(*resource, row);
          if (mode == Mode::kReplace) FUZZ_CHECK(row.id > 0);
        }
      }
    }
  }
  if (auto form = supplyhub::http::ParseFormBody(json))
    for (const Resource* resource : supplyhub::schema::AllResources())
      if (auto record = supplyhub::schema::ValidateForm(*resource, *form, Mode::kCreate)) CheckRecord(*resource, *record);

  int64_t decimal = 0, again = 0;  // an exact decimal prints back to itself
  if (supplyhub::schema::ParseDecimal(json, decimal))
    FUZZ_CHECK(supplyhub::schema::ParseDecimal(supplyhub::schema::FormatDecimal(decimal), again) && again == decimal);
  return 0;
}
