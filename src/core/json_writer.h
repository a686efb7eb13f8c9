#pragma once
// A small, fast streaming JSON writer into one std::string. Commas are
// inserted automatically; strings are escaped per RFC 8259 (UTF-8 passes
// through untouched: inputs are validated before they get here).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace supplyhub {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 1024) { out_.reserve(reserve); }

  JsonWriter& StartObject() { Open('{'); return *this; }
  JsonWriter& EndObject() { Close('}'); return *this; }
  JsonWriter& StartArray() { Open('['); return *this; }
  JsonWriter& EndArray() { Close(']'); return *this; }
  JsonWriter& Key(std::string_view k) {
    Separate();
    AppendString(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view s) { Separate(); AppendString(s); return *this; }
  JsonWriter& Int(int64_t v);
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool v) { Separate(); out_ += v ? "true" : "false"; return *this; }
  JsonWriter& Null() { Separate(); out_ += "null"; return *this; }
  // Inserts already-serialized JSON (a stored array or object) as a value.
  JsonWriter& Raw(std::string_view json) { Separate(); out_ += json; return *this; }
  // Inserts already-serialized members ("a":1,"b":2) into the open object.
  JsonWriter& RawMembers(std::string_view members) {
    if (members.empty()) return *this;
    Separate();
    out_ += members;
    return *this;
  }
  JsonWriter& OptionalInt(bool present, int64_t v) { return present ? Int(v) : Null(); }

  std::string_view View() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (after_key_) { after_key_ = false; return; }
    if (has_items_.empty()) return;
    if (has_items_.back()) out_ += ',';
    has_items_.back() = true;
  }
  void Open(char c) {
    Separate();
    out_ += c;
    has_items_.push_back(false);
  }
  void Close(char c) { out_ += c; has_items_.pop_back(); }
  void AppendString(std::string_view s);

  std::string out_;
  std::vector<bool> has_items_;  // per open object/array: a value was written there
  bool after_key_ = false;
};

}  // namespace supplyhub
