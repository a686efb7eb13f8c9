#include "support/test_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "core/log.h"
#include "core/password.h"
#include "storage/block_on.h"

namespace supplyhub::testing {

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "supplyhub-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (!made) throw std::runtime_error("mkdtemp failed");
  return made;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Shell(const std::string& command, bool stdout_only) {
  TestDatabaseUrl();  // a command may read SUPPLYHUB_DATABASE: the database must exist
  std::string out;
  FILE* p = ::popen((command + (stdout_only ? " 2>/dev/null" : " 2>&1")).c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

namespace {

// The state every ServerTest starts from: a migrated database holding "Test
// Org", its owner and the owner's login token. It is made once per process
// and suite, in a data directory (and on PostgreSQL a database) of its own.
// Each test starts on a copy of the directory; on PostgreSQL the suite's
// database is put back to that state (DatabaseSnapshot) before each test.
// The same rows, made by the same steps, without migrating, creating a
// database and hashing passwords again for every test.
struct StartingState {
  std::string data_dir;  // empty: not made yet
  std::string database;  // PostgreSQL: the suite's database
  std::optional<DatabaseSnapshot> snapshot;
  bool pristine = false;  // the database is still as the snapshot has it
  int64_t org_id = 0;
  std::string token;
  ~StartingState() {
    std::error_code ec;
    if (!data_dir.empty()) std::filesystem::remove_all(data_dir, ec);
    if (!database.empty()) DropSuiteDatabase(database);
  }
};

// One per suite: a suite's Configure() may shape it (the demo, for one).
StartingState& SuiteStartingState() {
  static std::map<std::string, StartingState> states;
  return states[::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name()];
}

// Argon2id is deliberately slow (~50 ms); a test process hashes each
// password once and reuses the hash (each user still gets a stored hash).
std::string CachedPasswordHash(const std::string& password) {
  static std::mutex mutex;
  static std::map<std::string, std::string> hashes;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, added] = hashes.try_emplace(password);
  if (added) it->second = HashPassword(password);
  return it->second;
}

void CopyDirectory(const std::string& from, const std::string& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive |
                                      std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

void ServerTest::SetUp() {
  log::SetQuiet(true);
  data_dir_ = MakeTempDir();
  config_.bind = "127.0.0.1";
  config_.port = 0;
  config_.data_dir = data_dir_;
  config_.database = PlannedTestDatabaseUrl();
  config_.threads = 2;
  bool postgres = !config_.database.empty();
  Configure(config_);
  StartingState& state = SuiteStartingState();
  // A suite that picks its own directory or database makes its state itself.
  bool copy = CopiesStartingState() && config_.data_dir == data_dir_ && config_.database == PlannedTestDatabaseUrl();
  if (copy && state.data_dir.empty()) {  // the suite's first test in this process makes it
    Config made = config_;
    made.data_dir = MakeTempDir();
    std::string database = postgres ? NewSuiteDatabase() : "";
    if (postgres) made.database = DatabaseUrlOf(database);
    std::swap(config_, made);
    MakeStartingState();
    std::swap(config_, made);
    app_.reset();
    // (fields one by one: a temporary StartingState's destructor would remove what it names)
    state.data_dir = made.data_dir;
    state.database = database;
    state.org_id = org_id_;
    state.token = token_;
    if (HasFatalFailure()) return;
    if (postgres) state.snapshot = DatabaseSnapshot::Take(made.database);
    state.pristine = true;
  }
  if (copy) {
    CopyDirectory(state.data_dir, data_dir_);
    if (postgres) {
      config_.database = DatabaseUrlOf(state.database);
      if (!state.pristine) state.snapshot->Restore(config_.database);
      state.pristine = false;
      UseTestDatabase(config_.database);
    }
    org_id_ = state.org_id;
    token_ = state.token;
    StartApp();
  } else {
    if (postgres && config_.database == PlannedTestDatabaseUrl()) TestDatabaseUrl();  // made now
    MakeStartingState();
  }
  if (HasFatalFailure()) return;
  client_ = std::make_unique<HttpClient>(port_);
  client_->SetDefaultHeaders(Bearer(token_));
}

void ServerTest::MakeStartingState() {
  StartApp();
  if (HasFatalFailure()) return;
  auto org = storage::BlockOn(app_->identity().CreateOrganization("Test Org", "sandbox"));
  ASSERT_TRUE(org);
  org_id_ = *org;
  CreateUser("owner", "Owner-pass-1", org_id_, http::Role::kOwner);
  token_ = Login("owner", "Owner-pass-1");
  ASSERT_FALSE(token_.empty());
}

int64_t ServerTest::CreateUser(const std::string& username, const std::string& password, int64_t org,
                               http::Role role) {
  auto user = storage::BlockOn(app_->identity().CreateUser(username, username + "@example.com", CachedPasswordHash(password)));
  EXPECT_TRUE(user) << user.error().message;
  if (org > 0) {
    EXPECT_TRUE(storage::BlockOn(app_->identity().AddMember(org, *user, role)));
  }
  return *user;
}

std::string ServerTest::Login(const std::string& username, const std::string& password) {
  HttpClient c(port_);
  auto r = c.Post("/v1/auth/login", nlohmann::json{{"username", username}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  return r.Json()["data"]["token"].get<std::string>();
}

void ServerTest::StartApp() {
  auto app = app::App::Create(config_);
  ASSERT_TRUE(app) << app.error().message;
  app_ = std::move(*app);
  auto port = app_->Start();
  ASSERT_TRUE(port) << port.error().message;
  port_ = *port;
}

void ServerTest::Restart() {
  client_.reset();
  app_.reset();
  StartApp();
  if (HasFatalFailure()) return;
  client_ = std::make_unique<HttpClient>(port_);
  client_->SetDefaultHeaders(Bearer(token_));
}

void ServerTest::TearDown() {
  client_.reset();
  app_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

int64_t ServerTest::Count(const std::string& resource, const Headers& headers) {
  HttpClient c(port_);
  c.SetDefaultHeaders(Bearer(token_));
  auto r = c.Get("/v1/" + resource + "?per_page=1", headers);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.Json()["meta"]["total_count"].get<int64_t>();
}

Headers ServerTest::OtherOrganization(const std::string& name) {
  auto org = storage::BlockOn(app_->identity().CreateOrganization(name, "sandbox"));
  EXPECT_TRUE(org);
  std::string user = "owner-of-" + std::to_string(*org);
  CreateUser(user, "Other-pass-1", *org, http::Role::kOwner);
  return Bearer(Login(user, "Other-pass-1"));
}

ServerProcess::ServerProcess(std::vector<std::string> args, std::vector<std::string> env, std::string bin) {
  TestDatabaseUrl();  // the child reads SUPPLYHUB_DATABASE: the database must exist
  pid_ = ::fork();
  if (pid_ == 0) {
    for (const auto& e : env) ::putenv(::strdup(e.c_str()));
    std::vector<char*> argv;
    argv.push_back(bin.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

uint16_t ServerProcess::WaitForPort(const std::string& port_file, int timeout_ms) {
  return WaitForPortFile(port_file, timeout_ms);
}

uint16_t WaitForPortFile(const std::string& port_file, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = ReadFile(port_file);
    if (!text.empty() && text.back() == '\n') return static_cast<uint16_t>(std::stoi(text));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

void ServerProcess::Signal(int sig) { ::kill(pid_, sig); }

int ServerProcess::WaitExit(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace supplyhub::testing
