#include "core/log.h"

#include <cstdio>
#include <mutex>

#include "core/clock.h"
#include "core/json_writer.h"

namespace supplyhub::log {
namespace {

std::mutex mutex;
bool quiet = false;

void Write(std::string_view level, std::string_view message, std::initializer_list<Field> fields) {
  if (quiet && level == "info") return;
  JsonWriter w;
  w.StartObject().Key("ts").String(NowRfc3339()).Key("level").String(level).Key("msg").String(message);
  for (const auto& [k, v] : fields) w.Key(k).String(v);
  w.EndObject();
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "%.*s\n", static_cast<int>(w.View().size()), w.View().data());
}

}  // namespace

void Info(std::string_view m, std::initializer_list<Field> f) { Write("info", m, f); }
void Warn(std::string_view m, std::initializer_list<Field> f) { Write("warn", m, f); }
void Error(std::string_view m, std::initializer_list<Field> f) { Write("error", m, f); }
void SetQuiet(bool q) { quiet = q; }

}  // namespace supplyhub::log
