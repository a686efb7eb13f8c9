// The body of POST /oauth/token and friends. The first byte picks the
// Content-Type the client claims (bit 0: JSON instead of form-encoded; bit 1:
// a charset parameter; bit 2: upper case), so seeds start with '0'..'7'.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "features/oauth/oauth_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned choice = data[0];
  std::string content_type = (choice & 1) ? "application/json" : "application/x-www-form-urlencoded";
  if (choice & 2) content_type += "; charset=UTF-8";
  if (choice & 4)
    for (char& c : content_type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto form = supplyhub::features::ParseOAuthForm(content_type, body);
  if (form && !(choice & 1) && body.find('=') == std::string_view::npos)
    for (const auto& [name, value] : *form) FUZZ_CHECK(value.empty());  // no '=': names only
  return 0;
}
