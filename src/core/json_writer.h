#pragma once
// Streaming JSON writer over RapidJSON's Writer (the only RapidJSON piece we use).
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE4_2__) && !defined(RAPIDJSON_SSE42)
#define RAPIDJSON_SSE42  // vectorised string escaping
#endif
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace supplyhub {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 1024) : buffer_(nullptr, reserve), writer_(buffer_) {}

  JsonWriter& StartObject() { writer_.StartObject(); return *this; }
  JsonWriter& EndObject() { writer_.EndObject(); return *this; }
  JsonWriter& StartArray() { writer_.StartArray(); return *this; }
  JsonWriter& EndArray() { writer_.EndArray(); return *this; }
  JsonWriter& Key(std::string_view k) { writer_.Key(k.data(), static_cast<unsigned>(k.size())); return *this; }
  JsonWriter& String(std::string_view s) { writer_.String(s.data(), static_cast<unsigned>(s.size())); return *this; }
  JsonWriter& Int(int64_t v) { writer_.Int64(v); return *this; }
  JsonWriter& Double(double v) { writer_.Double(v); return *this; }
  JsonWriter& Bool(bool v) { writer_.Bool(v); return *this; }
  JsonWriter& Null() { writer_.Null(); return *this; }
  // Inserts already-serialized JSON (a stored array or object) as a value.
  JsonWriter& Raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    return *this;
  }
  JsonWriter& OptionalInt(bool present, int64_t v) { return present ? Int(v) : Null(); }

  std::string_view View() const { return {buffer_.GetString(), buffer_.GetSize()}; }
  std::string Take() const { return std::string(View()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace supplyhub
