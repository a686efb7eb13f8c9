// Three conventions of every resource over real HTTP, on both backends:
// Idempotency-Key on POST, ETag / If-Match / If-None-Match, and cursor paging
// (?after=). Here the rules in depth on a few resources; the generated suite
// (declared_resources_test.cpp) checks them on every declared resource.
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "storage/block_on.h"
#include "support/side_connection.h"
#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

json PartBody(const std::string& identification, const std::string& name = "") {
  return {{"name", name.empty() ? "Part " + identification : name}, {"identification", identification},
          {"unit_type", "Mass"}};
}

// Waits for `condition` (up to 10 s).
bool Eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

class ConventionsTest : public ServerTest {
 protected:
  json Created(const std::string& url, const json& body, const Headers& as = {}) {
    auto r = client_->Post(url, body.dump(), as);
    EXPECT_EQ(r.status, 201) << url << " " << r.body;
    return r.status == 201 ? r.Json()["data"] : json();
  }
  int64_t StoredKeys() { return SideConnection(data_dir_).Scalar("SELECT count(*) FROM idempotency_keys"); }
  // A client of its own (the default one is not shared between threads).
  std::unique_ptr<HttpClient> NewClient(const Headers& as = {}) {
    auto c = std::make_unique<HttpClient>(port_);
    c->SetDefaultHeaders(as.empty() ? Bearer(token_) : as);
    return c;
  }
};

// ---- Idempotency-Key ----
using IdempotencyKeyTest = ConventionsTest;

