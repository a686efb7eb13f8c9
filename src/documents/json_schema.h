#pragma once
// JSON Schema (2020-12, as OpenAPI 3.1 takes it) of declared fields and
// resources: the components of the OpenAPI document, and the documented
// bodies and answers of the routes that are not declared resources
// (http::RouteOptions::request_schema, response_schema).
#include <functional>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "schema/resource.h"

namespace supplyhub::documents {

// What a schema of a resource describes.
enum class Shape {
  kRow,         // a row as answered
  kCreate,      // a create body (POST): the required fields are required
  kUpdate,      // a PUT/PATCH body: fields not sent are kept, so none is required
  kBulkUpdate,  // a row of PUT /bulk: an update that names its id
};

// The JSON Schema type that carries a field's values.
const char* JsonSchemaType(schema::FieldType t);
// "#/components/schemas/<name>"
std::string Ref(std::string_view name);
// "inspection" -> "Inspection", a child table by its table name.
std::string SchemaName(const schema::Resource& r);
void FieldSchema(JsonWriter& w, const schema::Field& f);
// Request bodies (every shape but kRow) have no timestamps, server-set fields
// or unknown fields, and an `example` (default: the resource's example body).
void ResourceSchema(JsonWriter& w, const schema::Resource& r, Shape shape,
                    const std::function<void()>& example = nullptr);

// A declared body as text: `partial` when fields not sent are kept (PUT/PATCH).
std::string BodySchema(const schema::Resource& r, bool partial);
// An answer's object: every declared field, each always present.
std::string AnswerSchema(const schema::Resource& r);
// The success envelope around `data_schema` (one object, or a list with page meta).
std::string EnvelopeSchema(std::string_view data_schema, bool list = false);

}  // namespace supplyhub::documents
