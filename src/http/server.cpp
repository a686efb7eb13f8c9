#include <utility>  // before Asio's awaitable headers on GCC 12

#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <list>
#include <optional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "core/log.h"
#include "http/envelope.h"
#include "http/server_limits.h"

namespace supplyhub::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

class AsioFdWatch final : public FdWatch {
 public:
  AsioFdWatch(asio::io_context& ctx, int fd) : descriptor_(ctx, fd) {}
  ~AsioFdWatch() override { descriptor_.release(); }  // the owner closes the descriptor
  void AwaitReadable(std::function<void()> ready) override { Wait(asio::posix::descriptor_base::wait_read, std::move(ready)); }
  void AwaitWritable(std::function<void()> ready) override { Wait(asio::posix::descriptor_base::wait_write, std::move(ready)); }

 private:
  void Wait(asio::posix::descriptor_base::wait_type type, std::function<void()> ready) {
    descriptor_.async_wait(type, [ready = std::move(ready)](const beast::error_code& ec) {
      if (ec != asio::error::operation_aborted) ready();  // aborted: the watcher is gone
    });
  }
  asio::posix::stream_descriptor descriptor_;
};

class AsioExecutor final : public Executor {
 public:
  explicit AsioExecutor(asio::io_context& ctx) : ctx_(ctx) {}
  void Post(std::function<void()> fn) override { asio::post(ctx_, std::move(fn)); }
  std::unique_ptr<FdWatch> Watch(int fd) override { return std::make_unique<AsioFdWatch>(ctx_, fd); }

 private:
  asio::io_context& ctx_;
};

// A connection as the shutdown logic sees it.
struct Connection {
  beast::tcp_stream* stream = nullptr;
  std::string peer;
  bool busy = false;  // a request is being handled: let it finish
};

struct Worker {
  asio::io_context ctx{1};
  AsioExecutor executor{ctx};
  tcp::acceptor acceptor{ctx};
  std::list<Connection> connections;  // touched only on this worker's thread
  bool stopping = false;
};

// Awaits a Task from inside an Asio coroutine. Storage resumes suspended
// tasks on this thread's executor, so OnDone cannot race with this frame.
asio::awaitable<Response> Await(Task<Response> task) {
  if (!task.Start()) {
    co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
        [&task](auto handler) {
          // The work guard keeps the io_context running while storage holds
          // our continuation (Asio cannot see that pending work by itself).
          auto executor = asio::get_associated_executor(handler);
          auto pending = std::make_shared<std::pair<decltype(handler), asio::executor_work_guard<decltype(executor)>>>(
              std::move(handler), asio::make_work_guard(executor));
          task.OnDone([pending, executor]() mutable {
            asio::post(executor, std::move(pending->first));
            pending->second.reset();
          });
        },
        asio::use_awaitable);
  }
  co_return task.TakeResult();
}

std::vector<std::pair<std::string_view, std::string_view>> HeaderList(const bhttp::fields& fields) {
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  headers.reserve(16);
  for (const auto& field : fields) headers.emplace_back(field.name_string(), field.value());
  return headers;
}

Request ToRequest(const bhttp::request<bhttp::string_body>& msg,
                  std::vector<std::pair<std::string_view, std::string_view>> headers, bool tls,
                  std::string_view peer, const Config& config) {
  Request r;
  r.method = msg.method_string();
  r.target = msg.target();
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  r.query = q == std::string_view::npos ? std::string_view() : r.target.substr(q + 1);
  r.body = msg.body();
  r.tls = tls;
  r.peer = peer;
  r.headers = std::move(headers);
  r.public_url = config.public_url;
  // Behind a trusted proxy (nginx), the client and its scheme are in headers.
  r.peer = ClientAddress(peer, r.Header("X-Forwarded-For"), config.trusted_proxies);
  if (r.peer != peer && r.Header("X-Forwarded-Proto") == "https") r.tls = true;
  return r;
}

bhttp::response<bhttp::string_body> ToBeast(Response&& res, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "supplyhub");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);  // a 304 has none
  for (auto& [k, v] : res.headers) out.set(k, v);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// An answer for a request we could not even read (no request id yet).
