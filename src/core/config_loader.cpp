#include "core/config_loader.h"

#include <charconv>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

namespace supplyhub {
namespace {

template <typename T>
Result<void> ParseNumber(const std::string& key, const std::string& value, T& out, T min, T max) {
  T v{};
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || p != value.data() + value.size() || v < min || v > max)
    return Fail(ErrorCode::kBadRequest, "setting '" + key + "' must be a number from " + std::to_string(min) +
                                            " to " + std::to_string(max) + ", got '" + value + "'");
  out = v;
  return {};
}

Result<void> ParseBool(const std::string& key, const std::string& value, bool& out) {
  if (value == "true" || value == "1" || value == "yes") out = true;
  else if (value == "false" || value == "0" || value == "no") out = false;
  else return Fail(ErrorCode::kBadRequest, "setting '" + key + "' must be true or false, got '" + value + "'");
  return {};
}

}  // namespace

const std::vector<std::string>& ConfigKeys() {
  static const std::vector<std::string> keys = {"bind",     "port",          "port-file",    "data-dir",
                                                "threads",  "demo",          "tls-cert",     "tls-key",
                                                "max-body-bytes", "read-timeout", "shutdown-grace", "access-log",
                                                "region",   "token-ttl",     "rate-limit",   "database",
                                                "database-pool", "redis",   "trusted-proxies",
                                                "body-timeout", "max-connections", "max-buffered-body-bytes",
                                                "drain", "public-url", "shared-store-fail-open",
                                                "events-retention-days", "webhooks-allow-private", "webhook-timeout",
                                                "webhook-secret-overlap", "webhooks-ca-file", "secrets-key"};
  return keys;
}

