#include "http/pagination.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace supplyhub::http {
namespace {

using nlohmann::json;

json Meta(int64_t page, int64_t per_page, int64_t total, int64_t rows) {
  std::string text = PageMeta(PageInfo{page, per_page, total, rows});
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << text;
  return doc;
}

TEST(PageMetaTest, FirstPageExactText) {
  EXPECT_EQ(PageMeta(PageInfo{1, 50, 128, 50}),
            R"({"current_page":1,"next_page":2,"prev_page":null,"total_pages":3,"total_count":128,)"
            R"("per_page":50,"from":1,"to":50,"total":128,"next_cursor":null})");
}

TEST(PageMetaTest, MiddlePage) {
  EXPECT_EQ(Meta(2, 50, 128, 50), json::parse(R"({"current_page":2,"next_page":3,"prev_page":1,"total_pages":3,
      "total_count":128,"per_page":50,"from":51,"to":100,"total":128,"next_cursor":null})"));
}

TEST(PageMetaTest, LastPartialPage) {
  EXPECT_EQ(Meta(3, 50, 128, 28), json::parse(R"({"current_page":3,"next_page":null,"prev_page":2,"total_pages":3,
      "total_count":128,"per_page":50,"from":101,"to":128,"total":128,"next_cursor":null})"));
}

TEST(PageMetaTest, ExactlyFullLastPage) {
  json m = Meta(2, 50, 100, 50);
  EXPECT_EQ(m["total_pages"], 2);
  EXPECT_TRUE(m["next_page"].is_null());
  EXPECT_EQ(m["prev_page"], 1);
  EXPECT_EQ(m["from"], 51);
  EXPECT_EQ(m["to"], 100);
}

TEST(PageMetaTest, SinglePage) {
  EXPECT_EQ(Meta(1, 50, 3, 3), json::parse(R"({"current_page":1,"next_page":null,"prev_page":null,"total_pages":1,
      "total_count":3,"per_page":50,"from":1,"to":3,"total":3,"next_cursor":null})"));
}

TEST(PageMetaTest, EmptyCollection) {
  EXPECT_EQ(Meta(1, 50, 0, 0), json::parse(R"({"current_page":1,"next_page":null,"prev_page":null,"total_pages":0,
      "total_count":0,"per_page":50,"from":null,"to":null,"total":0,"next_cursor":null})"));
}

TEST(PageMetaTest, PageBeyondTheEnd) {
  json m = Meta(5, 50, 128, 0);
  EXPECT_EQ(m["current_page"], 5);
  EXPECT_TRUE(m["next_page"].is_null());
  EXPECT_EQ(m["total_pages"], 3);
  EXPECT_TRUE(m["from"].is_null());
  EXPECT_TRUE(m["to"].is_null());
  EXPECT_EQ(m["total_count"], 128);
}

TEST(PageMetaTest, PerPageOfOne) {
  json m = Meta(7, 1, 10, 1);
  EXPECT_EQ(m["total_pages"], 10);
  EXPECT_EQ(m["next_page"], 8);
  EXPECT_EQ(m["prev_page"], 6);
  EXPECT_EQ(m["from"], 7);
  EXPECT_EQ(m["to"], 7);
}

class PageLinksTest : public ::testing::Test {
 protected:
  PageLinksTest() {
    request_.method = "GET";
    request_.path = "/v1/parts";
    request_.headers = {{"host", "api.example.com"}};
  }
  std::string Base(bool tls = false) const {
    return std::string(tls ? "https" : "http") + "://api.example.com/v1/parts?";
  }
  http::Request request_;
};

TEST_F(PageLinksTest, MiddlePageHasAllFourRelations) {
  http::QueryParams params = {{"keyword", "a b"}, {"page", "2"}, {"per_page", "10"}, {"sort", "-name"}};
  std::string links = PageLinks(request_, params, PageInfo{2, 10, 35, 10});
  const std::string base = Base() + "keyword=a%20b&sort=-name&per_page=10&page=";
  EXPECT_EQ(links, "<" + base + "3>; rel=\"next\", <" + base + "1>; rel=\"prev\", <" + base + "1>; rel=\"first\", <" +
                       base + "4>; rel=\"last\"");
}

TEST_F(PageLinksTest, FirstPageHasNoPrev) {
  std::string links = PageLinks(request_, {}, PageInfo{1, 50, 128, 50});
  const std::string base = Base() + "per_page=50&page=";
  EXPECT_EQ(links, "<" + base + "2>; rel=\"next\", <" + base + "1>; rel=\"first\", <" + base + "3>; rel=\"last\"");
}

TEST_F(PageLinksTest, LastPageHasNoNext) {
  std::string links = PageLinks(request_, {{"page", "3"}}, PageInfo{3, 50, 128, 28});
  EXPECT_EQ(links.find("rel=\"next\""), std::string::npos) << links;
  const std::string base = Base() + "per_page=50&page=";
  EXPECT_EQ(links, "<" + base + "2>; rel=\"prev\", <" + base + "1>; rel=\"first\", <" + base + "3>; rel=\"last\"");
}

TEST_F(PageLinksTest, EmptyCollectionPointsFirstAndLastAtPageOne) {
  std::string links = PageLinks(request_, {}, PageInfo{1, 50, 0, 0});
  const std::string base = Base() + "per_page=50&page=";
  EXPECT_EQ(links, "<" + base + "1>; rel=\"first\", <" + base + "1>; rel=\"last\"");
}

TEST_F(PageLinksTest, PrevFromBeyondTheEndPointsAtTheLastPage) {
  std::string links = PageLinks(request_, {}, PageInfo{9, 50, 128, 0});
  const std::string base = Base() + "per_page=50&page=";
  EXPECT_EQ(links, "<" + base + "3>; rel=\"prev\", <" + base + "1>; rel=\"first\", <" + base + "3>; rel=\"last\"");
}

TEST_F(PageLinksTest, KeepsOtherParamsEncodedAndInOrder) {
  http::QueryParams params = {{"unit_type", "Mass"}, {"per_page", "5"}, {"keyword", "a&b=c/\xC3\xA9"}, {"unit_type", "Volume"}};
  std::string links = PageLinks(request_, params, PageInfo{1, 5, 6, 5});
  const std::string base = Base() + "unit_type=Mass&keyword=a%26b%3Dc%2F%C3%A9&unit_type=Volume&per_page=5&page=";
  EXPECT_EQ(links, "<" + base + "2>; rel=\"next\", <" + base + "1>; rel=\"first\", <" + base + "2>; rel=\"last\"");
}

TEST(PageMetaTest, CursorPagesHaveNoPageNumbers) {
  PageInfo info{1, 50, 128, 50};
  info.keyset = true;
  info.next_cursor = "abc";
  EXPECT_EQ(PageMeta(info), R"({"current_page":null,"next_page":null,"prev_page":null,"total_pages":3,)"
                            R"("total_count":128,"per_page":50,"from":null,"to":null,"total":128,"next_cursor":"abc"})");
  info.counted = false;
  info.next_cursor.clear();
  json m = json::parse(PageMeta(info));
  EXPECT_TRUE(m["total_count"].is_null());
  EXPECT_TRUE(m["total"].is_null());
  EXPECT_TRUE(m["next_cursor"].is_null());
}

TEST_F(PageLinksTest, CursorPagesLinkNextByCursorAndFirst) {
  PageInfo info{1, 10, 35, 10};
  info.keyset = true;
  info.next_cursor = "a_b-c";
  http::QueryParams params = {{"sort", "-name"}, {"after", "old"}, {"per_page", "10"}};
  const std::string base = Base() + "sort=-name&per_page=10&after=";
  EXPECT_EQ(PageLinks(request_, params, info), "<" + base + "a_b-c>; rel=\"next\", <" + base + ">; rel=\"first\"");
  info.next_cursor.clear();
  EXPECT_EQ(PageLinks(request_, params, info), "<" + base + ">; rel=\"first\"");
}

TEST_F(PageLinksTest, UsesHttpsWhenTheRequestCameOverTls) {
  request_.tls = true;
  std::string links = PageLinks(request_, {}, PageInfo{1, 50, 60, 50});
  EXPECT_EQ(links.rfind("<https://api.example.com/v1/parts?per_page=50&page=2>; rel=\"next\"", 0), 0u) << links;
  EXPECT_EQ(links.find("http://"), std::string::npos) << links;
}

}  // namespace
}  // namespace supplyhub::http
