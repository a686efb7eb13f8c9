#include "features/cluster/redis_connection.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace supplyhub::features {
namespace {

using Clock = std::chrono::steady_clock;

RedisValue Copy(const redisReply& r) {
  RedisValue v;
  switch (r.type) {
    case REDIS_REPLY_INTEGER:
      v.type = RedisValue::Type::kInteger;
      v.integer = r.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      v.type = r.type == REDIS_REPLY_STRING   ? RedisValue::Type::kString
               : r.type == REDIS_REPLY_STATUS ? RedisValue::Type::kStatus
                                              : RedisValue::Type::kError;
      v.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ARRAY:
      v.type = RedisValue::Type::kArray;
      for (size_t i = 0; i < r.elements; ++i) v.elements.push_back(Copy(*r.element[i]));
      break;
    default:
      break;  // nil
  }
  return v;
}

}  // namespace

struct RedisConnection::Await {
  Pending& p;
  bool await_ready() const noexcept { return p.result.has_value(); }
  void await_suspend(std::coroutine_handle<> h) noexcept { p.waiter = h; }
  void await_resume() const noexcept {}
};

RedisConnection::RedisConnection(std::string host, int port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout), executor_(CurrentExecutor()) {
  if (!executor_) return;
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ >= 0) timer_watch_ = executor_->Watch(timer_fd_);
}

RedisConnection::~RedisConnection() {
  destroying_ = true;  // the thread is ending: nobody is left to resume
  if (ac_) redisAsyncFree(ac_);
  timer_watch_.reset();  // before its descriptor closes
  if (timer_fd_ >= 0) ::close(timer_fd_);
}

Result<void> RedisConnection::Open() {
  redisAsyncContext* ac = redisAsyncConnect(host_.c_str(), port_);
  if (!ac) return Fail(ErrorCode::kUnavailable, "redis: out of memory");
  if (ac->err) {
    std::string why = ac->errstr;
    redisAsyncFree(ac);
    return Fail(ErrorCode::kUnavailable, "redis " + host_ + ":" + std::to_string(port_) + ": " + why);
  }
  ac->data = this;
  ac->ev.data = this;
  ac->ev.addRead = &AddRead;
  ac->ev.delRead = &DelRead;
  ac->ev.addWrite = &AddWrite;
  ac->ev.delWrite = &DelWrite;
  ac->ev.cleanup = &Cleanup;
  ac_ = ac;
  ++generation_;
  // The event loop waits for the socket only where the timer can wake it too.
  if (timer_watch_) watch_ = executor_->Watch(ac->c.fd);
  return {};
}

Task<Result<RedisValue>> RedisConnection::Call(std::vector<std::string> args) {
  const bool reused = ac_ != nullptr;
  bool lost = false;
  auto reply = co_await Send(args, lost);
  // A connection idle while Redis restarted breaks on first use: once more
  // on a new one. (Not after a timeout: Redis may still be running it.)
  if (!reply && lost && reused) reply = co_await Send(args, lost);
  co_return reply;
}

