#pragma once
// Builds a Config from its sources, strongest last: defaults, the config
// file (JSON), SUPPLYHUB_* environment variables, command-line flags. Every
// source goes through SetConfigValue, so each setting is parsed in one place.
#include <map>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"

namespace supplyhub {

// Setting names as flags and file keys use them: "port", "data-dir", ...
const std::vector<std::string>& ConfigKeys();
// "data-dir" -> "SUPPLYHUB_DATA_DIR"
std::string ConfigEnvName(const std::string& key);

Result<void> SetConfigValue(Config& config, const std::string& key, const std::string& value);
Result<void> ApplyConfigFile(Config& config, const std::string& path);
Result<void> ApplyEnvironment(Config& config);

}  // namespace supplyhub
