#include "core/config_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace supplyhub {
namespace {

::testing::AssertionResult FailsNaming(const Result<void>& r, const std::string& needle) {
  if (r) return ::testing::AssertionFailure() << "expected an error naming '" << needle << "', got success";
  if (r.error().code != ErrorCode::kBadRequest)
    return ::testing::AssertionFailure() << "expected kBadRequest, got " << ErrorCodeName(r.error().code);
  if (r.error().message.find(needle) == std::string::npos)
    return ::testing::AssertionFailure() << "message '" << r.error().message << "' does not name '" << needle << "'";
  return ::testing::AssertionSuccess();
}

TEST(ConfigLoaderTest, KeysAndEnvironmentNames) {
  const auto& keys = ConfigKeys();
  EXPECT_EQ(keys.size(), 31u);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "region"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "data-dir"), keys.end());
  EXPECT_EQ(ConfigEnvName("data-dir"), "SUPPLYHUB_DATA_DIR");
  EXPECT_EQ(ConfigEnvName("port"), "SUPPLYHUB_PORT");
  EXPECT_EQ(ConfigEnvName("max-body-bytes"), "SUPPLYHUB_MAX_BODY_BYTES");
}

TEST(ConfigLoaderTest, EveryKeyIsAccepted) {
  for (const std::string& key : ConfigKeys()) {
    Config c;
    std::string value = key == "demo" || key == "access-log" ? "true" : key == "bind" ? "0.0.0.0" : "2048";
    if (key == "read-timeout" || key == "shutdown-grace" || key == "threads") value = "5";
    if (key == "region") value = "eu-1";
    if (key == "rate-limit") value = "2048/5";
    if (key == "database-pool") value = "8";
    if (key == "database") value = "postgresql://app@db.internal:5432/supplyhub";
    if (key == "redis") value = "redis://127.0.0.1:6379";
    if (key == "trusted-proxies") value = "127.0.0.1,::1";
    if (key == "max-buffered-body-bytes") value = "67108864";
    if (key == "public-url") value = "https://api.example.com/";
    if (key == "shared-store-fail-open" || key == "webhooks-allow-private") value = "false";
    if (key == "webhook-timeout") value = "30";
    if (key == "webhook-secret-overlap") value = "3600";
    EXPECT_TRUE(SetConfigValue(c, key, value)) << key;
  }
}

TEST(ConfigLoaderTest, DatabaseAndRedisMustBeUrlsOfTheirKind) {
  Config c;
  ASSERT_TRUE(SetConfigValue(c, "database", "postgres://u@h/db"));
  EXPECT_EQ(c.database, "postgres://u@h/db");
  ASSERT_TRUE(SetConfigValue(c, "database", ""));  // back to SQLite
  EXPECT_EQ(c.database, "");
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "database", "mysql://h/db"), "database"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "redis", "http://h"), "redis"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "database-pool", "0"), "database-pool"));
  ASSERT_TRUE(SetConfigValue(c, "trusted-proxies", "10.0.0.1, ,::1"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "trusted-proxies", "nginx.local"), "trusted-proxies"));
}

TEST(ConfigLoaderTest, SetConfigValueParsesEachKey) {
  Config c;
  ASSERT_TRUE(SetConfigValue(c, "bind", "0.0.0.0"));
  ASSERT_TRUE(SetConfigValue(c, "port", "9090"));
  ASSERT_TRUE(SetConfigValue(c, "port-file", "/tmp/port"));
  ASSERT_TRUE(SetConfigValue(c, "data-dir", "/var/lib/supplyhub"));
  ASSERT_TRUE(SetConfigValue(c, "threads", "4"));
  ASSERT_TRUE(SetConfigValue(c, "demo", "yes"));
  ASSERT_TRUE(SetConfigValue(c, "tls-cert", "cert.pem"));
  ASSERT_TRUE(SetConfigValue(c, "tls-key", "key.pem"));
  ASSERT_TRUE(SetConfigValue(c, "max-body-bytes", "4096"));
  ASSERT_TRUE(SetConfigValue(c, "read-timeout", "15"));
  ASSERT_TRUE(SetConfigValue(c, "shutdown-grace", "0"));
  ASSERT_TRUE(SetConfigValue(c, "access-log", "1"));
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.port_file, "/tmp/port");
  EXPECT_EQ(c.data_dir, "/var/lib/supplyhub");
  EXPECT_EQ(c.threads, 4u);
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.tls_cert, "cert.pem");
  EXPECT_EQ(c.tls_key, "key.pem");
  EXPECT_EQ(c.max_body_bytes, 4096u);
  EXPECT_EQ(c.read_timeout_seconds, 15u);
  EXPECT_EQ(c.shutdown_grace_seconds, 0u);
  EXPECT_TRUE(c.access_log);
}

