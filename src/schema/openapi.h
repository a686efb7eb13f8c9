#pragma once
// The OpenAPI 3.1 document, generated from the resource declarations.
#include <span>
#include <string>

#include "schema/resource.h"

namespace supplyhub::schema {

std::string OpenApiDocument(std::span<const Resource* const> resources, std::string_view version);

}  // namespace supplyhub::schema
