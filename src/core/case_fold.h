#pragma once
// Unicode-aware case folding of UTF-8 text, for case-insensitive matching
// beyond ASCII (SQLite's LIKE folds ASCII only: "MÜLLER" must find "Müller").
// Simple (one code point to one code point) mappings from the C library's
// C.UTF-8 tables; bytes that are not valid UTF-8 pass through unchanged.
#include <string>
#include <string_view>

namespace supplyhub {

std::string FoldCase(std::string_view utf8);

}  // namespace supplyhub
