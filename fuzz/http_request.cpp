// Bytes from a client connection, read the way http/server.cpp reads them:
// Beast's request parser with the server's limits, header first, our framing
// check, then the body; then what the dispatcher derives from the target and
// headers. Leftover bytes are the next pipelined request on the connection.
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check.h"
#include "http/query_string.h"
#include "http/request.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Parser = bhttp::request_parser<bhttp::string_body>;

constexpr std::uint32_t kHeaderLimit = 16 << 10;  // Config::max_header_bytes
constexpr std::uint64_t kBodyLimit = 1 << 20;     // Config::max_body_bytes
constexpr int kMaxPipelined = 4;

// Feeds `in` until `done()`. False on a parse error, or when the parser needs
// bytes the client has not sent (the server would wait, then time out).
template <typename Done>
bool Feed(Parser& parser, std::string_view& in, Done done) {
  while (!done()) {
    beast::error_code ec;
    size_t used = parser.put(boost::asio::const_buffer(in.data(), in.size()), ec);
    in.remove_prefix(used);
    if (ec && ec != bhttp::error::need_more) return false;
    if (used == 0) return done();  // no progress: it waits for more bytes
  }
  return true;
}

// Everything the server does with one request; false when it would close.
bool OneRequest(std::string_view& in) {
  Parser parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kBodyLimit);
  parser.eager(false);  // as read_header: stop after the header
  if (!Feed(parser, in, [&] { return parser.is_header_done(); })) return false;

  const auto& msg = parser.get();
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  for (const auto& field : msg) headers.emplace_back(field.name_string(), field.value());
  FUZZ_CHECK(msg.version() == 10 || msg.version() == 11);
  if (!supplyhub::http::CheckFraming(msg.version(), headers)) return false;

  parser.eager(true);
  if (!Feed(parser, in, [&] { return parser.is_done(); })) return false;
  FUZZ_CHECK(msg.body().size() <= kBodyLimit);

  supplyhub::http::Request request;
  request.target = msg.target();
  size_t q = request.target.find('?');
  request.path = request.target.substr(0, q);
  request.query = q == std::string_view::npos ? std::string_view() : request.target.substr(q + 1);
  request.headers = std::move(headers);
  (void)supplyhub::http::ParseQuery(request.query);

  // A trusted peer, so the X-Forwarded-For walk runs; the answer is the peer
  // or one of the listed entries, never empty.
  static const std::vector<std::string> kTrusted = {"10.0.0.1", "127.0.0.1", "::1"};
  std::string_view forwarded = request.Header("X-Forwarded-For");
  std::string_view client = supplyhub::http::ClientAddress("10.0.0.1", forwarded, kTrusted);
  FUZZ_CHECK(!client.empty());
  FUZZ_CHECK(client == "10.0.0.1" || forwarded.find(client) != std::string_view::npos);
  return msg.keep_alive();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < kMaxPipelined && !in.empty(); ++i)
    if (!OneRequest(in)) break;
  return 0;
}
