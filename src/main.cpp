// supplyhub serve | migrate | admin ... | export | import | version
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "app/app.h"
#include "app/migrations.h"
#include "app/transfer.h"
#include "core/config_loader.h"
#include "core/log.h"
#include "core/password.h"
#include "core/json_writer.h"
#include "features/identity/api_tokens.h"
#include "features/identity/identity_repository.h"
#include "features/oauth/oauth_service.h"
#include "storage/block_on.h"

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
    if (key == "demo" || key == "access-log" || key == "webhooks-allow-private")
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
    std::string value = (key == "demo" || key == "access-log" || key == "webhooks-allow-private") ? "true" : s.flags[key];
    if (auto r = SetConfigValue(config, key, value); !r) return Fail(r.error());
  }
  return config;
}

std::vector<std::string> SplitCsv(const std::string& csv) {
  std::vector<std::string> out;
  for (size_t i = 0; i <= csv.size();) {
    size_t end = std::min(csv.find(',', i), csv.size());
    if (end > i) out.push_back(csv.substr(i, end - i));
    i = end + 1;
  }
  return out;
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
  // admin: bootstrap identities without HTTP.
  auto* admin = cli.add_subcommand("admin", "Create organizations and users directly in the database");
  admin->require_subcommand(1);
  Settings org_settings, user_settings, token_settings, client_settings;
  std::string org_name, environment = "sandbox", username, email, password, role = "member";
  int64_t org_id = 0;
  auto* create_org = admin->add_subcommand("create-org", "Create an organization; prints its id");
  AddSettings(create_org, org_settings);
  create_org->add_option("--name", org_name, "organization name")->required();
  create_org->add_option("--environment", environment, "sandbox or production")
      ->check(CLI::IsMember({"sandbox", "production"}));
  auto* create_user = admin->add_subcommand("create-user", "Create a user, optionally a member of an organization");
  AddSettings(create_user, user_settings);
  create_user->add_option("--username", username)->required();
  create_user->add_option("--email", email)->required();
  create_user->add_option("--password", password, "or set SUPPLYHUB_ADMIN_PASSWORD")->envname("SUPPLYHUB_ADMIN_PASSWORD")
      ->required();
  create_user->add_option("--org", org_id, "organization id to join");
  create_user->add_option("--role", role)->check(CLI::IsMember({"owner", "admin", "member", "viewer"}));
  auto* create_token = admin->add_subcommand("create-token", "Create an API token; prints it (shown only once)");
  AddSettings(create_token, token_settings);
  std::string token_user, token_scope = "full";
  features::ApiTokenSpec token_spec;
  create_token->add_option("--org", org_id, "organization id")->required();
  create_token->add_option("--user", token_user, "username the token acts as (a member of --org)")->required();
  create_token->add_option("--name", token_spec.name)->required();
  create_token->add_option("--description", token_spec.description);
  create_token->add_option("--scope", token_scope, "full, or comma-separated scopes like read:parts,write:parts");
  create_token->add_option("--auto-purge", token_spec.auto_purge, "1h 4h 1d 4d 10d 30d never");
  auto* create_client = admin->add_subcommand("create-client", "Register an OAuth partner app; prints its credentials");
  AddSettings(create_client, client_settings);
  features::OAuthClient oauth_client;
  std::string client_user, client_scopes = "read:parts", client_grants = "authorization_code,refresh_token",
                             client_redirects;
  create_client->add_option("--org", org_id, "organization that owns the app")->required();
  create_client->add_option("--user", client_user, "owner or admin registering it")->required();
  create_client->add_option("--name", oauth_client.name)->required();
  create_client->add_option("--company", oauth_client.company);
  create_client->add_option("--purpose", oauth_client.purpose);
  create_client->add_option("--redirect-uris", client_redirects, "comma-separated");
  create_client->add_option("--scopes", client_scopes, "comma-separated, e.g. read:parts,offline_access");
  create_client->add_option("--grants", client_grants, "comma-separated grant types");
  create_client->add_option("--refresh-policy", oauth_client.refresh_policy)->check(CLI::IsMember({"stable", "rotate"}));
  create_client->add_option("--access-token-ttl", oauth_client.access_token_ttl, "seconds")
      ->check(CLI::Range(int64_t{60}, int64_t{31536000}));
  // export / import: move a whole database, e.g. from SQLite to PostgreSQL.
  Settings export_settings, import_settings;
  std::string dump_path;
  auto* export_cmd = cli.add_subcommand("export", "Write the whole database to a dump file (JSON lines)");
  AddSettings(export_cmd, export_settings);
  export_cmd->add_option("--output", dump_path, "dump file to write")->required();
  auto* import_cmd = cli.add_subcommand("import", "Load a dump into a new, empty database (migrated first)");
  AddSettings(import_cmd, import_settings);
  import_cmd->add_option("--input", dump_path, "dump file written by export")->required();
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
  if (export_cmd->parsed() || import_cmd->parsed()) {
    const bool exporting = export_cmd->parsed();
    auto config = Resolve(exporting ? export_settings : import_settings);
    if (!config) return Die(config.error());
    auto stats = exporting ? app::ExportToFile(*config, dump_path) : app::ImportFromFile(*config, dump_path);
    if (!stats) return Die(stats.error());
    std::printf(exporting ? "exported %lld rows from %d tables\n" : "imported %lld rows into %d tables\n",
                static_cast<long long>(stats->rows), stats->tables);
    return 0;
  }
  if (admin->parsed()) {
    auto config = Resolve(create_org->parsed()    ? org_settings
                          : create_user->parsed() ? user_settings
                          : create_client->parsed() ? client_settings
                                                    : token_settings);
    if (!config) return Die(config.error());
    auto db = app::OpenDatabase(*config);
    if (!db) return Die(db.error());
    if (auto ran = storage::Migrate(**db, app::AllMigrations()); !ran) return Die(ran.error());
    features::IdentityRepository identity(**db);
    int code = 0;
    if (create_org->parsed()) {
      auto id = storage::BlockOn(identity.CreateOrganization(org_name, environment));
      if (!id) code = Die(id.error());
      else std::printf("{\"id\":%lld,\"name\":\"%s\"}\n", static_cast<long long>(*id), org_name.c_str());
    } else if (create_user->parsed()) {
      auto id = storage::BlockOn(identity.CreateUser(username, email, HashPassword(password)));
      if (!id) {
        code = Die(id.error());
      } else {
        if (org_id > 0) {
          auto added = storage::BlockOn(
              identity.AddMember(org_id, *id, features::IdentityRepository::ParseRole(role).value_or(http::Role::kMember)));
          if (!added) code = Die(added.error());
        }
        if (code == 0) std::printf("{\"id\":%lld,\"username\":\"%s\"}\n", static_cast<long long>(*id), username.c_str());
      }
    }
    if (create_token->parsed()) {
      token_spec.scopes = token_scope == "full" ? std::vector<std::string>{"*"} : SplitCsv(token_scope);
      auto user = storage::BlockOn(identity.FindUser(token_user));
      auto checked = features::CheckApiTokenSpec(token_spec);
      if (!user) {
        code = Die(user.error());
      } else if (!*user) {
        code = Die(Error::Of(ErrorCode::kNotFound, "no user " + token_user));
      } else if (!checked) {
        std::string why = checked.error().message;
        for (const auto& [field, messages] : checked.error().fields) why += "; " + field + " " + messages.front();
        code = Die(Error::Of(ErrorCode::kValidation, why));
      } else {
        auto role = storage::BlockOn(identity.RoleIn((*user)->id, org_id));
        if (!role || !*role) {
          code = Die(Error::Of(ErrorCode::kNotFound, token_user + " is not a member of organization " +
                                                         std::to_string(org_id)));
        } else {
          JsonWriter row;
          auto token = storage::BlockOn(
              features::CreateApiToken(**db, config->region, (*user)->id, org_id, token_spec, row));
          if (!token) code = Die(token.error());
          else std::printf("{\"token\":\"%s\"}\n", token->c_str());
        }
      }
    }
    if (create_client->parsed()) {
      oauth_client.redirect_uris = SplitCsv(client_redirects);
      oauth_client.scopes = SplitCsv(client_scopes);
      oauth_client.grant_types = SplitCsv(client_grants);
      auto user = storage::BlockOn(identity.FindUser(client_user));
      auto role = user && *user ? storage::BlockOn(identity.RoleIn((*user)->id, org_id))
                                : Result<std::optional<http::Role>>{};
      bool may = role && *role && (**role == http::Role::kOwner || **role == http::Role::kAdmin);
      if (!may) {
        code = Die(Error::Of(ErrorCode::kForbidden, client_user + " is not an owner or admin of organization " +
                                                        std::to_string(org_id)));
      } else if (auto checked = features::CheckClient(oauth_client); !checked) {
        std::string why = checked.error().message;
        for (const auto& [field, messages] : checked.error().fields) why += "; " + field + " " + messages.front();
        code = Die(Error::Of(ErrorCode::kValidation, why));
      } else {
        auto made = storage::BlockOn(features::RegisterClient(**db, org_id, (*user)->id, oauth_client));
        if (!made) {
          code = Die(made.error());
        } else {
          std::printf("{\"client_id\":\"%s\",\"client_secret\":\"%s\"}\n", made->first.client_id.c_str(),
                      made->second.c_str());
        }
      }
    }
    (*db)->Close();
    return code;
  }
  if (serve->parsed()) {
    auto config = Resolve(serve_settings);
    if (!config) return Die(config.error());
    // A SIGTERM that arrives before RunUntilSignal listens (e.g. right after
    // the port file appears) must wait for it, not kill the process: block
    // it here, in every thread started from now on; RunUntilSignal unblocks.
    http::Server::HoldStopSignals();
    auto app = app::App::Create(*config);
    if (!app) return Die(app.error());
    auto port = (*app)->Start();
    if (!port) return Die(port.error());
    std::string scheme = config->tls_cert.empty() ? "http" : "https";
    log::Info("listening", {{"url", scheme + "://" + config->bind + ":" + std::to_string(*port)},
                            // never the PostgreSQL URL: it may carry a password
                            {"database", config->database.empty() ? "sqlite:" + config->data_dir + "/supplyhub.db"
                                                                  : std::string("postgresql")}});
    (*app)->RunUntilSignal();
    log::Info("stopped");
    return 0;
  }
  return 0;
}
