#pragma once
#include "schema/resource.h"

namespace supplyhub::schema::resources {
const Resource& Companies();
const Resource& Suppliers();
const Resource& Parts();
}  // namespace supplyhub::schema::resources