TEST_F(IdempotencyKeyTest, ReplaysTheFirstAnswerWithItsHeaders) {
  json body = PartBody("K-1");
  auto first = client_->Post("/v1/parts", body.dump(), Key("key-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(first.Header("etag").empty());
  EXPECT_EQ(first.Header("idempotent-replayed"), "");
  for (std::string url : {"/v1/parts", "/api/v1/parts"}) {
    auto again = client_->Post(url, body.dump(), Key("key-1"));
    EXPECT_EQ(again.status, 201) << url;
    EXPECT_EQ(again.body, first.body) << url;
    EXPECT_EQ(again.Header("etag"), first.Header("etag")) << url;
    EXPECT_EQ(again.Header("idempotent-replayed"), "true") << url;
  }
  // The same key as a structured-field string (RFC 8941) is the same key.
  EXPECT_EQ(client_->Post("/v1/parts", body.dump(), Key("\"key-1\"")).Header("idempotent-replayed"), "true");
  EXPECT_EQ(Count("parts"), 1);
  EXPECT_EQ(StoredKeys(), 1);
  // Without the key the same body is a new request: the unique identification says so.
  EXPECT_EQ(client_->Post("/v1/parts", body.dump()).status, 409);
}

// Seed 003's root aliases (/invoices) are the /v1 route, as /api/v1 is: the
// same key and body there replay, not 422.
TEST_F(IdempotencyKeyTest, RootAliasesAreTheSameRoute) {
  const std::string body = R"({"style_number":"ALIAS-1","name":"Alias product"})";
  auto first = client_->Post("/products", body, Key("alias-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  for (std::string url : {"/v1/products", "/api/v1/products", "/products"}) {
    auto again = client_->Post(url, body, Key("alias-1"));
    EXPECT_EQ(again.status, 201) << url << " " << again.body;
    EXPECT_EQ(again.Header("idempotent-replayed"), "true") << url;
  }
  EXPECT_EQ(Count("products"), 1);
}

TEST_F(IdempotencyKeyTest, TheKeyOnADifferentRequestIs422) {
  auto first = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("key-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto other_body = client_->Post("/v1/parts", PartBody("K-2").dump(), Key("key-1"));
  EXPECT_EQ(other_body.status, 422) << other_body.body;
  EXPECT_EQ(other_body.Json()["error"]["code"], "idempotency_key_reused");
  auto other_route = client_->Post("/v1/suppliers", R"({"name":"S"})", Key("key-1"));
  EXPECT_EQ(other_route.status, 422) << other_route.body;
  EXPECT_EQ(other_route.Json()["error"]["code"], "idempotency_key_reused");
  EXPECT_EQ(Count("parts"), 1);
  EXPECT_EQ(Count("suppliers"), 0);
  // The first request still replays.
  EXPECT_EQ(client_->Post("/v1/parts", PartBody("K-1").dump(), Key("key-1")).body, first.body);
}

// An action blocked inside its write (the database locked from outside) is
// in flight: the same key again is 409, a different request with it 422;
// once the first is answered, the key replays its answer.
TEST_F(IdempotencyKeyTest, TheKeyWhileItsRequestRunsIs409) {
  json car = Created("/v1/cars", {{"car_number", "CAR-1"}});
  std::string start = "/v1/cars/" + std::to_string(car["id"].get<int64_t>()) + "/start";
  SideConnection side(data_dir_);
  side.BlockWrites("cars");
  HttpResponse first;
  std::thread running([&] { first = NewClient()->Post(start, "", Key("start-1")); });
  bool in_flight = Eventually([&] { return app_->idempotency().InFlight() == 1; });
  HttpResponse again = client_->Post(start, "", Key("start-1"));
  HttpResponse other = client_->Post(start, R"({})", Key("start-1"));
  side.Release();
  running.join();
  ASSERT_TRUE(in_flight);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Json()["error"]["code"], "idempotency_key_in_flight");
  EXPECT_EQ(other.status, 422) << other.body;
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["data"]["status"], "in_progress");
  auto replayed = client_->Post(start, "", Key("start-1"));
  EXPECT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(replayed.body, first.body);
  EXPECT_EQ(replayed.Header("idempotent-replayed"), "true");
  // Run again without the key, the action is refused: the replay did not run it.
  EXPECT_EQ(client_->Post(start, "").status, 409);
}

TEST_F(IdempotencyKeyTest, KeysArePerOrganizationAndCaller) {
  auto mine = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("shared"));
  ASSERT_EQ(mine.status, 201) << mine.body;
  Headers other_org = OtherOrganization();
  other_org.emplace_back("Idempotency-Key", "shared");
  auto theirs = client_->Post("/v1/parts", PartBody("K-1").dump(), other_org);
  EXPECT_EQ(theirs.status, 201) << "another organization's key: " << theirs.body;
  EXPECT_EQ(theirs.Header("idempotent-replayed"), "");

  Headers second_token = Bearer(Login("owner", "Owner-pass-1"));  // the same user, another token
  second_token.emplace_back("Idempotency-Key", "shared");
  auto same_user = client_->Post("/v1/parts", PartBody("K-2").dump(), second_token);
  EXPECT_EQ(same_user.status, 201) << "another token's key: " << same_user.body;

  CreateUser("member", "Member-pass-1", org_id_, http::Role::kMember);
  Headers member = Bearer(Login("member", "Member-pass-1"));
  member.emplace_back("Idempotency-Key", "shared");
  auto other_user = client_->Post("/v1/parts", PartBody("K-3").dump(), member);
  EXPECT_EQ(other_user.status, 201) << "another user's key: " << other_user.body;

  EXPECT_EQ(client_->Post("/v1/parts", PartBody("K-1").dump(), Key("shared")).body, mine.body);
  EXPECT_EQ(Count("parts"), 3);
}

TEST_F(IdempotencyKeyTest, AServerErrorIsNotStoredSoTheRetryRuns) {
  SideConnection side(data_dir_);
  side.FailInserts("parts");
  auto failed = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("retry-me"));
  side.RestoreInserts("parts");
  EXPECT_EQ(failed.status, 500) << failed.body;
  EXPECT_EQ(StoredKeys(), 0);
  auto retried = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("retry-me"));
  EXPECT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(retried.Header("idempotent-replayed"), "");
  auto replayed = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("retry-me"));
  EXPECT_EQ(replayed.Header("idempotent-replayed"), "true");
  EXPECT_EQ(replayed.body, retried.body);
  EXPECT_EQ(Count("parts"), 1);
}

