// `supplyhub export` and `import` as users run them: a SQLite database built
// through the API moves to the suite's backend (PostgreSQL in the pg.* run,
// a second SQLite file otherwise) and serves the same records.
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "schema/resource.h"
#include "support/test_server.h"
#include "schema/registry.h"
#include "support/build_paths.h"

namespace supplyhub::testing {
namespace {

// The first line where two dumps differ, both versions (for the failure message).
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t start = a.rfind('\n', i);
  start = start == std::string::npos ? 0 : start + 1;
  size_t from = std::max(start, i > 200 ? i - 200 : size_t{0});
  return "\n  target: …" + a.substr(from, 400) + "\n  source: …" + b.substr(from, 400);
}


struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // The binary with `args` (shell words) after `env` assignments.
  CliRun Run(const std::string& env, const std::string& args) {
    std::string command = env + " " + SupplyhubBin() + " " + args + " 2>" + Path("stderr.txt");
    CliRun r;
    FILE* p = ::popen(command.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = ReadFile(Path("stderr.txt"));
    return r;
  }

  // The source is always the SQLite database in "source".
  CliRun SourceCommand(const std::string& args) {
    return Run("SUPPLYHUB_DATABASE=", args + " --data-dir " + Path("source"));
  }
  // The target: the suite's PostgreSQL database, or SQLite in "target".
  std::vector<std::string> TargetSettings() const {
    std::string url = TestDatabaseUrl();
    if (url.empty()) return {"--data-dir", Path("target")};
    return {"--database", url};
  }
  CliRun TargetCommand(const std::string& args) {
    std::string settings;
    for (const auto& word : TargetSettings()) settings += " '" + word + "'";
    return Run("SUPPLYHUB_DATABASE=", args + settings);
  }
  CliRun Import(const std::string& dump) { return TargetCommand("import --input " + dump); }

  std::string dir_;
};

std::string Login(uint16_t port, const std::string& user, const std::string& password) {
  auto r = HttpClient(port).Post("/v1/auth/login", nlohmann::json{{"username", user}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.Json()["data"]["token"].get<std::string>() : std::string();
}

int64_t Create(HttpClient& c, const std::string& resource, const nlohmann::json& body) {
  auto r = c.Post("/v1/" + resource, body.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.Json()["data"]["id"].get<int64_t>() : 0;
}

// Every record of a resource, in id order.
nlohmann::json AllRecords(HttpClient& c, const std::string& resource) {
  nlohmann::json all = nlohmann::json::array();
  for (int page = 1;; ++page) {
    auto r = c.Get("/v1/" + resource + "?per_page=1000&page=" + std::to_string(page));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return all;
    auto j = r.Json();
    for (auto& row : j["data"]) all.push_back(row);
    if (j["data"].empty() || all.size() >= j["meta"]["total_count"].get<size_t>()) return all;
  }
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// "exported 12 rows from 3 tables" -> {12, 3}
std::pair<int64_t, int64_t> Summary(const std::string& out, const std::string& verb, const std::string& preposition) {
  std::smatch m;
  std::regex pattern("^" + verb + " (\\d+) rows " + preposition + " (\\d+) tables\n$");
  if (!std::regex_match(out, m, pattern)) {
    ADD_FAILURE() << "unexpected summary: " << out;
    return {-1, -1};
  }
  return {std::stoll(m[1]), std::stoll(m[2])};
}

TEST_F(TransferTest, ExportThenImportCopiesEveryRecord) {
  // A SQLite source (whatever the suite's backend), filled through the API.
  ServerProcess source({"serve", "--demo", "--port", "0", "--port-file", Path("port"), "--data-dir", Path("source")},
                       {"SUPPLYHUB_DATABASE="});
  uint16_t port = source.WaitForPort(Path("port"));
  ASSERT_NE(port, 0);
  std::string token = Login(port, "User1", "Password123");
  HttpClient c(port);
  c.SetDefaultHeaders({{"Authorization", "Bearer " + token}});
  int64_t demo_parts = c.Get("/v1/parts?per_page=1").Json()["meta"]["total_count"];  // the demo's story
  int64_t unicode = Create(c, "companies", {{"name", "Société Générale — 東京支店 🚚"}, {"city", "Zürich"}});
  Create(c, "companies", {{"name", "Acme"}, {"country", "US"}});
  int64_t quoted = Create(c, "suppliers", {{"name", "Say \"hi\" \\ back\nslash"}, {"notes", "tab\there"}});
  int64_t plain = Create(c, "suppliers", {{"name", "Plain"}});
  int64_t p1 = Create(c, "parts", {{"name", "Blue Juice"}, {"identification", "P1"}, {"company_id", unicode},
                                   {"supplier_id", quoted}, {"density", 0.1}, {"density_mass_unit", "g"},
                                   {"density_volume_unit", "ml"}, {"unit_type", "Volume"}, {"unit_of_measure", "ml"},
                                   {"batch_ids", {"B1", "B2"}}, {"is_activity", false}});
  Create(c, "parts", {{"name", "Child"}, {"identification", "P2"}, {"parent_part_id", p1}, {"density", 3.0}});
  Create(c, "parts", {{"name", "Tiny"}, {"identification", "P3"}, {"density", 1e-7}});
  // More rows than one INSERT batch, with doubles that need all 17 digits.
  for (int chunk = 0; chunk < 2; ++chunk) {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < 600; ++i) {
      int n = chunk * 600 + i;
      rows.push_back({{"name", "Bulk " + std::to_string(n)}, {"identification", "B-" + std::to_string(n)},
                      {"supplier_id", plain}, {"density", n / 7.0}});
    }
    ASSERT_EQ(c.Post("/v1/parts/bulk", rows.dump()).status, 201);
  }
  // A reference to a row a few batches later: the import must not depend on id order.
  auto later = c.Get("/v1/parts?identification=B-1199");
  ASSERT_EQ(later.status, 200) << later.body;
  int64_t later_id = later.Json()["data"][0]["id"].get<int64_t>();
  ASSERT_EQ(c.Patch("/v1/parts/" + std::to_string(p1), nlohmann::json{{"parent_part_id", later_id}}.dump()).status,
            200);
  // The highest id is deleted: the target must not hand it out again.
  int64_t deleted = Create(c, "parts", {{"name", "Gone"}, {"identification", "GONE"}});
  ASSERT_EQ(c.Delete("/v1/parts/" + std::to_string(deleted)).status, 200);
  nlohmann::json before;
  // Every resource: the demo's story fills each of them (children, money, actions' results).
  for (const schema::Resource* r : schema::AllResources()) before[r->name] = AllRecords(c, r->name);
  ASSERT_EQ(before["parts"].size(), static_cast<size_t>(demo_parts) + 1203u);
  source.Signal(SIGTERM);
  ASSERT_EQ(source.WaitExit(), 0);
  CliRun client = SourceCommand("admin create-client --org 1 --user User1 --name Partner --grants client_credentials "
                                "--scopes read:parts");
  ASSERT_EQ(client.code, 0) << client.err;
  auto partner = nlohmann::json::parse(client.out);

  CliRun exported = SourceCommand("export --output " + Path("dump.jsonl"));
  ASSERT_EQ(exported.code, 0) << exported.err;
  auto [rows, tables] = Summary(exported.out, "exported", "from");
  EXPECT_NE(exported.err.find("parts"), std::string::npos) << exported.err;
  EXPECT_NE(exported.err.find("100%"), std::string::npos) << exported.err;
  std::string dump = ReadFile(Path("dump.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(Path("dump.jsonl.partial")));
  auto lines = Lines(dump);
  ASSERT_FALSE(lines.empty());
  auto header = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(header["format"], "supplyhub-dump");
  EXPECT_EQ(static_cast<int64_t>(header["tables"].size()), tables);
  EXPECT_EQ(static_cast<int64_t>(lines.size()) - 1, rows);
  EXPECT_NE(dump.find("東京支店"), std::string::npos);  // UTF-8 as is
  EXPECT_EQ(dump.find("schema_migrations"), std::string::npos);

  CliRun imported = Import(Path("dump.jsonl"));
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_EQ(Summary(imported.out, "imported", "into"), std::make_pair(rows, tables));
  EXPECT_NE(imported.err.find("parts"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("100%"), std::string::npos) << imported.err;
  // Exporting the target gives the same dump, byte for byte (on PostgreSQL: `export --database`).
  CliRun again = TargetCommand("export --output " + Path("again.jsonl"));
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_TRUE(ReadFile(Path("again.jsonl")) == dump) << "the target's export differs from the source's: "
                                                    << FirstDifference(ReadFile(Path("again.jsonl")), dump);

  std::vector<std::string> serve = {"serve", "--port", "0", "--port-file", Path("port2")};
  for (const auto& word : TargetSettings()) serve.push_back(word);
  ServerProcess target(serve, {"SUPPLYHUB_DATABASE="});
  uint16_t port2 = target.WaitForPort(Path("port2"));
  ASSERT_NE(port2, 0);
  std::string token2 = Login(port2, "User1", "Password123");  // the password hash came across
  ASSERT_FALSE(token2.empty());
  HttpClient t(port2);
  t.SetDefaultHeaders({{"Authorization", "Bearer " + token2}});
  for (const schema::Resource* r : schema::AllResources())
    EXPECT_EQ(AllRecords(t, r->name), before[r->name]) << r->name;
  // Sessions and partner apps came across too.
  EXPECT_EQ(t.Get("/v1/parts?per_page=1", {{"Authorization", "Bearer " + token}}).status, 200);
  auto cc = HttpClient(port2).Send("POST", "/oauth/token",
                                   "grant_type=client_credentials&client_id=" +
                                       partner["client_id"].get<std::string>() +
                                       "&client_secret=" + partner["client_secret"].get<std::string>(),
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(cc.status, 200) << cc.body;
  // New rows continue after the highest id ever issued: no collision, no reuse.
  EXPECT_EQ(Create(t, "parts", {{"name", "After the move"}, {"identification", "NEW"}}), deleted + 1);
  EXPECT_EQ(Create(t, "companies", {{"name", "New Co"}}), before["companies"].back()["id"].get<int64_t>() + 1);
  target.Signal(SIGTERM);
  EXPECT_EQ(target.WaitExit(), 0);

  CliRun twice = Import(Path("dump.jsonl"));
  EXPECT_EQ(twice.code, 1);
  EXPECT_NE(twice.err.find("target database is not empty"), std::string::npos) << twice.err;
}

TEST_F(TransferTest, ImportRefusesDumpsItCannotTrustAndLeavesTheTargetEmpty) {
  ASSERT_EQ(SourceCommand("admin create-org --name Org").code, 0);
  ASSERT_EQ(SourceCommand("admin create-user --username u1 --email u1@example.com --password Pass-word-1 --org 1 "
                          "--role owner")
                .code,
            0);
  ASSERT_EQ(SourceCommand("export --output " + Path("dump.jsonl")).code, 0);
  std::string dump = ReadFile(Path("dump.jsonl"));
  auto lines = Lines(dump);
  ASSERT_EQ(lines.size(), 4u);  // header, organization, user, membership
  auto header = nlohmann::json::parse(lines[0]);

  auto refused = [&](const std::string& name, const std::string& text, const std::string& why) {
    WriteFile(Path(name), text);
    CliRun r = Import(Path(name));
    EXPECT_EQ(r.code, 1) << name;
    EXPECT_NE(r.err.find(why), std::string::npos) << name << ": " << r.err;
  };
  refused("not-a-dump", "hello\n", "not a Supplyhub dump");
  auto older = header;
  older["schema_version"] = header["schema_version"].get<int64_t>() - 1;
  refused("other-version", Join({older.dump(), lines[1], lines[2], lines[3]}), "schema version");
  refused("garbled", Join({lines[0], R"({"t":"organizations","r":[1,"Or)", lines[2], lines[3]}),
          "dump line 2: not valid JSON");
  refused("cut-short", dump.substr(0, dump.size() - 8), "dump line 4: not valid JSON");
  refused("missing-rows", Join({lines[0], lines[1], lines[2]}), "truncated");
  auto wrong_type = nlohmann::json::parse(lines[1]);
  wrong_type["r"][0] = "1";
  refused("wrong-type", Join({lines[0], wrong_type.dump(), lines[2], lines[3]}), "organizations.id");
  refused("extra-rows", dump + lines[3] + "\n", "more rows than");
  CliRun missing = Import(Path("no-such-file"));
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;

  // Every refusal (some after inserting rows) left the target empty.
  CliRun ok = Import(Path("dump.jsonl"));
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "imported 3 rows into " + std::to_string(header["tables"].size()) + " tables\n");
}

TEST_F(TransferTest, ExportNeedsAnExistingDatabaseAndAWritableFile) {
  CliRun none = SourceCommand("export --output " + Path("dump.jsonl"));
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("no database to export"), std::string::npos) << none.err;
  EXPECT_FALSE(std::filesystem::exists(Path("source")));  // not created by looking
  ASSERT_EQ(SourceCommand("migrate").code, 0);
  CliRun unwritable = SourceCommand("export --output " + Path("no/such/dir/dump.jsonl"));
  EXPECT_EQ(unwritable.code, 1);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace supplyhub::testing
