#include "documents/examples.h"

#include <algorithm>
#include <string_view>

namespace supplyhub::documents {

using schema::Action;
using schema::Field;
using schema::FieldType;
using schema::Resource;

namespace {

// ---- The examples table: what a declaration cannot say about a valid body ----
// `where` is a table name, or "<table>/<action>" for an action's body; `json`
// replaces the generated value, and an empty one leaves the field out.
struct ExampleRule {
  std::string_view where;
  std::string_view field;
  std::string_view json;
};

constexpr ExampleRule kExampleRules[] = {
    // An adjustment names one location (location_id); from/to are a transfer's.
    {"stock_operations", "from_location_id", ""},
    {"stock_operations", "to_location_id", ""},
    // The default NCR-<complaint_number> is unique per complaint; a fixed one is not.
    {"complaints/raise_ncr", "ncr_number", ""},
    // Stock is of a part or of a SKU, exactly one: the examples name the part.
    {"inventory", "sku_id", ""},
    {"stock_operations", "sku_id", ""},
    {"order_items", "sku_id", ""},
    {"shipment_items", "sku_id", ""},
    {"invoice_lines", "sku_id", ""},
    {"receiving_ticket_lines", "sku_id", ""},
    // By default a credit note pays as much as both it and the invoice allow; a
    // fixed amount may be more than the invoice's balance.
    {"credit_notes/apply", "amount", ""},
    // Accepted stock goes to the Receiving location by default. (Naming the
    // example location would give its part an inventory row before the
    // inventory example creates that same part-and-location row.)
    {"receiving_inspections/close", "location_id", ""},
};

const ExampleRule* RuleFor(std::string_view where, std::string_view field) {
  for (const ExampleRule& rule : kExampleRules)
    if (rule.where == where && rule.field == field) return &rule;
  return nullptr;
}

bool LeftOut(std::string_view where, const Field& f) {
  const ExampleRule* rule = RuleFor(where, f.name);
  return rule && rule->json.empty();
}

void Value(JsonWriter& w, std::string_view where, const Field& f, const ExampleStyle& style) {
  if (const ExampleRule* rule = RuleFor(where, f.name)) {
    w.Raw(rule->json);
    return;
  }
  switch (f.type) {
    case FieldType::kReference:
      if (style.reference) style.reference(w, f);
      else w.Int(1);
      break;
    case FieldType::kInteger: w.Int(f.min.value_or(1)); break;
    case FieldType::kNumber: w.Double(1.5); break;
    case FieldType::kDecimal: w.Raw("10.5"); break;
    case FieldType::kMoney: w.String("130.00"); break;
    case FieldType::kBoolean: w.Bool(true); break;
    case FieldType::kDate: w.String("2024-01-15"); break;
    case FieldType::kDateTime: w.String("2024-01-15T09:30:00Z"); break;
    case FieldType::kEnum: w.String(f.enum_values.front()); break;
    case FieldType::kArray: w.StartArray().EndArray(); break;
    case FieldType::kObject: w.StartObject().EndObject(); break;
    case FieldType::kString: {
      const auto* fallback = std::get_if<std::string>(&f.default_value);  // a currency's "USD"
      std::string text = fallback ? *fallback : f.name == "external_id" ? "ERP-1001" : f.name + " example";
      if (text.size() > f.max_length) text.resize(f.max_length);
      if (f.unique) text += style.unique_suffix;
      w.String(text);
      break;
    }
  }
}

void Inputs(JsonWriter& w, const Resource& r, const ExampleStyle& style) {
  if (!style.input) return;
  for (const Field& f : r.inputs) {
    JsonWriter value;
    if (style.input(value, r, f)) w.Key(f.name).Raw(value.View());
  }
}

}  // namespace

std::vector<const Field*> ExampleFields(const Resource& r) {
  std::vector<const Field*> out;
  for (const Field& f : r.fields) {
    if (f.read_only || LeftOut(r.name, f)) continue;
    if (f.name == r.lifecycle.field || f.name == r.lifecycle.flag_field) continue;
    if (f.type == FieldType::kReference && f.references == r.name) continue;
    out.push_back(&f);
  }
  return out;
}

void ExampleValue(JsonWriter& w, const Resource& r, const Field& f, const ExampleStyle& style) {
  Value(w, r.name, f, style);
}

void ExampleBody(JsonWriter& w, const Resource& r, const ExampleStyle& style, const std::vector<const Field*>& fields,
                 std::string_view id) {
  w.StartObject();
  if (!id.empty()) w.Key("id").Raw(id);
  for (const Field* f : fields.empty() ? ExampleFields(r) : fields) Value(w.Key(f->name), r.name, *f, style);
  Inputs(w, r, style);
  w.EndObject();
}

void ExampleActionBody(JsonWriter& w, const Resource& r, const Action& a, const ExampleStyle& style) {
  const std::string where = r.name + "/" + a.name;
  w.StartObject();
  for (const Field& f : a.inputs)
    if (!LeftOut(where, f)) Value(w.Key(f.name), where, f, style);
  Inputs(w, r, style);
  w.EndObject();
}

}  // namespace supplyhub::documents