// A 4xx changed nothing either: the corrected request may use the same key.
TEST_F(IdempotencyKeyTest, AClientErrorIsNotStored) {
  auto invalid = client_->Post("/v1/parts", R"({"name":"no identification"})", Key("fix-me"));
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  auto fixed = client_->Post("/v1/parts", PartBody("K-1").dump(), Key("fix-me"));
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(StoredKeys(), 1);
}

TEST_F(IdempotencyKeyTest, ExpiredKeysRunAgainAndThePurgeRemovesThem) {
  const std::string body = R"({"name":"Acme"})";  // suppliers have no unique field in the way
  auto first = client_->Post("/v1/suppliers", body, Key("daily"));
  ASSERT_EQ(first.status, 201) << first.body;
  app_->idempotency().AdvanceClockForTests(23 * 3600);
  EXPECT_EQ(client_->Post("/v1/suppliers", body, Key("daily")).Header("idempotent-replayed"), "true");
  app_->idempotency().AdvanceClockForTests(3600 + 1);  // 24 h and a second later
  auto later = client_->Post("/v1/suppliers", body, Key("daily"));
  EXPECT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(later.Header("idempotent-replayed"), "");
  EXPECT_NE(later.Json()["data"]["id"], first.Json()["data"]["id"]);
  EXPECT_EQ(Count("suppliers"), 2);
  ASSERT_EQ(client_->Post("/v1/suppliers", body, Key("other")).status, 201);
  EXPECT_EQ(StoredKeys(), 2);

  app_->idempotency().AdvanceClockForTests(24 * 3600 + 1);  // both expired
  ASSERT_EQ(client_->Post("/v1/suppliers", body, Key("fresh")).status, 201);
  // The hourly job (queued by every node under one key) runs the purge.
  ASSERT_TRUE(storage::BlockOn(app_->jobs().Enqueue("idempotency.purge", "{}", 0, "test-purge")));
  EXPECT_TRUE(Eventually([&] { return StoredKeys() == 1; })) << StoredKeys();
  EXPECT_EQ(client_->Post("/v1/suppliers", body, Key("fresh")).Header("idempotent-replayed"), "true");
}

TEST_F(IdempotencyKeyTest, MalformedKeysAre400AndChangeNothing) {
  for (const std::string& key : {std::string(256, 'k'), std::string(""), std::string("  "), std::string("\"\""),
                                 std::string("cl\xC3\xA9"), std::string("\"a\"b\""), std::string("tab\there")}) {
    auto r = client_->Post("/v1/parts", PartBody("K-1").dump(), Key(key));
    EXPECT_EQ(r.status, 400) << "key [" << key << "]: " << r.body;
    if (r.status == 400) {
      EXPECT_NE(r.Json()["message"].get<std::string>().find("Idempotency-Key"), std::string::npos) << r.body;
    }
  }
  EXPECT_EQ(Count("parts"), 0);
  EXPECT_EQ(client_->Post("/v1/parts", PartBody("K-1").dump(), Key(std::string(255, 'k'))).status, 201);
}

// ---- ETag, If-None-Match, If-Match ----
using ETagTest = ConventionsTest;

