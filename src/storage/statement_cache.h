#pragma once
// The prepared statements of one connection, by SQL text, with a bound: the
// least recently used goes first. Lookups take a string_view and allocate
// nothing; only a miss allocates (the entry). Not thread-safe, like the
// connection that owns it.
#include <cstddef>
#include <iterator>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace supplyhub::storage {

// Every distinct SQL text (each new combination of list filters is one)
// holds a compiled statement on the connection (and, on PostgreSQL, a plan in
// the server's session). Unbounded, clients could grow both without end.
// Our own statements are far fewer than this, so the bound only bites on
// such traffic.
inline constexpr size_t kStatementCacheCapacity = 256;

template <typename V>
class StatementCache {
 public:
  explicit StatementCache(size_t capacity = kStatementCacheCapacity) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The value cached for `key`, now the most recently used; nullptr if absent.
  V* Find(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);  // relinks only
    return &it->second->value;
  }

  // Adds an absent `key` as the most recently used. Make room first (Full,
  // EvictOldest): the cache itself never drops a value the owner must free.
  V& Insert(std::string_view key, V value) {
    entries_.push_front(Entry{std::string(key), std::move(value)});
    index_.emplace(entries_.front().key, entries_.begin());
    return entries_.front().value;
  }

  void Erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    auto entry = it->second;
    index_.erase(it);  // before the entry: the index's key views its text
    entries_.erase(entry);
  }

  // Removes the least recently used entry that `evictable(value)` accepts
  // and hands its value back to be freed; nullopt if none is.
  template <typename Evictable>
  std::optional<V> EvictOldest(Evictable&& evictable) {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (!evictable(it->value)) continue;
      V value = std::move(it->value);
      auto entry = std::next(it).base();
      index_.erase(std::string_view(entry->key));
      entries_.erase(entry);
      return value;
    }
    return std::nullopt;
  }

  bool Full() const { return entries_.size() >= capacity_; }
  size_t size() const { return entries_.size(); }
  size_t capacity() const { return capacity_; }
  template <typename F>
  void ForEach(F&& f) {
    for (Entry& e : entries_) f(e.value);
  }

 private:
  struct Entry {
    std::string key;
    V value;
  };
  size_t capacity_;
  std::list<Entry> entries_;  // most recently used first; nodes never move in memory
  std::unordered_map<std::string_view, typename std::list<Entry>::iterator> index_;
};

}  // namespace supplyhub::storage
