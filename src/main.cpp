// supplyhub serve | migrate | version
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdio>
#include <map>

#include "app/app.h"
#include "app/migrations.h"
#include "core/config_loader.h"
#include "core/log.h"

using namespace supplyhub;

namespace {

struct Settings {
  std::string config_file;
  std::map<std::string, std::string> flags;
  std::map<std::string, CLI::Option*> options;
};

void AddSettings(CLI::App* cmd, Settings& s) {
  cmd->add_option("--config", s.config_file, "JSON config file (keys as the flags: port, data-dir, ...)");
  for (const std::string& key : ConfigKeys()) {
    std::string help = "also " + ConfigEnvName(key);
    if (key == "demo" || key == "access-log")
      s.options[key] = cmd->add_flag("--" + key)->description(help);
    else
      s.options[key] = cmd->add_option("--" + key, s.flags[key], help);
  }
}

// defaults < config file < environment < flags
Result<Config> Resolve(Settings& s) {
  Config config;
  if (!s.config_file.empty())
    if (auto r = ApplyConfigFile(config, s.config_file); !r) return Fail(r.error());
  if (auto r = ApplyEnvironment(config); !r) return Fail(r.error());
  for (const auto& [key, option] : s.options) {
    if (option->count() == 0) continue;
    std::string value = (key == "demo" || key == "access-log") ? "true" : s.flags[key];
    if (auto r = SetConfigValue(config, key, value); !r) return Fail(r.error());
  }
  return config;
}

int Die(const Error& e) {
  log::Error(e.message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Argon2 allocates ~19 MB per password check. A fixed mmap threshold makes
  // such blocks go straight back to the OS instead of growing malloc arenas.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  CLI::App cli{"Supplyhub: supply-chain quality and operations data"};
  cli.require_subcommand(1);
  Settings serve_settings, migrate_settings;
  auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
  AddSettings(serve, serve_settings);
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  AddSettings(migrate, migrate_settings);
  cli.add_subcommand("version", "Print the version")->callback([] { std::printf("supplyhub %s\n", SUPPLYHUB_VERSION); });
  CLI11_PARSE(cli, argc, argv);

  if (migrate->parsed()) {
    auto config = Resolve(migrate_settings);
    if (!config) return Die(config.error());
    auto db = app::OpenDatabase(*config);
    if (!db) return Die(db.error());
    auto ran = storage::Migrate(**db, app::AllMigrations());
    (*db)->Close();
    if (!ran) return Die(ran.error());
    std::printf("%d migration(s) applied\n", *ran);
    return 0;
  }
  if (serve->parsed()) {
    auto config = Resolve(serve_settings);
    if (!config) return Die(config.error());
    auto app = app::App::Create(*config);
    if (!app) return Die(app.error());
    auto port = (*app)->Start();
    if (!port) return Die(port.error());
    std::string scheme = config->tls_cert.empty() ? "http" : "https";
    log::Info("listening", {{"url", scheme + "://" + config->bind + ":" + std::to_string(*port)},
                            {"data_dir", config->data_dir}});
    (*app)->RunUntilSignal();
    log::Info("stopped");
    return 0;
  }
  return 0;
}
