#include "storage/statement_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supplyhub::storage {
namespace {

std::vector<int> EvictAll(StatementCache<int>& cache) {
  std::vector<int> order;
  while (auto v = cache.EvictOldest([](int) { return true; })) order.push_back(*v);
  return order;
}

TEST(StatementCacheTest, FindsByTextAndKnowsWhenFull) {
  StatementCache<int> cache(2);
  EXPECT_EQ(cache.Find("a"), nullptr);
  cache.Insert("a", 1);
  EXPECT_FALSE(cache.Full());
  cache.Insert(std::string("b"), 2);
  EXPECT_TRUE(cache.Full());
  ASSERT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(*cache.Find("a"), 1);
  EXPECT_EQ(*cache.Find(std::string_view("b")), 2);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(StatementCacheTest, EvictsTheLeastRecentlyUsedFirst) {
  StatementCache<int> cache(3);
  cache.Insert("a", 1);
  cache.Insert("b", 2);
  cache.Insert("c", 3);
  cache.Find("a");  // a is now the most recent
  EXPECT_EQ(EvictAll(cache), (std::vector<int>{2, 3, 1}));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find("a"), nullptr);
}

TEST(StatementCacheTest, SkipsWhatCannotBeEvicted) {
  StatementCache<int> cache(3);
  cache.Insert("a", 1);
  cache.Insert("b", 2);
  auto v = cache.EvictOldest([](int x) { return x != 1; });  // 1 is busy
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 2);
  EXPECT_FALSE(cache.EvictOldest([](int x) { return x != 1; }));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.Find("a"), nullptr);
}

TEST(StatementCacheTest, EraseForgetsOneEntry) {
  StatementCache<int> cache(3);
  cache.Insert("a", 1);
  cache.Insert("b", 2);
  cache.Erase("a");
  cache.Erase("missing");
  EXPECT_EQ(cache.Find("a"), nullptr);
  cache.Insert("a", 3);  // may come back
  EXPECT_EQ(EvictAll(cache), (std::vector<int>{2, 3}));
}

TEST(StatementCacheTest, ForEachVisitsEveryValue) {
  StatementCache<int> cache;
  EXPECT_EQ(cache.capacity(), kStatementCacheCapacity);
  for (int i = 0; i < 5; ++i) cache.Insert("k" + std::to_string(i), i);
  int sum = 0;
  cache.ForEach([&sum](int v) { sum += v; });
  EXPECT_EQ(sum, 10);
}

}  // namespace
}  // namespace supplyhub::storage