Response EarlyError(ErrorCode code, std::string message) {
  return ErrorResponse(Error::Of(code, std::move(message)), "-");
}

// After answering a request we stopped reading (e.g. 413), closing at once
// would reset the connection and could destroy our answer in flight; read
// and discard what the client is still sending for a short while first.
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  char scratch[16384];
  size_t drained = 0;
  stream.expires_after(std::chrono::seconds(1));
  while (!ec && drained < (size_t{4} << 20))
    drained += co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

struct Server::Impl {
  Config config;
  Dispatcher& dispatcher;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;
  std::thread stopper;  // forces the stop after the grace period
  std::unique_ptr<asio::ssl::context> tls;
  std::atomic<bool> stopping{false};
  std::atomic<bool> draining{false};
  std::atomic<size_t> open_connections{0};
  std::atomic<size_t> buffered_body_bytes{0};
  size_t max_connections = 0;
  std::mutex done_mutex;
  std::condition_variable done_cv;
  size_t running = 0;

  Impl(const Config& c, Dispatcher& d) : config(c), dispatcher(d) {}

  // Answers a request we will not handle and closes the connection: after
  // a framing error or an unread body, the rest of the stream is not ours.
  template <typename Stream>
  asio::awaitable<void> Refuse(Stream& stream, Response response) {
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    auto out = ToBeast(std::move(response), 11, false);
    beast::error_code ec;
    lowest.expires_after(std::chrono::seconds(config.read_timeout_seconds));
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    co_await LingeringClose(lowest);
  }

  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, Worker& worker, Connection& conn, bool is_tls) {
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    const auto timeout = std::chrono::seconds(config.read_timeout_seconds);
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
      parser.body_limit(config.max_body_bytes);
      conn.busy = false;
      if (worker.stopping) co_return;
      lowest.expires_after(timeout);
      beast::error_code ec;
      co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      conn.busy = true;
      if (ec) {
        if (auto early = ReadError(ec)) co_await Refuse(stream, std::move(*early));
        co_return;
      }
      auto& msg = parser.get();
      auto headers = HeaderList(msg);
      if (auto framing = CheckFraming(msg.version(), headers); !framing) {
        co_await Refuse(stream, EarlyError(ErrorCode::kBadRequest, framing.error().message));
        co_return;
      }
      // A chunked body may grow to the limit: reserve that much.
      size_t body_bytes = parser.content_length() ? static_cast<size_t>(*parser.content_length())
                          : parser.chunked()      ? config.max_body_bytes
                                                  : 0;
      BodyReservation reservation(buffered_body_bytes, config.max_buffered_body_bytes,
                                  std::min(body_bytes, config.max_body_bytes));
      if (body_bytes > 0 && !reservation.granted()) {
        Response busy = EarlyError(ErrorCode::kUnavailable, "The server is reading too many request bodies; retry shortly");
        busy.AddHeader("Retry-After", "1");
        co_await Refuse(stream, std::move(busy));
        co_return;
      }
      if (!parser.is_done()) {
        // Whoever sent headers must send the body promptly: a body held open
        // holds its reservation.
        lowest.expires_after(std::chrono::seconds(config.body_timeout_seconds));
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          if (auto early = ReadError(ec)) co_await Refuse(stream, std::move(*early));
          co_return;
        }
      }
      Request request = ToRequest(msg, std::move(headers), is_tls, conn.peer, config);
      Response response = co_await Await(dispatcher.Handle(request));
      bool keep_alive = msg.keep_alive() && !worker.stopping;
      auto out = ToBeast(std::move(response), msg.version(), keep_alive);
      lowest.expires_after(timeout);
      beast::error_code wec;
      co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, wec));
      if (wec || !keep_alive) co_return;
    }
  }

  // The answer to a request we could not read, or nothing when the
  // connection closed, timed out or was cancelled.
  std::optional<Response> ReadError(const beast::error_code& ec) const {
    if (ec == bhttp::error::body_limit)
      return EarlyError(ErrorCode::kPayloadTooLarge, "Request body exceeds " + std::to_string(config.max_body_bytes) + " bytes");
    if (ec == bhttp::error::header_limit) {
      Response r = EarlyError(ErrorCode::kBadRequest, "Request headers are too large");
      r.status = 431;
      return r;
    }
    if (ec.category() == beast::error_code(bhttp::error::end_of_stream).category() && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message)
      return EarlyError(ErrorCode::kBadRequest, "Malformed HTTP request: " + ec.message());
    return std::nullopt;
  }

  asio::awaitable<void> Session(tcp::socket socket, Worker& worker) {
    struct Counted {
      std::atomic<size_t>& open;
      ~Counted() { open.fetch_sub(1, std::memory_order_relaxed); }
    } counted{open_connections};
    worker.connections.push_back({});
    auto conn = std::prev(worker.connections.end());
    beast::error_code peer_ec;
    auto remote = socket.remote_endpoint(peer_ec);
    if (!peer_ec) conn->peer = remote.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    conn->stream = &stream;
    if (tls) {
      beast::ssl_stream<beast::tcp_stream&> secure(stream, *tls);
      stream.expires_after(std::chrono::seconds(config.read_timeout_seconds));
      beast::error_code ec;
      co_await secure.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) {
        co_await Serve(secure, worker, *conn, true);
        stream.expires_after(std::chrono::seconds(2));
        co_await secure.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
      }
    } else {
      co_await Serve(stream, worker, *conn, false);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    worker.connections.erase(conn);
  }

  // Over --max-connections: a short 503 instead of a connection that
  // would take memory and descriptors from the ones being served.
  asio::awaitable<void> TurnAway(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    Response busy = EarlyError(ErrorCode::kUnavailable, "Too many open connections; retry shortly");
    busy.AddHeader("Retry-After", "1");
    auto out = ToBeast(std::move(busy), 11, false);
    beast::error_code ec;
    stream.expires_after(std::chrono::seconds(2));
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  static bool OutOfDescriptors(const beast::error_code& ec) {
    return ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
           ec == asio::error::no_memory;
  }

  asio::awaitable<void> Accept(Worker& worker) {
    asio::steady_timer backoff(worker.ctx);
    bool starved = false;
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await worker.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (worker.stopping || ec == asio::error::operation_aborted) co_return;
        if (OutOfDescriptors(ec)) {
          // The pending connection stays queued, so accepting again at once
          // would spin: pause, and say so once per episode.
          if (!starved) log::Warn("out of file descriptors: pausing accepts", {{"error", ec.message()}});
          starved = true;
          backoff.expires_after(std::chrono::milliseconds(100));
          co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        continue;
      }
      if (starved) log::Info("file descriptors available again: accepting");
      starved = false;
      socket.set_option(tcp::no_delay(true), ec);
      if (open_connections.fetch_add(1, std::memory_order_relaxed) >= max_connections) {
        open_connections.fetch_sub(1, std::memory_order_relaxed);
        asio::co_spawn(worker.ctx, TurnAway(std::move(socket)), asio::detached);
        continue;
      }
      asio::co_spawn(worker.ctx, Session(std::move(socket), worker), asio::detached);
    }
  }

  Result<void> Listen(Worker& worker, const tcp::endpoint& endpoint) {
    beast::error_code ec;
    worker.acceptor.open(endpoint.protocol(), ec);
    if (!ec) worker.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) {
      int one = 1;
      ::setsockopt(worker.acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      worker.acceptor.bind(endpoint, ec);
    }
    if (!ec) worker.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, "cannot listen on " + endpoint.address().to_string() + ":" +
                                                     std::to_string(endpoint.port()) + ": " + ec.message());
    return {};
  }
};

