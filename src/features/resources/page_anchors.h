#pragma once
// Makes deep pages of an id-ordered list cheap. OFFSET n walks n index
// entries; instead we remember the id found at every kStride-th position
// and start the walk from the nearest one. Anchors stay valid while no row
// was deleted (inserts only append: ids grow monotonically with one writer),
// which RowCount::removals tells us inside the reading transaction.
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace supplyhub::features {

class PageAnchors {
 public:
  static constexpr int64_t kStride = 32;

  struct Set {
    int64_t removals = -1;
    int64_t rows = 0;             // rows present when built: positions below are covered
    std::vector<int64_t> ids;     // ids[k] is the id at position k * kStride
  };

  // The anchors of `org`, if still valid for `removals` and covering `position`.
  std::shared_ptr<const Set> Find(int64_t org, int64_t removals, int64_t position) const;
  void Store(int64_t org, std::shared_ptr<const Set> set);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<int64_t, std::shared_ptr<const Set>> by_org_;
};

}  // namespace supplyhub::features
