#pragma once
// JSON-lines logging to stderr. Callers must never pass secrets.
#include <initializer_list>
#include <string_view>
#include <utility>

namespace supplyhub::log {

using Field = std::pair<std::string_view, std::string_view>;

void Info(std::string_view message, std::initializer_list<Field> fields = {});
void Warn(std::string_view message, std::initializer_list<Field> fields = {});
void Error(std::string_view message, std::initializer_list<Field> fields = {});
void SetQuiet(bool quiet);

}  // namespace supplyhub::log
