#pragma once
// Internal to export/import (transfer.cpp, dump_export.cpp, dump_import.cpp):
// the dump format's name and version, the tables a dump holds, and what the
// exporter and the importer both ask of a database. transfer.h describes the format.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/transfer_backend.h"
#include "core/error.h"
#include "core/task.h"
#include "storage/database.h"

namespace supplyhub::app::dump {

inline constexpr std::string_view kFormat = "supplyhub-dump";
inline constexpr int64_t kFormatVersion = 1;

// Every table a dump holds, in its order (referenced before referencing),
// with the declared resources' self references.
const std::vector<TableSpec>& Tables();
const TableSpec* FindSpec(std::string_view name);
// A table a dump leaves out on purpose (kNotCopied in transfer.cpp).
bool NotCopied(std::string_view name);

// The highest migration applied to the database (schema_migrations).
Task<Result<int64_t>> SchemaVersion(Transaction& tx);

// strerror(errno), for messages about files.
std::string SystemError();

}  // namespace supplyhub::app::dump
