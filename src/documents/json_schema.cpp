// JSON Schema of declared fields and resources, for OpenAPI's components and
// for the bodies of the hand-written routes (http::RouteOptions).
#include "documents/json_schema.h"

#include "documents/examples.h"
#include "schema/routes.h"

namespace supplyhub::documents {

using schema::Child;
using schema::Field;
using schema::FieldType;
using schema::Resource;

// The JSON Schema type that carries a field's values.
const char* JsonSchemaType(FieldType t) {
  switch (t) {
    case FieldType::kInteger:
    case FieldType::kReference: return "integer";
    case FieldType::kNumber:
    case FieldType::kDecimal: return "number";
    case FieldType::kMoney: return "string";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kArray: return "array";
    case FieldType::kObject: return "object";
    default: return "string";
  }
}

std::string Ref(std::string_view name) { return "#/components/schemas/" + std::string(name); }

void FieldSchema(JsonWriter& w, const Field& f) {
  w.StartObject();
  auto nullable = [&](const char* type) {
    w.Key("type");
    if (f.required) {
      w.String(type);
    } else {
      w.StartArray().String(type).String("null").EndArray();
    }
  };
  switch (f.type) {
    case FieldType::kString: nullable("string"); w.Key("maxLength").Int(static_cast<int64_t>(f.max_length)); break;
    case FieldType::kInteger: nullable("integer"); w.Key("format").String("int64"); break;
    case FieldType::kReference:  // our id, or the row's external_id
      w.Key("type").StartArray().String("integer").String("string");
      if (!f.required) w.String("null");
      w.EndArray().Key("description").String("id (or external_id) of a " + f.references + " row");
      break;
    case FieldType::kNumber: nullable("number"); break;
    case FieldType::kDecimal: nullable("number"); w.Key("multipleOf").Double(0.000001); break;
    case FieldType::kMoney:  // read back with <name>_minor (integer minor units of `currency`)
      nullable("string");
      w.Key("pattern").String("^-?[0-9]{1,12}(\\.[0-9]{1,6})?$");
      break;
    case FieldType::kBoolean: nullable("boolean"); break;
    case FieldType::kDate: nullable("string"); w.Key("format").String("date"); break;
    case FieldType::kDateTime: nullable("string"); w.Key("format").String("date-time"); break;
    case FieldType::kEnum:
      nullable("string");
      w.Key("enum").StartArray();
      for (const auto& v : f.enum_values) w.String(v);
      if (!f.required) w.Null();
      w.EndArray();
      break;
    case FieldType::kArray:
      nullable("array");
      w.Key("maxItems").Int(static_cast<int64_t>(f.max_length));
      w.Key("items").StartObject().Key("type").String(schema::FieldTypeName(f.item_type)).EndObject();
      break;
    case FieldType::kObject: nullable("object"); break;
  }
  if (!f.description.empty() && f.type != FieldType::kReference) w.Key("description").String(f.description);
  if (f.read_only) w.Key("readOnly").Bool(true);
  if (f.min) w.Key("minimum").Int(*f.min);
  if (f.max) w.Key("maximum").Int(*f.max);
  if (const auto* i = std::get_if<int64_t>(&f.default_value)) {
    if (f.type == FieldType::kBoolean) w.Key("default").Bool(*i != 0);
    else if (f.type == FieldType::kDecimal) w.Key("default").Int(*i / schema::kDecimalScale);
    else w.Key("default").Int(*i);
  }
  w.EndObject();
}

// Request bodies (every shape but kRow) have no timestamps, server-set fields
// or unknown fields, and an `example` (default: the resource's example body).
void ResourceSchema(JsonWriter& w, const Resource& r, Shape shape, const std::function<void()>& example) {
  const bool input = shape != Shape::kRow, with_id = shape == Shape::kRow || shape == Shape::kBulkUpdate;
  w.StartObject().Key("type").String("object");
  if (!r.description.empty()) w.Key("description").String(r.description);
  w.Key("properties").StartObject();
  if (with_id) w.Key("id").StartObject().Key("type").String("integer").Key("format").String("int64").EndObject();
  if (!input && r.IsChild()) w.Key(r.parent_key).StartObject().Key("type").String("integer").EndObject();
  for (const Field& f : r.fields)
    if (!input || !f.read_only) FieldSchema(w.Key(f.name), f);
  if (input)
    for (const Field& f : r.inputs) FieldSchema(w.Key(f.name), f);
  for (const schema::Child& c : r.children) {
    if (input && c.read_only) continue;
    w.Key(c.name).StartObject().Key("type").String("array").Key("maxItems").Int(static_cast<int64_t>(c.resource->max_children));
    w.Key("items").StartObject().Key("$ref").String(Ref(SchemaName(*c.resource) + (input ? "Input" : ""))).EndObject();
    w.EndObject();
  }
  if (!input) {
    for (const char* ts : {"created_at", "updated_at"})
      w.Key(ts).StartObject().Key("type").String("string").Key("format").String("date-time").EndObject();
  }
  w.EndObject();
  w.Key("required").StartArray();
  if (with_id) w.String("id");
  if (shape == Shape::kRow || shape == Shape::kCreate)
    for (const Field& f : r.fields)
      if (f.required) w.String(f.name);
  w.EndArray();
  if (input) {
    w.Key("additionalProperties").Bool(false);
    w.Key("examples").StartArray();
    if (example) example();
    else ExampleBody(w, r, {}, {}, with_id ? "1" : "");
    w.EndArray();
  }
  w.EndObject();
}

std::string SchemaName(const Resource& r) { return schema::CamelCase(r.IsChild() ? r.name : r.singular); }

std::string BodySchema(const Resource& r, bool partial) {
  JsonWriter w;
  ResourceSchema(w, r, partial ? Shape::kUpdate : Shape::kCreate);
  return w.Take();
}

std::string AnswerSchema(const Resource& r) {
  JsonWriter w;
  w.StartObject().Key("type").String("object").Key("properties").StartObject();
  for (const Field& f : r.fields) FieldSchema(w.Key(f.name), f);
  w.EndObject().Key("required").StartArray();
  for (const Field& f : r.fields) w.String(f.name);
  w.EndArray().EndObject();
  return w.Take();
}

std::string EnvelopeSchema(std::string_view data_schema, bool list) {
  JsonWriter w;
  w.StartObject().Key("type").String("object").Key("properties").StartObject();
  w.Key("status").StartObject().Key("const").String("success").EndObject();
  w.Key("message").StartObject().Key("type").String("string").EndObject();
  if (list) w.Key("meta").StartObject().Key("$ref").String(Ref("PageMeta")).EndObject();
  w.Key("data");
  if (list) w.StartObject().Key("type").String("array").Key("items").Raw(data_schema).EndObject();
  else w.Raw(data_schema);
  w.EndObject().Key("required").StartArray().String("status").String("data").EndArray().EndObject();
  return w.Take();
}

}  // namespace supplyhub::documents
