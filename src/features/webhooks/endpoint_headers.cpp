#include "features/webhooks/endpoint_headers.h"

#include <nlohmann/json.hpp>

namespace supplyhub::features {
namespace {

nlohmann::json Object(std::string_view json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

}  // namespace

std::string SealHeaders(std::string_view sent, std::string_view stored, const SecretBox& box) {
  const nlohmann::json headers = Object(sent), before = Object(stored);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : headers.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    if (text == kMaskedHeader && before.contains(name)) out[name] = before[name];
    else out[name] = box.Seal(text);
  }
  return out.dump();
}

void WriteMaskedHeaders(std::string_view stored, JsonWriter& w) {
  const nlohmann::json headers = Object(stored);
  w.StartObject();
  for (const auto& [name, value] : headers.items()) w.Key(name).String(kMaskedHeader);
  w.EndObject();
}

std::vector<std::string> OpenHeaderLines(std::string_view stored, const SecretBox& box) {
  const nlohmann::json headers = Object(stored);
  std::vector<std::string> out;
  for (const auto& [name, value] : headers.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    auto opened = box.Open(text);
    out.push_back(name + ": " + (opened ? *opened : text));
  }
  return out;
}

}  // namespace supplyhub::features
