// Organizations, members, users, and seed 003's organisation selection.
#include "core/password.h"
#include "storage/block_on.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

class IdentityTest : public ServerTest {};

TEST_F(IdentityTest, CreatingAnOrganizationMakesTheCallerItsOwner) {
  auto r = client_->Post("/v1/organizations", R"({"name":"Factory B","environment":"production"})");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.Json()["data"]["id"];
  EXPECT_EQ(r.Json()["data"]["role"], "owner");
  auto list = client_->Get("/v1/organizations").Json()["data"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["name"], "Factory B");
  EXPECT_EQ(list[1]["environment"], "production");
  Headers b{{"X-Organization-Id", std::to_string(id)}};
  EXPECT_EQ(client_->Post("/v1/suppliers", R"({"name":"S"})", b).status, 201);
  EXPECT_EQ(Count("suppliers", b), 1);
  EXPECT_EQ(Count("suppliers"), 0);
  EXPECT_EQ(client_->Post("/v1/organizations", R"({"name":"X","environment":"staging"})").status, 422);
  EXPECT_EQ(client_->Post("/v1/organizations", R"({"environment":"sandbox"})").status, 422);
}

TEST_F(IdentityTest, OwnersAddMembersByEmail) {
  CreateUser("ann", "Ann-pass-1", 0, http::Role::kViewer);  // in no organization yet
  auto r = client_->Post("/v1/organizations/" + std::to_string(org_id_) + "/members",
                         R"({"email":"ann@example.com","role":"viewer"})");
  ASSERT_EQ(r.status, 201) << r.body;
  HttpClient ann(port_);
  ann.SetDefaultHeaders(Bearer(Login("ann", "Ann-pass-1")));
  EXPECT_EQ(ann.Get("/v1/parts").status, 200);
  EXPECT_EQ(ann.Post("/v1/parts", R"({"name":"x","identification":"x"})").status, 403);  // a viewer
  // Viewers cannot add members; unknown emails and roles are field errors.
  std::string url = "/v1/organizations/" + std::to_string(org_id_) + "/members";
  EXPECT_EQ(ann.Post(url, R"({"email":"owner@example.com","role":"admin"})").status, 403);
  EXPECT_EQ(client_->Post(url, R"({"email":"nobody@example.com","role":"member"})").status, 422);
  EXPECT_EQ(client_->Post(url, R"({"email":"ann@example.com","role":"boss"})").status, 422);
  // Another organization's id is not found, not forbidden.
  auto b = OtherOrganization();
  (void)b;
  EXPECT_EQ(client_->Post("/v1/organizations/" + std::to_string(org_id_ + 1) + "/members",
                          R"({"email":"ann@example.com","role":"member"})")
                .status,
            404);
}

TEST_F(IdentityTest, AdminsCreateUsersWithHashedPasswords) {
  auto r = client_->Post("/v1/users", R"({"username":"bob","email":"bob@example.com","password":"Bob-pass-1"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["data"]["role"], "member");
  EXPECT_FALSE(Login("bob", Sha512Hex("Bob-pass-1")).empty());  // the SHA-512 dialect works too
  auto stored = storage::BlockOn(app_->identity().FindUser("bob"));
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(client_->Post("/v1/users", R"({"username":"bob","email":"other@example.com","password":"x"})").status,
            409);
  HttpClient bob(port_);
  bob.SetDefaultHeaders(Bearer(Login("bob", "Bob-pass-1")));
  EXPECT_EQ(bob.Post("/v1/users", R"({"username":"eve","email":"eve@example.com","password":"x"})").status, 403);
}

TEST_F(IdentityTest, SeedThreeSelectsTheCurrentOrganisation) {
  auto second = client_->Post("/v1/organizations", R"({"name":"Stitchex Demo"})").Json()["data"]["id"].get<int64_t>();
  auto list = client_->Get("/organisations");
  ASSERT_EQ(list.status, 200);
  auto j = list.Json();
  ASSERT_EQ(j["organisations"].size(), 2u);
  EXPECT_EQ(j["organisations"][1], (nlohmann::json{{"id", second}, {"name", "Stitchex Demo"}}));
  EXPECT_FALSE(j.contains("status"));  // seed 003's shape, not our envelope

  auto set = client_->Post("/organisations/set_current_org", nlohmann::json{{"organizationId", second}}.dump());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json(), nlohmann::json::parse(R"({"Status":"Updated"})"));
  ASSERT_EQ(client_->Post("/v1/suppliers", R"({"name":"Now in the second"})").status, 201);
  EXPECT_EQ(Count("suppliers", {{"X-Organization-Id", std::to_string(second)}}), 1);
  EXPECT_EQ(Count("suppliers", {{"X-Organization-Id", std::to_string(org_id_)}}), 0);  // the header overrides

  EXPECT_EQ(client_->Post("/organisations/set_current_org", R"({"organizationId":999999})").status, 404);
  EXPECT_EQ(client_->Post("/organisations/set_current_org", R"({"organizationId":"abc"})").status, 422);
  EXPECT_EQ(HttpClient(port_).Get("/organisations").status, 401);
}

}  // namespace
}  // namespace supplyhub::testing