Server::Server(const Config& config, Dispatcher& dispatcher) : impl_(std::make_unique<Impl>(config, dispatcher)) {}

Server::~Server() {
  Stop();
  Wait();
}

Result<uint16_t> Server::Start() {
  Impl& s = *impl_;
  s.max_connections = s.config.max_connections ? s.config.max_connections : MaxConnectionsFor(RaiseOpenFilesLimit());
  if (!s.config.tls_cert.empty() || !s.config.tls_key.empty()) {
    s.tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    s.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    s.tls->use_certificate_chain_file(s.config.tls_cert, ec);
    if (!ec) s.tls->use_private_key_file(s.config.tls_key, asio::ssl::context::pem, ec);
    if (ec) return Fail(ErrorCode::kUnavailable, "cannot load TLS certificate or key: " + ec.message());
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(s.config.bind, ec);
  if (ec) return Fail(ErrorCode::kBadRequest, "invalid bind address: " + s.config.bind);
  unsigned n = s.config.threads ? s.config.threads : std::max(1u, std::thread::hardware_concurrency());
  uint16_t port = s.config.port;
  for (unsigned i = 0; i < n; ++i) {
    auto worker = std::make_unique<Worker>();
    if (auto listening = s.Listen(*worker, tcp::endpoint(address, port)); !listening) return Fail(listening.error());
    port = worker->acceptor.local_endpoint().port();  // port 0: the others join the chosen port
    s.workers.push_back(std::move(worker));
  }
  s.running = n;
  for (auto& w : s.workers) {
    Worker* worker = w.get();
    asio::co_spawn(worker->ctx, s.Accept(*worker), asio::detached);
    s.threads.emplace_back([&s, worker] {
      SetCurrentExecutor(&worker->executor);
      worker->ctx.run();
      SetCurrentExecutor(nullptr);
      std::lock_guard lock(s.done_mutex);
      if (--s.running == 0) s.done_cv.notify_all();
    });
  }
  if (!s.config.port_file.empty()) std::ofstream(s.config.port_file) << port << "\n";
  return port;
}

void Server::Stop() {
  Impl& s = *impl_;
  s.draining = true;
  if (s.stopping.exchange(true)) return;
  for (auto& w : s.workers) {
    Worker* worker = w.get();
    asio::post(worker->ctx, [worker] {
      worker->stopping = true;
      beast::error_code ignored;
      worker->acceptor.close(ignored);
      for (Connection& c : worker->connections)
        if (!c.busy) c.stream->cancel();  // idle: wake its read so it exits
    });
  }
  // Force whatever is still running after the grace period.
  s.stopper = std::thread([&s] {
    std::unique_lock lock(s.done_mutex);
    if (!s.done_cv.wait_for(lock, std::chrono::seconds(s.config.shutdown_grace_seconds),
                            [&s] { return s.running == 0; })) {
      log::Warn("grace period over: closing remaining connections");
      for (auto& w : s.workers) w->ctx.stop();
    }
  });
}

void Server::Wait() {
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  if (impl_->stopper.joinable()) impl_->stopper.join();
}

namespace {
sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}
}  // namespace

void Server::HoldStopSignals() {
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool Server::Draining() const { return impl_->draining.load(std::memory_order_relaxed); }

void Server::RunUntilSignal() {
  asio::io_context signals_ctx;
  asio::signal_set signals(signals_ctx, SIGINT, SIGTERM);
  asio::steady_timer drained(signals_ctx);
  // First signal: /readyz answers 503 at once, so load balancers stop
  // sending; requests are still served for --drain seconds, then the stop.
  // A second signal stops at once.
  signals.async_wait([&](const beast::error_code&, int signal) {
    impl_->draining = true;
    log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                                {"drain_seconds", std::to_string(impl_->config.drain_seconds)}});
    drained.expires_after(std::chrono::seconds(impl_->config.drain_seconds));
    drained.async_wait([this](const beast::error_code& ec) {
      if (!ec) Stop();
    });
    signals.async_wait([this](const beast::error_code& ec, int) {
      if (!ec) Stop();
    });
  });
  std::thread waiter([&] {
    // The handler is installed: a signal held since HoldStopSignals lands here.
    sigset_t set = StopSignals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    signals_ctx.run();
  });
  Wait();
  signals_ctx.stop();
  waiter.join();
}

}  // namespace supplyhub::http
