#include "core/task.h"

#include <gtest/gtest.h>

#include <chrono>
#include <coroutine>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "storage/block_on.h"

namespace supplyhub {
namespace {

using storage::BlockOn;

Task<int> Twice(int v) { co_return v * 2; }

Task<int> SumOfTwice(int v) {
  int a = co_await Twice(v);  // 2v
  int b = co_await Twice(a);  // 4v
  co_return a + b;            // 6v
}

Task<std::string> Describe(int v) {
  int sum = co_await SumOfTwice(v);
  co_return "sum=" + std::to_string(sum);
}

Task<void> AddTwice(int& counter, int v) {
  int d = co_await Twice(v);
  counter += d;
}

Task<void> AddTwiceThreeTimes(int& counter) {
  co_await AddTwice(counter, 1);  // +2
  co_await AddTwice(counter, 2);  // +4
  co_await AddTwice(counter, 3);  // +6
}

Task<int> AfterVoid(int& counter) {
  co_await AddTwice(counter, 5);
  co_return counter + 1;
}

TEST(TaskTest, IsLazyUntilStarted) {
  int counter = 0;
  Task<void> t = AddTwice(counter, 10);
  EXPECT_FALSE(t.Done());
  EXPECT_EQ(counter, 0);
  EXPECT_TRUE(t.Start());
  EXPECT_TRUE(t.Done());
  EXPECT_EQ(counter, 20);
}

TEST(TaskTest, ChainOfAwaitsCompletesSynchronouslyViaStart) {
  Task<std::string> t = Describe(7);
  EXPECT_FALSE(t.Done());
  ASSERT_TRUE(t.Start());
  EXPECT_TRUE(t.Done());
  EXPECT_EQ(t.TakeResult(), "sum=42");
}

TEST(TaskTest, RunSynchronouslyReturnsTheValueOfAChain) {
  EXPECT_EQ(RunSynchronously(SumOfTwice(5)), 30);
  EXPECT_EQ(RunSynchronously(Describe(1)), "sum=6");
}

TEST(TaskTest, VoidTasksRunInOrder) {
  int counter = 0;
  RunSynchronously(AddTwiceThreeTimes(counter));
  EXPECT_EQ(counter, 12);
  EXPECT_EQ(RunSynchronously(AfterVoid(counter)), 23);  // 12 + 10 + 1
  EXPECT_EQ(counter, 22);
}

TEST(TaskTest, MoveTransfersOwnership) {
  Task<int> a = Twice(4);
  Task<int> b = std::move(a);
  EXPECT_FALSE(a.Done());  // moved-from: empty handle
  ASSERT_TRUE(b.Start());
  EXPECT_EQ(b.TakeResult(), 8);
  Task<int> c = Twice(1);
  c = std::move(b);  // destroys c's unstarted frame, takes b's finished one
  EXPECT_TRUE(c.Done());
}

TEST(TaskTest, MoveOnlyResultsAreMovedOut) {
  auto make = []() -> Task<std::unique_ptr<int>> { co_return std::make_unique<int>(9); };
  std::unique_ptr<int> p = RunSynchronously(make());
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 9);
}

TEST(TaskTest, OnDoneRunsWhenTheTaskCompletes) {
  int calls = 0;
  Task<int> t = Twice(3);
  t.OnDone([&calls] { ++calls; });
  ASSERT_TRUE(t.Start());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(t.TakeResult(), 6);
}

// Suspends and resumes the awaiting coroutine from a new std::thread.
struct ResumeOnNewThread {
  std::thread* slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread* out = slot;  // the awaiter may be gone once the thread resumes h
    *out = std::thread([h] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      h.resume();
    });
  }
  std::thread::id await_resume() const noexcept { return std::this_thread::get_id(); }
};

Task<int> ResumedElsewhere(std::thread& worker, std::thread::id& resumed_on) {
  resumed_on = co_await ResumeOnNewThread{&worker};
  int v = co_await Twice(21);
  co_return v;
}

Task<int> AwaitsResumedElsewhere(std::thread& worker, std::thread::id& resumed_on) {
  int v = co_await ResumedElsewhere(worker, resumed_on);
  co_return v + 1;
}

TEST(TaskTest, StartReturnsFalseWhenTheTaskSuspends) {
  std::thread worker;
  std::thread::id resumed_on;
  Task<int> t = ResumedElsewhere(worker, resumed_on);
  std::promise<void> finished;
  t.OnDone([&finished] { finished.set_value(); });
  EXPECT_FALSE(t.Start());
  finished.get_future().wait();
  worker.join();
  EXPECT_TRUE(t.Done());
  EXPECT_EQ(t.TakeResult(), 42);
}

TEST(TaskTest, BlockOnReturnsTheValueOfATaskResumedFromAnotherThread) {
  std::thread worker;
  std::thread::id resumed_on;
  int v = BlockOn(ResumedElsewhere(worker, resumed_on));
  ASSERT_TRUE(worker.joinable());
  worker.join();
  EXPECT_EQ(v, 42);
  EXPECT_NE(resumed_on, std::this_thread::get_id());
}

TEST(TaskTest, BlockOnResumesTheContinuationOfANestedTaskOnTheOtherThread) {
  std::thread worker;
  std::thread::id resumed_on;
  int v = BlockOn(AwaitsResumedElsewhere(worker, resumed_on));
  worker.join();
  EXPECT_EQ(v, 43);
  EXPECT_NE(resumed_on, std::this_thread::get_id());
}

TEST(TaskTest, BlockOnWorksForVoidAndSynchronousTasks) {
  int counter = 0;
  BlockOn(AddTwiceThreeTimes(counter));
  EXPECT_EQ(counter, 12);
  EXPECT_EQ(BlockOn(Describe(2)), "sum=12");
}

Task<void> SuspendsForever() { co_await std::suspend_always{}; }

// Each await completes at once; without the inline-finish path every one of
// them nested a frame in builds where symmetric transfer is no tail call
// (sanitizers, -O1) and the stack overflowed.
TEST(TaskTest, AMillionSynchronousAwaitsKeepTheStackFlat) {
  auto one = [](int i) -> Task<int> { co_return i & 1; };
  auto loop = [&one]() -> Task<int64_t> {
    int64_t sum = 0;
    for (int i = 0; i < 1'000'000; ++i) sum += co_await one(i);
    co_return sum;
  };
  EXPECT_EQ(RunSynchronously(loop()), 500'000);
}

TEST(TaskDeathTest, RunSynchronouslyTerminatesWhenTheTaskSuspends) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(RunSynchronously(SuspendsForever()), "");
}

}  // namespace
}  // namespace supplyhub
