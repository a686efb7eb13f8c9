#pragma once
// The connections one thread uses: at most `max` are open; a caller that
// finds none free waits (suspended, not blocked) for the next release.
#include <coroutine>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace supplyhub::storage {

class PgPool {
 public:
  PgPool(std::string url, size_t max) : url_(std::move(url)), max_(max) {}
  Task<Result<PgConnection*>> Acquire();
  // Returns a connection; a broken one is closed and its slot freed.
  void Release(PgConnection* connection);

  struct Waiter {
    std::coroutine_handle<> handle;
    PgConnection* given = nullptr;  // nullptr: a slot was freed, connect anew
  };

 private:
  void Wake(Waiter* waiter);
  const std::string url_;
  const size_t max_;
  size_t connecting_ = 0;
  std::vector<std::unique_ptr<PgConnection>> all_;
  std::vector<PgConnection*> idle_;
  std::deque<Waiter*> waiters_;
};

}  // namespace supplyhub::storage