TEST(ConfigLoaderTest, BooleanSpellings) {
  Config c;
  for (const char* t : {"true", "1", "yes"}) {
    c.demo = false;
    ASSERT_TRUE(SetConfigValue(c, "demo", t));
    EXPECT_TRUE(c.demo) << t;
  }
  for (const char* f : {"false", "0", "no"}) {
    c.demo = true;
    ASSERT_TRUE(SetConfigValue(c, "demo", f));
    EXPECT_FALSE(c.demo) << f;
  }
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "demo", "maybe"), "'demo'"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "access-log", "TRUE"), "'access-log'"));
}

TEST(ConfigLoaderTest, PortBoundsAndBadNumbers) {
  Config c;
  EXPECT_TRUE(SetConfigValue(c, "port", "0"));
  EXPECT_EQ(c.port, 0);
  EXPECT_TRUE(SetConfigValue(c, "port", "65535"));
  EXPECT_EQ(c.port, 65535);
  for (const char* bad : {"65536", "-1", "80x", "", " 80", "8.5", "abc", "99999999999999999999"}) {
    EXPECT_TRUE(FailsNaming(SetConfigValue(c, "port", bad), "'port'")) << bad;
    EXPECT_EQ(c.port, 65535) << "a rejected value must not change the setting";
  }
  auto r = SetConfigValue(c, "port", "70000");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "setting 'port' must be a number from 0 to 65535, got '70000'");
}

TEST(ConfigLoaderTest, RangesOfTheOtherNumbers) {
  Config c;
  EXPECT_TRUE(SetConfigValue(c, "threads", "256"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "threads", "257"), "'threads'"));
  EXPECT_TRUE(SetConfigValue(c, "max-body-bytes", "1024"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "max-body-bytes", "1023"), "'max-body-bytes'"));
  EXPECT_TRUE(SetConfigValue(c, "max-body-bytes", "1073741824"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "max-body-bytes", "1073741825"), "'max-body-bytes'"));
  EXPECT_EQ(c.max_body_bytes, 1073741824u);
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "read-timeout", "0"), "'read-timeout'"));
  EXPECT_TRUE(SetConfigValue(c, "read-timeout", "3600"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "read-timeout", "3601"), "'read-timeout'"));
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "shutdown-grace", "-5"), "'shutdown-grace'"));
}

TEST(ConfigLoaderTest, UnknownKeyIsRejectedByName) {
  Config c;
  auto r = SetConfigValue(c, "colour", "blue");
  ASSERT_TRUE(FailsNaming(r, "'colour'"));
  EXPECT_EQ(r.error().message, "unknown setting 'colour'");
  EXPECT_TRUE(FailsNaming(SetConfigValue(c, "data_dir", "x"), "'data_dir'"));  // flags use dashes
  EXPECT_EQ(c.data_dir, "./data");
}

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("supplyhub_config_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    ClearEnvironment();
  }
  void TearDown() override {
    ClearEnvironment();
    std::filesystem::remove_all(dir_);
  }
  static void ClearEnvironment() {
    for (const std::string& key : ConfigKeys()) ::unsetenv(ConfigEnvName(key).c_str());
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::filesystem::path dir_;
};

TEST_F(ConfigFileTest, AppliesNumbersStringsAndBooleans) {
  std::string path = Write("c.json", R"({"port": 9000, "bind": "0.0.0.0", "threads": "3", "demo": true,
                                         "max-body-bytes": 2048, "data-dir": "/srv/data", "access-log": false})");
  Config c;
  c.access_log = true;
  ASSERT_TRUE(ApplyConfigFile(c, path));
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.threads, 3u);
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.data_dir, "/srv/data");
  EXPECT_FALSE(c.access_log);
  EXPECT_EQ(c.read_timeout_seconds, 30u);  // untouched keys keep their defaults
}