Task<Result<RedisValue>> RedisConnection::Send(const std::vector<std::string>& args, bool& lost) {
  if (!ac_)
    if (auto opened = Open(); !opened) co_return Fail(opened.error());
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  Pending p{Clock::now() + timeout_, std::nullopt, {}, false};
  if (redisAsyncCommandArgv(ac_, &OnReply, &p, static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
      REDIS_OK) {
    Close("cannot send a command");
    co_return Fail(ErrorCode::kUnavailable, "redis: cannot send a command");
  }
  pending_.push_back(&p);
  if (watch_) {
    ArmRead();
    ArmTimer();
    co_await Await{p};
  } else {
    PollUntilDone(p);
  }
  lost = p.lost;
  co_return std::move(*p.result);
}

void RedisConnection::OnReply(redisAsyncContext* ac, void* reply, void* privdata) {
  auto* self = static_cast<RedisConnection*>(ac->data);
  if (self->destroying_) return;
  auto* p = static_cast<Pending*>(privdata);
  std::erase(self->pending_, p);
  if (reply) {
    p->result = Copy(*static_cast<redisReply*>(reply));
  } else {
    p->lost = self->close_reason_.empty();
    std::string why = !self->close_reason_.empty() ? self->close_reason_
                      : ac->errstr && *ac->errstr ? ac->errstr
                                                  : "connection lost";
    p->result = Fail(ErrorCode::kUnavailable, "redis " + self->host_ + ":" + std::to_string(self->port_) + ": " + why);
  }
  // Resumed from the event loop, not from inside hiredis.
  if (p->waiter) self->executor_->Post([h = p->waiter] { h.resume(); });
}

void RedisConnection::Close(const std::string& reason) {
  if (ac_) {
    close_reason_ = reason;
    redisAsyncFree(ac_);  // runs each pending callback without a reply, then Cleanup
    close_reason_.clear();
  }
  Detach();
}

void RedisConnection::Detach() {
  ac_ = nullptr;
  ++generation_;
  watch_.reset();  // deregisters the socket before hiredis closes it
  want_read_ = want_write_ = read_armed_ = write_armed_ = false;
}

void RedisConnection::AddRead(void* self) {
  auto* c = static_cast<RedisConnection*>(self);
  c->want_read_ = true;
  c->ArmRead();
}
void RedisConnection::DelRead(void* self) { static_cast<RedisConnection*>(self)->want_read_ = false; }
void RedisConnection::AddWrite(void* self) {
  auto* c = static_cast<RedisConnection*>(self);
  c->want_write_ = true;
  c->ArmWrite();
}
void RedisConnection::DelWrite(void* self) { static_cast<RedisConnection*>(self)->want_write_ = false; }
// hiredis 0.14 may call it twice for one context.
void RedisConnection::Cleanup(void* self) { static_cast<RedisConnection*>(self)->Detach(); }

// One wait of each kind at a time; hiredis frees the context from inside
// its handlers on errors, which Detach marks with a new generation. Reads
// are awaited only while a call waits: an idle connection leaves the event
// loop free to finish (a peer that closed meanwhile shows on the next call).
void RedisConnection::ArmRead() {
  if (!watch_ || read_armed_ || !want_read_ || pending_.empty()) return;
  read_armed_ = true;
  watch_->AwaitReadable([this, generation = generation_] {
    if (generation != generation_) return;
    // Still "armed" while hiredis reads: it asks for reads again before it
    // hands out the replies, and only after those is it known whether a
    // call still waits.
    if (want_read_) redisAsyncHandleRead(ac_);
    if (generation != generation_) return;
    read_armed_ = false;
    ArmRead();
  });
}

void RedisConnection::ArmWrite() {
  if (!watch_ || write_armed_ || !want_write_) return;
  write_armed_ = true;
  watch_->AwaitWritable([this, generation = generation_] {
    if (generation != generation_) return;
    write_armed_ = false;
    if (want_write_) redisAsyncHandleWrite(ac_);
    if (generation == generation_) ArmWrite();
  });
}

// The timer rings at the oldest pending call's deadline; calls complete in
// order, so the others' deadlines are later.
void RedisConnection::ArmTimer() {
  if (timer_armed_ || pending_.empty()) return;
  auto at = std::chrono::duration_cast<std::chrono::nanoseconds>(pending_.front()->deadline.time_since_epoch());
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(at.count() / 1'000'000'000);
  spec.it_value.tv_nsec = static_cast<long>(at.count() % 1'000'000'000);
  ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
  timer_armed_ = true;
  timer_watch_->AwaitReadable([this] { OnTimer(); });
}

void RedisConnection::OnTimer() {
  timer_armed_ = false;
  uint64_t expirations;
  [[maybe_unused]] auto n = ::read(timer_fd_, &expirations, sizeof expirations);
  if (!pending_.empty() && pending_.front()->deadline <= Clock::now()) Close(TimedOut());
  ArmTimer();  // for a newer call still pending
}

std::string RedisConnection::TimedOut() const {
  return "no reply within " + std::to_string(timeout_.count()) + " ms";
}

void RedisConnection::PollUntilDone(Pending& p) {
  while (!p.result) {
    if (!ac_) {  // freed without calling back: cannot happen, but never hang
      p.result = Fail(ErrorCode::kUnavailable, "redis: connection lost");
      break;
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(p.deadline - Clock::now());
    if (left.count() <= 0) {
      Close(TimedOut());
      continue;
    }
    pollfd f{ac_->c.fd, static_cast<short>(POLLIN | (want_write_ ? POLLOUT : 0)), 0};
    int ready = ::poll(&f, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) Close("poll failed");
    if (ready <= 0) continue;
    if (f.revents & (POLLOUT | POLLERR | POLLHUP)) redisAsyncHandleWrite(ac_);
    if (ac_ && (f.revents & (POLLIN | POLLERR | POLLHUP))) redisAsyncHandleRead(ac_);
  }
}

}  // namespace supplyhub::features