TEST_F(ETagTest, AReadAnswersItsETagAnd304WhenTheClientHasIt) {
  json part = Created("/v1/parts", PartBody("E-1"));
  std::string url = "/v1/parts/" + std::to_string(part["id"].get<int64_t>());
  auto read = client_->Get(url);
  std::string etag = read.Header("etag");
  ASSERT_EQ(etag.size(), 18u) << etag;
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(client_->Get(url).Header("etag"), etag) << "stable";
  for (const std::string& match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto cached = client_->Get(url, {{"If-None-Match", match}});
    EXPECT_EQ(cached.status, 304) << match;
    EXPECT_EQ(cached.body, "") << match;
    EXPECT_EQ(cached.Header("etag"), etag) << match;
  }
  auto changed = client_->Get(url, {{"If-None-Match", "\"0000000000000000\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, read.body);
  auto patched = client_->Patch(url, R"({"name":"Renamed"})");
  ASSERT_EQ(patched.status, 200);
  EXPECT_NE(patched.Header("etag"), etag);
  EXPECT_EQ(patched.Header("etag"), client_->Get(url).Header("etag")) << "a write answers the new ETag";
  EXPECT_EQ(client_->Get(url, {{"If-None-Match", etag}}).status, 200) << "the old ETag no longer matches";
}

TEST_F(ETagTest, AStaleIfMatchIs412AndChangesNothing) {
  json car = Created("/v1/cars", {{"car_number", "CAR-1"}});
  std::string url = "/v1/cars/" + std::to_string(car["id"].get<int64_t>());
  std::string stale = client_->Get(url).Header("etag");
  ASSERT_EQ(client_->Patch(url, R"({"root_cause":"moved on"})").status, 200);
  auto now = client_->Get(url);
  struct Write { std::string method, path, body; };
  for (const Write& w : {Write{"PUT", url, R"({"root_cause":"x"})"}, Write{"PATCH", url, R"({"root_cause":"x"})"},
                         Write{"DELETE", url, ""}, Write{"POST", url + "/start", ""}}) {
    Headers h = {{"If-Match", stale}};
    if (!w.body.empty()) h.emplace_back("Content-Type", "application/json");
    auto r = client_->Send(w.method, w.path, w.body, h);
    EXPECT_EQ(r.status, 412) << w.method << " " << w.path << ": " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "precondition_failed") << r.body;
    EXPECT_EQ(client_->Get(url).body, now.body) << w.method << " changed the row";
  }
  // The current ETag (or *) lets each through.
  auto started = client_->Post(url + "/start", "", {{"If-Match", now.Header("etag")}});
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.Json()["data"]["status"], "in_progress");
  auto renamed = client_->Patch(url, R"({"root_cause":"y"})", {{"If-Match", started.Header("etag")}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(client_->Delete(url, {{"If-Match", "*"}}).status, 200);
  EXPECT_EQ(client_->Delete(url, {{"If-Match", "*"}}).status, 404);
}

// The check is inside the write's transaction: of many writes holding the
// same ETag, exactly one gets through.
TEST_F(ETagTest, ConcurrentWritesWithOneETagLetExactlyOneThrough) {
  json part = Created("/v1/parts", PartBody("E-1"));
  std::string url = "/v1/parts/" + std::to_string(part["id"].get<int64_t>());
  std::string etag = client_->Get(url).Header("etag");
  constexpr int kWriters = 8;
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i)
    writers.emplace_back([&, i] {
      auto r = NewClient()->Patch(url, json{{"name", "Writer " + std::to_string(i)}}.dump(), {{"If-Match", etag}});
      (r.status == 200 ? ok : r.status == 412 ? refused : other)++;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, kWriters - 1);
  EXPECT_EQ(other, 0);
}

TEST_F(ETagTest, MalformedConditionalHeadersAre400) {
  json part = Created("/v1/parts", PartBody("E-1"));
  std::string url = "/v1/parts/" + std::to_string(part["id"].get<int64_t>());
  std::string before = client_->Get(url).body;
  for (std::string bad : {"abc", "\"unterminated", "\"a\" \"b\"", "\"a\",", "W/abc", ""}) {
    auto r = client_->Patch(url, R"({"name":"x"})", {{"If-Match", bad}});
    EXPECT_EQ(r.status, 400) << "If-Match: " << bad << " " << r.body;
    auto g = client_->Get(url, {{"If-None-Match", bad}});
    EXPECT_EQ(g.status, 400) << "If-None-Match: " << bad << " " << g.body;
  }
  EXPECT_EQ(client_->Get(url).body, before);
}

// ---- Cursor paging ----
class CursorPagingTest : public ConventionsTest {
 protected:
  // `n` parts: names and identifications out of id order, two unit types.
  void Load(int n, int from = 0) {
    json rows = json::array();
    for (int i = from; i < from + n; ++i) {
      json p = PartBody("C-" + std::to_string((i * 7919) % 1009), "Part " + std::to_string((i * 31) % 1009));
      p["unit_type"] = i % 2 ? "Mass" : "Volume";
      rows.push_back(p);
    }
    auto r = client_->Post("/v1/parts/bulk", rows.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::vector<int64_t> Ids(const json& page) {
    std::vector<int64_t> ids;
    for (const json& row : page["data"]) ids.push_back(row["id"].get<int64_t>());
    return ids;
  }
  // Every page of `query` through next_cursor; `between` runs after each page.
  std::vector<int64_t> Walk(const std::string& query, int per_page, const std::function<void()>& between = {}) {
    std::vector<int64_t> ids;
    std::string after;
    for (int guard = 0; guard < 10000; ++guard) {
      auto r = client_->Get("/v1/parts?per_page=" + std::to_string(per_page) + (query.empty() ? "" : "&" + query) +
                            "&after=" + after);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      json page = r.Json();
      EXPECT_LE(page["data"].size(), static_cast<size_t>(per_page));
      for (int64_t id : Ids(page)) ids.push_back(id);
      if (page["meta"]["next_cursor"].is_null()) break;
      EXPECT_EQ(page["data"].size(), static_cast<size_t>(per_page)) << "a short page before the end";
      after = page["meta"]["next_cursor"];
      if (between) between();
    }
    return ids;
  }
  // The same list in one offset page (the reference order).
  std::vector<int64_t> All(const std::string& query) {
    auto r = client_->Get("/v1/parts?per_page=1000" + (query.empty() ? "" : "&" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    return Ids(r.Json());
  }
};

TEST_F(CursorPagingTest, FollowsEverySortAndFilterInTheOrderOfOffsetPages) {
  Load(120);
  for (std::string query :
       {"", "sort=-id", "sort=name", "sort=-name", "sort=identification", "sort=created_at", "sort=-updated_at",
        "unit_type=Mass", "unit_type=Volume&sort=-name", "keyword=Part%201&sort=name", "is_activity=false&sort=-id"}) {
    SCOPED_TRACE(query);
    std::vector<int64_t> all = All(query);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(Walk(query, 7), all);
    EXPECT_EQ(Walk(query, 1000), all);
  }
}

// Employees: last names and review dates repeat, and every third has none.
TEST_F(CursorPagingTest, RowsWithoutTheSortValueComeFirstAscendingAndLastDescending) {
  auto employee = [](int i) {
    json e = {{"first_name", "E" + std::to_string(i)}, {"is_active", i % 2 == 0}};
    e["last_name"] = i % 3 ? json("L" + std::to_string((i * 7) % 5)) : json(nullptr);
    e["next_review_date"] = i % 4 ? json("2025-0" + std::to_string(1 + i % 3) + "-15") : json(nullptr);
    return e;
  };
  for (int i = 0; i < 40; ++i) ASSERT_FALSE(Created("/v1/employees", employee(i)).is_null());
  auto ids = [&](const std::string& url) {
    std::vector<int64_t> out;
    std::string after;
    for (int guard = 0; guard < 100; ++guard) {
      auto r = client_->Get(url + "&after=" + after);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      for (int64_t id : Ids(r.Json())) out.push_back(id);
      if (r.Json()["meta"]["next_cursor"].is_null()) break;
      after = r.Json()["meta"]["next_cursor"];
    }
    return out;
  };
  for (std::string query : {"sort=last_name", "sort=-last_name", "sort=next_review_date", "sort=-next_review_date",
                            "is_active=true&sort=-last_name"}) {
    SCOPED_TRACE(query);
    auto all = client_->Get("/v1/employees?per_page=1000&" + query);
    ASSERT_EQ(all.status, 200) << all.body;
    std::vector<int64_t> expected = Ids(all.Json());
    for (int per_page : {1, 4, 19})
      EXPECT_EQ(ids("/v1/employees?per_page=" + std::to_string(per_page) + "&" + query), expected) << per_page;
  }
}

// New rows arrive while an export pages through: every row that was there
// from the start is seen exactly once, and no row twice.
TEST_F(CursorPagingTest, EveryRowOnceWhileRowsAreInserted) {
  Load(200);
  for (std::string query : {"", "sort=-name", "unit_type=Mass&sort=-identification"}) {
    SCOPED_TRACE(query);
    std::vector<int64_t> before = All(query);
    std::atomic<bool> stop{false};
    std::atomic<int> inserted{0};
    std::thread writer([&] {
      auto c = NewClient();
      for (int i = 0; !stop; ++i) {
        json p = PartBody("N-" + query + "-" + std::to_string(i), "Part " + std::to_string(i % 1009));
        if (c->Post("/v1/parts", p.dump()).status == 201) ++inserted;
      }
    });
    int page = 0;
    std::vector<int64_t> walked = Walk(query, 9, [&] {  // and a few rows inline, between pages
      if (++page % 3 == 0) client_->Post("/v1/parts", PartBody("I-" + query + "-" + std::to_string(page)).dump());
    });
    stop = true;
    writer.join();
    EXPECT_GT(inserted, 0);
    std::map<int64_t, int> seen;
    for (int64_t id : walked) ++seen[id];
    for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "row " << id << " seen " << n << " times";
    for (int64_t id : before) EXPECT_EQ(seen.count(id), 1u) << "row " << id << " skipped";
  }
}

TEST_F(CursorPagingTest, MetaAndLinksOfCursorPages) {
  Load(5);
  auto first = client_->Get("/v1/parts?per_page=2&after=");
  ASSERT_EQ(first.status, 200) << first.body;
  json meta = first.Json()["meta"];
  EXPECT_TRUE(meta["current_page"].is_null());
  EXPECT_EQ(meta["per_page"], 2);
  EXPECT_EQ(meta["total_count"], 5);
  ASSERT_TRUE(meta["next_cursor"].is_string());
  std::string link = first.Header("link");
  EXPECT_NE(link.find("after=" + meta["next_cursor"].get<std::string>() + ">; rel=\"next\""), std::string::npos)
      << link;
  EXPECT_NE(link.find("after=>; rel=\"first\""), std::string::npos) << link;
  auto last = client_->Get("/v1/parts?per_page=5&after=");
  EXPECT_TRUE(last.Json()["meta"]["next_cursor"].is_null()) << "all rows fit: no cursor";
  EXPECT_EQ(last.Header("link").find("rel=\"next\""), std::string::npos);
  auto filtered = client_->Get("/v1/parts?per_page=2&after=&unit_type=Mass").Json()["meta"];
  EXPECT_TRUE(filtered["total_count"].is_null()) << "a filtered cursor page is not counted";
  // An offset page hands over to cursors: its next_cursor continues after its last row.
  auto paged = client_->Get("/v1/parts?per_page=2&page=1&sort=-name").Json();
  auto continued = client_->Get("/v1/parts?per_page=3&sort=-name&after=" + paged["meta"]["next_cursor"].get<std::string>());
  ASSERT_EQ(continued.status, 200) << continued.body;
  std::vector<int64_t> handed = Ids(paged);
  for (int64_t id : Ids(continued.Json())) handed.push_back(id);
  EXPECT_EQ(handed, All("sort=-name"));
}

TEST_F(CursorPagingTest, BadCursorsAre400) {
  Load(10);
  std::string cursor = client_->Get("/v1/parts?per_page=2&sort=name&after=").Json()["meta"]["next_cursor"];
  std::string tampered = cursor;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  struct Case { std::string query, says; };
  for (const Case& c : {Case{"sort=name&after=!!!", "not a cursor"}, Case{"sort=name&after=" + tampered, "not a cursor"},
                        Case{"sort=name&after=" + cursor.substr(0, cursor.size() - 3), "not a cursor"},
                        Case{"sort=-name&after=" + cursor, "sort=name"}, Case{"after=" + cursor, "sort=name"},
                        Case{"sort=name&unit_type=Mass&after=" + cursor, "filters"},
                        Case{"sort=name&page=2&after=" + cursor, "not both"},
                        Case{"sort=name&after=&after=" + cursor, "more than once"},
                        Case{"sort=name&after=" + std::string(3000, 'A'), "not a cursor"}}) {
    auto r = client_->Get("/v1/parts?" + c.query);
    EXPECT_EQ(r.status, 400) << c.query << ": " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.query << ": " << r.body;
  }
  EXPECT_EQ(client_->Get("/v1/parts?sort=name&after=" + cursor).status, 200);
}

}  // namespace
}  // namespace supplyhub::testing