TEST_F(ConfigFileTest, EmptyObjectChangesNothing) {
  Config c;
  ASSERT_TRUE(ApplyConfigFile(c, Write("c.json", "{}")));
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.bind, "127.0.0.1");
}

TEST_F(ConfigFileTest, RejectsANonObject) {
  Config c;
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("a.json", "[1, 2]")), "must hold a JSON object"));
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("n.json", "42")), "must hold a JSON object"));
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("bad.json", "{\"port\": ")), "must hold a JSON object"));
}

TEST_F(ConfigFileTest, RejectsUnknownKeysAndBadValuesNamingTheFileAndKey) {
  Config c;
  std::string path = Write("u.json", R"({"prot": 9000})");
  auto r = ApplyConfigFile(c, path);
  EXPECT_TRUE(FailsNaming(r, "'prot'"));
  EXPECT_TRUE(FailsNaming(r, path));
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("p.json", R"({"port": 80.5})")), "'port'"));
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("q.json", R"({"port": 123456})")), "'port'"));
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, Write("d.json", R"({"demo": "perhaps"})")), "'demo'"));
}

TEST_F(ConfigFileTest, MissingFileIsAnError) {
  Config c;
  EXPECT_TRUE(FailsNaming(ApplyConfigFile(c, (dir_ / "absent.json").string()), "cannot read config file"));
}

TEST_F(ConfigFileTest, EnvironmentIsReadForEveryKey) {
  ::setenv("SUPPLYHUB_PORT", "9100", 1);
  ::setenv("SUPPLYHUB_DATA_DIR", "/env/data", 1);
  ::setenv("SUPPLYHUB_DEMO", "yes", 1);
  ::setenv("SUPPLYHUB_MAX_BODY_BYTES", "65536", 1);
  ::setenv("SUPPLYHUB_ACCESS_LOG", "1", 1);
  Config c;
  ASSERT_TRUE(ApplyEnvironment(c));
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.data_dir, "/env/data");
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.max_body_bytes, 65536u);
  EXPECT_TRUE(c.access_log);
  EXPECT_EQ(c.bind, "127.0.0.1");
}

TEST_F(ConfigFileTest, NoEnvironmentChangesNothing) {
  Config c;
  ASSERT_TRUE(ApplyEnvironment(c));
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.data_dir, "./data");
}

TEST_F(ConfigFileTest, BadEnvironmentValueNamesTheVariable) {
  ::setenv("SUPPLYHUB_PORT", "http", 1);
  Config c;
  auto r = ApplyEnvironment(c);
  EXPECT_TRUE(FailsNaming(r, "SUPPLYHUB_PORT"));
  EXPECT_TRUE(FailsNaming(r, "'port'"));
  EXPECT_EQ(c.port, 8080);
}

TEST_F(ConfigFileTest, EnvironmentOverridesTheFileWhenAppliedAfterIt) {
  std::string path = Write("c.json", R"({"port": 9000, "bind": "0.0.0.0", "threads": 2})");
  ::setenv("SUPPLYHUB_PORT", "9200", 1);
  ::setenv("SUPPLYHUB_THREADS", "8", 1);
  Config c;
  ASSERT_TRUE(ApplyConfigFile(c, path));
  ASSERT_TRUE(ApplyEnvironment(c));
  EXPECT_EQ(c.port, 9200);
  EXPECT_EQ(c.threads, 8u);
  EXPECT_EQ(c.bind, "0.0.0.0");  // only in the file
}

}  // namespace
}  // namespace supplyhub

namespace supplyhub {
namespace {

TEST(ConfigLoaderRegionTest, RegionIsAPlainLabel) {
  Config c;
  EXPECT_TRUE(SetConfigValue(c, "region", "eu-west-1"));
  EXPECT_EQ(c.region, "eu-west-1");
  EXPECT_FALSE(SetConfigValue(c, "region", "EU_1"));
  EXPECT_FALSE(SetConfigValue(c, "region", ""));
  EXPECT_TRUE(SetConfigValue(c, "token-ttl", "5"));
  EXPECT_EQ(c.token_ttl_minutes, 5u);
  EXPECT_FALSE(SetConfigValue(c, "token-ttl", "0"));
}

}  // namespace
}  // namespace supplyhub
