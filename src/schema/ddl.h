#pragma once
// A declared resource's table and indexes.
#include <string>
#include <vector>

#include "schema/resource.h"
#include "storage/dialect.h"

namespace supplyhub::schema {

std::vector<std::string> CreateTableStatements(const Resource& resource, storage::Dialect dialect);
// The SQL column type of a field (same text works on both backends).
const char* ColumnType(const Field& field);

}  // namespace supplyhub::schema