std::string ConfigEnvName(const std::string& key) {
  std::string env = "SUPPLYHUB_";
  for (char c : key) env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

Result<void> SetConfigValue(Config& c, const std::string& key, const std::string& value) {
  if (key == "bind") c.bind = value;
  else if (key == "port") return ParseNumber<uint16_t>(key, value, c.port, 0, 65535);
  else if (key == "port-file") c.port_file = value;
  else if (key == "data-dir") c.data_dir = value;
  else if (key == "database") {
    if (!value.empty() && !value.starts_with("postgresql://") && !value.starts_with("postgres://"))
      return Fail(ErrorCode::kBadRequest, "setting 'database' must be a postgresql:// URL (empty: SQLite in data-dir)");
    c.database = value;
  } else if (key == "database-pool") {
    return ParseNumber<unsigned>(key, value, c.database_pool, 1, 64);
  } else if (key == "trusted-proxies") {  // comma-separated IP addresses, as the server sees them
    c.trusted_proxies.clear();
    for (size_t i = 0; i <= value.size();) {
      size_t end = std::min(value.find(',', i), value.size());
      std::string ip = value.substr(i, end - i);
      ip.erase(0, ip.find_first_not_of(' '));
      ip.erase(ip.find_last_not_of(' ') + 1);
      if (!ip.empty() && ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
        return Fail(ErrorCode::kBadRequest, "setting 'trusted-proxies' must list IP addresses, got '" + ip + "'");
      if (!ip.empty()) c.trusted_proxies.push_back(ip);
      i = end + 1;
    }
  } else if (key == "redis") {
    if (!value.empty() && !value.starts_with("redis://"))
      return Fail(ErrorCode::kBadRequest, "setting 'redis' must be a redis://host:port URL");
    c.redis = value;
  }
  else if (key == "threads") return ParseNumber<unsigned>(key, value, c.threads, 0, 256);
  else if (key == "demo") return ParseBool(key, value, c.demo);
  else if (key == "tls-cert") c.tls_cert = value;
  else if (key == "tls-key") c.tls_key = value;
  else if (key == "max-body-bytes") return ParseNumber<size_t>(key, value, c.max_body_bytes, 1024, size_t{1} << 30);
  else if (key == "read-timeout") return ParseNumber<unsigned>(key, value, c.read_timeout_seconds, 1, 3600);
  else if (key == "body-timeout") return ParseNumber<unsigned>(key, value, c.body_timeout_seconds, 1, 3600);
  else if (key == "max-connections") return ParseNumber<size_t>(key, value, c.max_connections, 0, 1 << 24);
  else if (key == "max-buffered-body-bytes")
    return ParseNumber<size_t>(key, value, c.max_buffered_body_bytes, 1 << 20, size_t{1} << 40);
  else if (key == "drain") return ParseNumber<unsigned>(key, value, c.drain_seconds, 0, 3600);
  else if (key == "shared-store-fail-open") return ParseBool(key, value, c.shared_store_fail_open);
  else if (key == "public-url") {
    std::string url = value;
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (!url.empty() && ((!url.starts_with("https://") && !url.starts_with("http://")) ||
                         url.find_first_of(" \t\r\n?#@") != std::string::npos))
      return Fail(ErrorCode::kBadRequest, "setting 'public-url' must be an http(s)://host[:port][/path] URL");
    c.public_url = url;
  }
  else if (key == "shutdown-grace") return ParseNumber<unsigned>(key, value, c.shutdown_grace_seconds, 0, 3600);
  else if (key == "access-log") return ParseBool(key, value, c.access_log);
  else if (key == "events-retention-days") return ParseNumber<unsigned>(key, value, c.events_retention_days, 1, 3650);
  else if (key == "webhooks-allow-private") return ParseBool(key, value, c.webhooks_allow_private);
  else if (key == "webhook-timeout") return ParseNumber<unsigned>(key, value, c.webhook_timeout_seconds, 1, 300);
  else if (key == "webhook-secret-overlap")
    return ParseNumber<unsigned>(key, value, c.webhook_secret_overlap_seconds, 0, 30 * 86400);
  else if (key == "webhooks-ca-file") c.webhooks_ca_file = value;
  else if (key == "secrets-key") c.secrets_key = value;
  else if (key == "region") {
    if (value.empty() || value.size() > 32 ||
        value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
      return Fail(ErrorCode::kBadRequest, "setting 'region' must be 1-32 of a-z, 0-9 and -");
    c.region = value;
  } else if (key == "token-ttl") {
    return ParseNumber<unsigned>(key, value, c.token_ttl_minutes, 1, 525600);
  } else if (key == "rate-limit") {  // "<pool>/<per second>" for first-party traffic
    size_t slash = value.find('/');
    if (slash == std::string::npos)
      return Fail(ErrorCode::kBadRequest, "setting 'rate-limit' must look like 600/100 (pool/refill per second)");
    if (auto r = ParseNumber<int64_t>(key, value.substr(0, slash), c.first_party_pool, 1, int64_t{1} << 40); !r) return r;
    return ParseNumber<int64_t>(key, value.substr(slash + 1), c.first_party_refill, 1, int64_t{1} << 40);
  }
  else return Fail(ErrorCode::kBadRequest, "unknown setting '" + key + "'");
  return {};
}

Result<void> ApplyConfigFile(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kBadRequest, "cannot read config file " + path);
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail(ErrorCode::kBadRequest, "config file " + path + " must hold a JSON object");
  for (const auto& [key, value] : doc.items()) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (auto set = SetConfigValue(config, key, text); !set)
      return Fail(ErrorCode::kBadRequest, path + ": " + set.error().message);
  }
  return {};
}

Result<void> ApplyEnvironment(Config& config) {
  for (const std::string& key : ConfigKeys()) {
    if (const char* value = std::getenv(ConfigEnvName(key).c_str())) {
      if (auto set = SetConfigValue(config, key, value); !set)
        return Fail(ErrorCode::kBadRequest, ConfigEnvName(key) + ": " + set.error().message);
    }
  }
  return {};
}

}  // namespace supplyhub
