#include "features/resources/page_anchors.h"

namespace supplyhub::features {

std::shared_ptr<const PageAnchors::Set> PageAnchors::Find(int64_t org, int64_t removals, int64_t position) const {
  std::lock_guard lock(mutex_);
  auto it = by_org_.find(org);
  if (it == by_org_.end() || it->second->removals != removals || position >= it->second->rows) return nullptr;
  return it->second;
}

void PageAnchors::Store(int64_t org, std::shared_ptr<const Set> set) {
  std::lock_guard lock(mutex_);
  by_org_[org] = std::move(set);
}

}  // namespace supplyhub::features
