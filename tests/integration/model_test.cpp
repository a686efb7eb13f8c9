// A model-based test of the operations and billing rules (issue 18, item 9):
// random sequences of thousands of operations over real HTTP, on both
// backends, each step checked against a small model of the INTENDED rules.
//
//   The model   what every row should hold: stock per (SKU, location), the
//               orders and their reservations, tickets, invoices, payments,
//               credit notes; exact arithmetic (__int128).
//   Operations  one table; each plans ONE call from the model (target, body),
//               says what the rules expect (accepted, refused 409/422, or
//               either when the rules allow both) and what a success does.
//   Checks      after every step: on_hand >= allocated >= 0 on every
//               inventory row and allocated = the open reservations the
//               model holds; each touched row as the model says (a balance
//               is total - valid payments - applied credits, its status
//               follows it); a success has its events (GET /v1/events from
//               the last cursor); a refused call wrote no event and changed
//               none of the rows it touches (snapshots before and after).
//
// Env: SUPPLYHUB_MODEL_SEED (default: a new one per run, printed on failure),
// SUPPLYHUB_MODEL_STEPS (default kDefaultSteps), SUPPLYHUB_MODEL_OPS (a comma
// list of operations to run only, or of "-name" to leave out),
// SUPPLYHUB_MODEL_VERBOSE (print every step). See
// docs/testing.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include "support/test_server.h"

namespace supplyhub::testing {
namespace {

using nlohmann::json;
__extension__ typedef __int128 Wide;  // the model's arithmetic: quantities in millionths, money in minor units
__extension__ typedef unsigned __int128 UnsignedWide;

constexpr int kDefaultSteps = 2500;
constexpr int kSweepEvery = 250;       // steps between checks of every row the model knows
constexpr size_t kHistory = 12;        // operations shown on a failure

constexpr Wide kUnit = 1000000;  // millionths in one unit of a decimal quantity
constexpr Wide kInt64Max = INT64_MAX;
constexpr Wide kHugeQuantity = Wide(999999999999) * kUnit;          // the most a decimal field takes
constexpr Wide kHugePrice = Wide(999999999999) * kUnit + 990000;    // 999999999999.99
// Beyond these a declared maximum may refuse a value (item 8): the model then
// accepts a refusal or an exact result.
constexpr Wide kLargeStock = Wide(1000000000) * kUnit;
constexpr Wide kLargeMoney = Wide(100000000000);

// ---- Numbers ------------------------------------------------------------------

std::string Str(Wide v) {
  if (v == 0) return "0";
  UnsignedWide a = v < 0 ? UnsignedWide{0} - static_cast<UnsignedWide>(v) : static_cast<UnsignedWide>(v);
  std::string s;
  for (; a; a /= 10) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(a % 10)));
  return v < 0 ? "-" + s : s;
}

Wide Pow10(int n) {
  Wide p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// "12.5" for 12500000 millionths.
std::string DecimalText(Wide millionths) {
  std::string sign = millionths < 0 ? "-" : "";
  Wide a = millionths < 0 ? -millionths : millionths;
  std::string whole = Str(a / kUnit), frac = Str(a % kUnit);
  if (a % kUnit == 0) return sign + whole;
  frac = std::string(6 - frac.size(), '0') + frac;
  while (frac.back() == '0') frac.pop_back();
  return sign + whole + "." + frac;
}

std::string MoneyText(Wide minor, int exponent) {
  Wide scale = Pow10(exponent);
  std::string frac = Str(minor % scale);
  return Str(minor / scale) + (exponent ? "." + std::string(static_cast<size_t>(exponent) - frac.size(), '0') + frac : "");
}

// A quantity for a request body: a JSON integer when it is a small whole number, else exact text.
json Quantity(Wide millionths) {
  if (millionths % kUnit == 0 && millionths / kUnit < Wide(1) << 52 && millionths / kUnit > -(Wide(1) << 52))
    return static_cast<int64_t>(millionths / kUnit);
  return DecimalText(millionths);
}

// A decimal field of an answer, in millionths (numbers beyond a double's precision come out approximate).
std::optional<Wide> Millionths(const json& v) {
  if (v.is_number_unsigned()) return Wide(v.get<uint64_t>()) * kUnit;
  if (v.is_number_integer()) return Wide(v.get<int64_t>()) * kUnit;
  if (v.is_number_float()) return static_cast<Wide>(std::round(static_cast<long double>(v.get<double>()) * 1e6L));
  return std::nullopt;
}

std::optional<Wide> Minor(const json& v) {
  if (v.is_number_integer()) return Wide(v.get<int64_t>());
  return std::nullopt;
}

std::string Show(const std::optional<Wide>& v) { return v ? Str(*v) : "missing"; }

struct CurrencyInfo {
  const char* code;
  int exponent;
};
constexpr CurrencyInfo kCurrencies[] = {{"USD", 2}, {"JPY", 0}, {"KWD", 3}};

int Exponent(const std::string& code) {
  for (const auto& c : kCurrencies)
    if (code == c.code) return c.exponent;
  return 2;
}

// quantity x unit price in the currency's minor units, rounded half up (as documented for totals).
Wide LineAmount(Wide quantity, Wide price, int exponent) {
  Wide divisor = Pow10(12 - exponent), product = quantity * price;
  return product >= 0 ? (product + divisor / 2) / divisor : (product - divisor / 2) / divisor;
}

// ---- The model --------------------------------------------------------------------

constexpr int kSkus = 3, kLocations = 3;

struct Item {
  int64_t id = 0;
  int sku = 0;
  Wide quantity = 0, price = 0, shipped = 0, reserved = 0;
  Wide Left() const { return quantity - shipped; }
};

struct Order {
  int64_t id = 0;
  std::string currency = "USD", status = "open";
  int location = -1;  // where `allocate` reserved the stock
  std::vector<Item> items;
  std::set<int64_t> picked;  // items a pick ticket line names (the foreign key keeps them)
  bool Referenced() const { return !picked.empty(); }
  bool Live() const { return status == "open" || status == "allocated" || status == "partially_shipped"; }
  Wide Reserved() const {
    Wide sum = 0;
    for (const auto& i : items) sum += i.reserved;
    return sum;
  }
  Item* Find(int64_t item) {
    for (auto& i : items)
      if (i.id == item) return &i;
    return nullptr;
  }
  Wide Total() const {
    Wide sum = 0;
    for (const auto& i : items) sum += LineAmount(i.quantity, i.price, Exponent(currency));
    return sum;
  }
  std::string Fulfillment() const {
    bool any = false, all = !items.empty();
    for (const auto& i : items) any = any || i.shipped > 0, all = all && i.shipped >= i.quantity;
    return all ? "fulfilled" : any ? "partial" : "unfulfilled";
  }
  // What storing the order does to its status: it follows shipping while the order is live.
  void Settle() {
    std::string f = Fulfillment();
    if (f != "unfulfilled" &&
        (status == "open" || status == "allocated" || status == "partially_shipped" || status == "shipped"))
      status = f == "fulfilled" ? "shipped" : "partially_shipped";
  }
};

struct InvoiceLine {
  int64_t id = 0;
  Wide quantity = 0, price = 0;
};

struct Invoice {
  int64_t id = 0;
  std::string currency = "USD", status = "draft";
  bool issued = false;
  std::vector<InvoiceLine> lines;
  Wide credits = 0;  // credit notes applied to it
  Wide Total() const {
    Wide sum = 0;
    for (const auto& l : lines) sum += LineAmount(l.quantity, l.price, Exponent(currency));
    return sum;
  }
  bool Payable() const { return status == "open" || status == "partially_paid" || status == "paid"; }
};

struct Payment {
  int64_t id = 0, invoice = 0, note = 0;
  std::string currency, status = "posted";
  Wide amount = 0, applied = 0;
};

struct CreditNote {
  int64_t id = 0;
  std::string currency = "USD", status = "open";
  Wide amount = 0, remaining = 0, applied = 0;  // applied: what went to invoices
};

struct PickLine {
  int64_t item = 0;
  Wide quantity = 0;
};
struct PickTicket {
  int64_t id = 0, order = 0;
  int location = 0;
  std::string status = "open";
  std::vector<PickLine> lines;
};

struct ReceivingLine {
  int64_t id = 0;
  int sku = 0;
  Wide expected = 0;
};
struct ReceivingTicket {
  int64_t id = 0;
  int location = 0;
  std::string status = "open";
  std::vector<ReceivingLine> lines;
};

struct AdjustKey {
  std::string key;
  int sku = 0, location = 0;
};

struct Model {
  int64_t skus[kSkus]{}, locations[kLocations]{};
  Wide on_hand[kSkus][kLocations]{};
  int64_t inventory[kSkus][kLocations]{};  // the row's id once the server has one
  std::map<int64_t, Order> orders;
  std::map<int64_t, PickTicket> picks;
  std::map<int64_t, ReceivingTicket> receipts;
  std::map<int64_t, Invoice> invoices;
  std::map<int64_t, Payment> payments;
  std::map<int64_t, CreditNote> notes;
  std::vector<AdjustKey> adjustments;  // applied adjustments' idempotency keys

  // The open reservations of (sku, location): what live rows reserve there.
  Wide Allocated(int sku, int location) const {
    Wide sum = 0;
    for (const auto& [id, o] : orders)
      if (o.location == location)
        for (const auto& i : o.items)
          if (i.sku == sku) sum += i.reserved;
    return sum;
  }
  std::string Holders(int sku, int location) const {
    std::string out;
    for (const auto& [id, o] : orders)
      if (o.location == location)
        for (const auto& i : o.items)
          if (i.sku == sku && i.reserved) out += " order " + std::to_string(id) + ":" + DecimalText(i.reserved);
    return out.empty() ? " none" : out;
  }
  // Valid payments and applied credits.
  Wide Paid(const Invoice& inv) const {
    Wide sum = inv.credits;
    for (const auto& [id, p] : payments)
      if (p.invoice == inv.id && p.status == "posted") sum += p.applied;
    return sum;
  }
  // An issued invoice's status follows what is paid.
  void Settle(Invoice& inv) const {
    if (!inv.Payable()) return;
    Wide paid = Paid(inv), total = inv.Total();
    inv.status = paid <= 0 ? "open" : paid >= total ? "paid" : "partially_paid";
  }
  int SkuIndex(int64_t id) const {
    for (int i = 0; i < kSkus; ++i)
      if (skus[i] == id) return i;
    return -1;
  }
  int LocationIndex(int64_t id) const {
    for (int i = 0; i < kLocations; ++i)
      if (locations[i] == id) return i;
    return -1;
  }
};

// ---- A step: one call, what the rules expect of it -------------------------------

enum class Expect { kAccepted, kRefused, kEither };
enum class Kind { kOrder, kPick, kReceipt, kInvoice, kPayment, kNote };
constexpr const char* kPaths[] = {"orders", "pick_tickets", "receiving_tickets", "invoices", "payments", "credit_notes"};

std::string PathOf(Kind k, int64_t id) { return "/v1/" + std::string(kPaths[static_cast<int>(k)]) + "/" + std::to_string(id); }

struct EventWant {
  std::string resource;
  int64_t id = 0;     // 0: any row of the resource
  std::string type;   // "": any type
};

struct Step {
  std::string op, method, target;
  json body;
  Expect expect = Expect::kAccepted;
  std::string rule;                                  // what a refusal (or an either) rests on
  std::vector<std::pair<Kind, int64_t>> rows;        // rows it may change: snapshot before, checked after
  std::vector<EventWant> events;                     // wanted after a success (plus changed inventory rows)
  bool no_change = false;                            // a replay: success, no change, no event
  std::function<void(Step&, const json&)> accepted;  // what a success does to the model

  void Refuse(const std::string& why) { expect = Expect::kRefused, rule = why; }
  void Either(const std::string& why) {
    if (expect == Expect::kAccepted) expect = Expect::kEither, rule = why;
  }
  void Touch(Kind k, int64_t id) { rows.emplace_back(k, id); }
  void Want(const std::string& resource, int64_t id, const std::string& type = "") { events.push_back({resource, id, type}); }
};

const char* kStockRule = "stock never goes below zero";
const char* kReservedRule = "item 7: a stock move keeps on_hand >= allocated (reserved stock stays)";
const char* kOverflowRule = "item 8: checked arithmetic: the result does not fit 64 bits";
const char* kLargeRule = "item 8: a declared maximum may refuse a value this large";
const char* kReleaseRule = "item 6: ending or shrinking an order releases its reservation, or is refused while reserved";
const char* kPostedRule = "item 5: a posted payment's invoice, amount and currency never change (void and post again)";
const char* kIssuedRule = "item 5: an issued invoice's lines and currency never change";

// ---- The test -----------------------------------------------------------------------

class ModelTest : public ServerTest {
 protected:
  void Configure(Config& c) override {
    c.first_party_pool = int64_t{1} << 40;  // thousands of requests a second from one token
    c.first_party_refill = int64_t{1} << 40;
  }

  // ---- randomness
  int64_t U(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T>
  size_t Index(const std::vector<T>& v) { return static_cast<size_t>(U(0, static_cast<int64_t>(v.size()) - 1)); }
  // A row of `map`: with probability p one `prefer` likes, else any (to
  // probe what the rules refuse); nullptr when there is none to give.
  template <class M, class F>
  typename M::mapped_type* Pick(M& map, F prefer, double p = 0.85) {
    std::vector<typename M::mapped_type*> all, liked;
    for (auto& [id, row] : map) {
      all.push_back(&row);
      if (prefer(row)) liked.push_back(&row);
    }
    auto& from = Chance(p) ? liked : all;
    return from.empty() ? nullptr : from[Index(from)];
  }
  // A pick ticket still to ship, of an order still live.
  bool Pending(const PickTicket& t) {
    return (t.status == "open" || t.status == "picking") && m_.orders.count(t.order) && m_.orders[t.order].Live();
  }
  // An open ticket whose shipping the rules would refuse now.
  bool Stuck(const PickTicket& t) {
    return (t.status == "open" || t.status == "picking") && SimulateShip(t).expect == Expect::kRefused;
  }
  std::string OtherCurrency(const std::string& code) {
    std::string other = code;
    while (other == code) other = kCurrencies[U(0, 2)].code;
    return other;
  }
  // A quantity of 1..max units, now and then with a half.
  Wide Units(int64_t max) { return Wide(U(1, max)) * kUnit + (Chance(0.1) ? kUnit / 2 : 0); }
  // A price below 1000 with 0..3 decimals.
  Wide Price() { return Wide(U(1, 99999)) * Pow10(6 - static_cast<int>(U(0, 3))); }

  // ---- HTTP
  HttpResponse Send(const std::string& method, const std::string& target, const json& body = nullptr) {
    if (method == "GET") return client_->Get(target);
    if (method == "DELETE") return client_->Delete(target);
    std::string text = body.is_null() ? "{}" : body.dump();
    if (method == "POST") return client_->Post(target, text);
    if (method == "PUT") return client_->Put(target, text);
    return client_->Patch(target, text);
  }
  // A row's data, or null when it is gone (anything else fails the step).
  json Fetch(const std::string& path) {
    auto r = client_->Get(path);
    if (r.status == 404) return nullptr;
    if (r.status != 200) {
      Fail("GET " + path + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
      return nullptr;
    }
    return r.Json()["data"];
  }
  json Create(const std::string& resource, const json& body) {
    auto r = client_->Post("/v1/" + resource, body.dump());
    EXPECT_EQ(r.status, 201) << resource << ": " << r.body;
    return r.status == 201 ? r.Json()["data"] : json();
  }
  void Fail(const std::string& what) { failures_.push_back(what); }

  // =================================================================================
  // Operations: each plans one call from the model and says what the rules expect.
  // false: nothing to do it on now (another operation is picked).
  // =================================================================================

  // -- stock

  // A signed change that leaves the reserved stock alone: now and then one
  // down to (nearly) just what is reserved, to work at that edge; now and
  // then one below zero (refused).
  bool Adjust(Step& s) {
    int sku = static_cast<int>(U(0, kSkus - 1)), loc = static_cast<int>(U(0, kLocations - 1));
    Wide on = m_.on_hand[sku][loc], reserved = m_.Allocated(sku, loc);
    int64_t variant = U(0, 19);
    Wide delta = variant < 3   ? -on - Wide(U(1, 3)) * kUnit
                 : variant < 6 ? reserved - on + Wide(U(0, 2)) * kUnit
                               : std::max(Wide(U(-5, 12)) * kUnit, reserved - on);
    return PlanAdjust(s, sku, loc, delta == 0 ? kUnit : delta);
  }

  // Takes away stock an order reserved (item 7: refused).
  bool AdjustReserved(Step& s) {
    int sku = static_cast<int>(U(0, kSkus - 1)), loc = static_cast<int>(U(0, kLocations - 1));
    Wide reserved = m_.Allocated(sku, loc);
    if (reserved <= 0) return false;
    Wide below = std::min<Wide>(reserved, Wide(U(1, 3)) * kUnit);
    return PlanAdjust(s, sku, loc, reserved - below - m_.on_hand[sku][loc]);
  }

  // ten of these overflow a 64-bit on_hand (issue 18's report: it clamped)
  bool HugeAdjust(Step& s) {
    int sku = 0, loc = 0;
    if (Chance(0.95)) {
      for (int i = 0; i < kSkus; ++i)
        for (int j = 0; j < kLocations; ++j)
          if (m_.on_hand[i][j] > m_.on_hand[sku][loc]) sku = i, loc = j;
    } else {
      sku = static_cast<int>(U(0, kSkus - 1)), loc = static_cast<int>(U(0, kLocations - 1));
    }
    return PlanAdjust(s, sku, loc, Chance(0.9) ? kHugeQuantity : -kHugeQuantity);
  }

  bool PlanAdjust(Step& s, int sku, int loc, Wide delta) {
    Wide after = m_.on_hand[sku][loc] + delta;
    std::string key = "adj-" + std::to_string(step_);
    s.method = "POST", s.target = "/v1/stock_operations";
    s.body = {{"kind", "adjust"}, {"sku_id", m_.skus[sku]}, {"location_id", m_.locations[loc]},
              {"quantity", Quantity(delta)}, {"idempotency_key", key}};
    if (after < 0) s.Refuse(kStockRule);
    else if (after < m_.Allocated(sku, loc)) s.Refuse(kReservedRule);
    StockBound(s, after, delta);
    s.accepted = [this, sku, loc, after, key](Step& st, const json& d) {
      m_.on_hand[sku][loc] = after;
      m_.adjustments.push_back({key, sku, loc});
      st.Want("stock_operations", d.value("id", int64_t{0}), "stock_operation.created");
    };
    return true;
  }

  // The same idempotency key again (another quantity): the first result, nothing moves.
  bool ReplayAdjust(Step& s) {
    if (m_.adjustments.empty()) return false;
    const AdjustKey& a = m_.adjustments[Index(m_.adjustments)];
    s.method = "POST", s.target = "/v1/stock_operations";
    s.body = {{"kind", "adjust"}, {"sku_id", m_.skus[a.sku]}, {"location_id", m_.locations[a.location]},
              {"quantity", 1}, {"idempotency_key", a.key}};
    s.no_change = true;
    return true;
  }

  // What is available (now and then more than there is: refused).
  bool Transfer(Step& s) { return PlanTransfer(s, false); }
  // More than is available but not more than there is: it would take reserved stock (item 7: refused).
  bool TransferReserved(Step& s) { return PlanTransfer(s, true); }

  bool PlanTransfer(Step& s, bool reserved) {
    int sku = static_cast<int>(U(0, kSkus - 1)), from = static_cast<int>(U(0, kLocations - 1));
    int to = static_cast<int>((from + U(1, kLocations - 1)) % kLocations);
    Wide on = m_.on_hand[sku][from], available = on - m_.Allocated(sku, from);
    Wide q;
    if (reserved) {
      if (on <= available) return false;
      q = Chance(0.5) ? on : available + std::min<Wide>(on - available, Wide(U(1, 4)) * kUnit);
    } else if (Chance(0.15)) {
      q = on + Wide(U(1, 4)) * kUnit;
    } else if (available >= kUnit) {
      q = Wide(U(1, static_cast<int64_t>(std::min<Wide>(available / kUnit, 10)))) * kUnit;
    } else {
      return false;
    }
    s.method = "POST", s.target = "/v1/stock_operations";
    s.body = {{"kind", "transfer"}, {"sku_id", m_.skus[sku]}, {"from_location_id", m_.locations[from]},
              {"to_location_id", m_.locations[to]}, {"quantity", Quantity(q)}};
    if (q > on) s.Refuse(kStockRule);
    else if (q > available) s.Refuse(kReservedRule);
    StockBound(s, m_.on_hand[sku][to] + q, q);
    s.accepted = [this, sku, from, to, q](Step& st, const json& d) {
      m_.on_hand[sku][from] -= q;
      m_.on_hand[sku][to] += q;
      st.Want("stock_operations", d.value("id", int64_t{0}), "stock_operation.created");
    };
    return true;
  }

  // Deleting an inventory row: stock changes only through stock operations and tickets.
  bool DeleteInventory(Step& s) {
    int sku = static_cast<int>(U(0, kSkus - 1)), loc = static_cast<int>(U(0, kLocations - 1));
    if (!m_.inventory[sku][loc]) return false;
    s.method = "DELETE", s.target = "/v1/inventory/" + std::to_string(m_.inventory[sku][loc]);
    if (m_.on_hand[sku][loc] != 0 || m_.Allocated(sku, loc) != 0)
      s.Refuse("stock changes only through stock operations and tickets: a row holding stock is not deleted");
    else
      s.Either("an empty inventory row may be deleted");
    s.accepted = [this, sku, loc](Step& st, const json&) {
      st.Want("inventory", m_.inventory[sku][loc], "inventory.deleted");
      m_.inventory[sku][loc] = 0;
    };
    return true;
  }

  // -- orders

  bool CreateOrder(Step& s) {
    if (Count(m_.orders, [](const Order& o) { return o.Live(); }) >= 10) return false;
    Order o;
    o.currency = kCurrencies[U(0, 2)].code;
    std::vector<int> skus{0, 1, 2};
    std::shuffle(skus.begin(), skus.end(), rng_);
    for (int64_t n = U(1, 3), i = 0; i < n; ++i) o.items.push_back({0, skus[static_cast<size_t>(i)], Units(6), Price()});
    return PlanOrder(s, o);
  }

  // Totals that do not fit 64 bits (issue 18's report: 201 with a wrapped total).
  bool HugeOrder(Step& s) {
    Order o;
    int64_t variant = U(0, 3);
    Wide quantities[] = {kHugeQuantity, Wide(1000000) * kUnit, Wide(100) * kUnit, Wide(50000) * kUnit};
    o.items.push_back({0, 0, quantities[variant], kHugePrice});
    if (variant == 3) o.items.push_back({0, 1, quantities[variant], kHugePrice});  // each fits, the sum does not
    return PlanOrder(s, o);
  }

  bool PlanOrder(Step& s, Order o) {
    json items = json::array();
    for (const auto& i : o.items)
      items.push_back({{"sku_id", m_.skus[i.sku]}, {"quantity", Quantity(i.quantity)}, {"price", DecimalText(i.price)}});
    s.method = "POST", s.target = "/v1/orders";
    s.body = {{"order_number", "O-" + std::to_string(step_)}, {"currency", o.currency}, {"items", items}};
    MoneyBound(s, o.Total(), o.items.front().quantity > kLargeStock);
    s.accepted = [this, o](Step& st, const json& d) mutable {
      o.id = d.value("id", int64_t{0});
      if (!ReadItems(o, d)) return;
      m_.orders[o.id] = o;
      st.Touch(Kind::kOrder, o.id);
      st.Want("orders", o.id, "order.created");
    };
    return true;
  }

  bool Allocate(Step& s) {
    Order* o = Pick(m_.orders, [](const Order& o) { return o.status == "open" && !o.items.empty(); }, 0.93);
    if (!o) return false;
    int loc = static_cast<int>(U(0, kLocations - 1));
    if (!o->items.empty() && Chance(0.6))  // where its first item has the most stock
      for (int j = 0; j < kLocations; ++j)
        if (m_.on_hand[o->items[0].sku][j] > m_.on_hand[o->items[0].sku][loc]) loc = j;
    s.method = "POST", s.target = PathOf(Kind::kOrder, o->id) + "/allocate";
    s.body = {{"location_id", m_.locations[loc]}};
    s.Touch(Kind::kOrder, o->id);
    if (o->status != "open") s.Refuse("only an open order is allocated");
    std::map<int, Wide> wanted;
    for (const auto& i : o->items)
      if (i.Left() > 0 && m_.Allocated(i.sku, loc) + (wanted[i.sku] += i.Left()) > m_.on_hand[i.sku][loc])
        s.Refuse("allocation reserves only available stock");
    int64_t id = o->id;
    s.accepted = [this, id, loc](Step& st, const json&) {
      Order& o = m_.orders[id];
      for (auto& i : o.items)
        if (i.Left() > 0) i.reserved += i.Left();
      o.location = loc, o.status = "allocated";
      st.Want("orders", id, "order.allocated");
    };
    return true;
  }

  bool CancelOrder(Step& s) {
    Order* o = Pick(m_.orders, [](const Order& o) { return o.status == "open" || o.status == "allocated"; });
    if (!o) return false;
    if (Chance(0.5)) s.method = "POST", s.target = PathOf(Kind::kOrder, o->id) + "/cancel";
    else s.method = "PATCH", s.target = PathOf(Kind::kOrder, o->id), s.body = {{"status", "cancelled"}};
    s.Touch(Kind::kOrder, o->id);
    int64_t id = o->id;
    if (o->status == "cancelled" && s.method == "PATCH") {  // the state it is in: an update that changes nothing
      s.accepted = [id](Step& st, const json&) { st.Want("orders", id); };
      return true;
    }
    if (o->status != "open" && o->status != "allocated") s.Refuse("cancel only from open or allocated");
    s.accepted = Ends(id, "cancelled");
    return true;
  }

  // What ending an order does: it releases all it reserved.
  std::function<void(Step&, const json&)> Ends(int64_t id, const std::string& status) {
    return [this, id, status](Step& st, const json&) {
      Order& o = m_.orders[id];
      for (auto& i : o.items) i.reserved = 0;
      o.status = status;
      st.Want("orders", id, "order." + status);
    };
  }

  // POST close, or seed 002's "is_closed": 1, or "status": "closed"; of an
  // order that reserves nothing (fine), or of one that does (item 6).
  bool CloseOrder(Step& s) { return PlanClose(s, false); }
  bool CloseReserved(Step& s) { return PlanClose(s, true); }

  bool PlanClose(Step& s, bool reserved) {
    Order* o = Pick(m_.orders, [&](const Order& o) { return (o.Reserved() > 0) == reserved && o.status != "closed"; }, 1);
    if (o && o->status == "cancelled" && Chance(0.8))  // mostly a live one
      o = Pick(m_.orders, [&](const Order& o) { return (o.Reserved() > 0) == reserved && o.Live(); }, 1);
    if (!o || o->status == "closed" || (o->Reserved() > 0) != reserved) return false;
    int64_t variant = U(0, 2);
    s.method = variant ? "PATCH" : "POST";
    s.target = PathOf(Kind::kOrder, o->id) + (variant ? "" : "/close");
    if (variant == 1) s.body = {{"is_closed", 1}};
    if (variant == 2) s.body = {{"status", "closed"}};
    s.Touch(Kind::kOrder, o->id);
    if (o->status == "cancelled") s.Refuse("a cancelled order is not closed");
    else if (o->Reserved() > 0) s.Either(kReleaseRule);
    s.accepted = Ends(o->id, "closed");
    return true;
  }

  // An order that reserves nothing (fine unless a ticket refers to it), or one that does (item 6).
  bool DeleteOrder(Step& s) { return PlanDeleteOrder(s, false); }
  bool DeleteReservedOrder(Step& s) { return PlanDeleteOrder(s, true); }

  bool PlanDeleteOrder(Step& s, bool reserved) {
    Order* o = Pick(m_.orders, [&](const Order& o) { return (o.Reserved() > 0) == reserved && !o.Referenced(); }, 0.9);
    if (!o || (o->Reserved() > 0) != reserved) return false;
    s.method = "DELETE", s.target = PathOf(Kind::kOrder, o->id);
    s.Touch(Kind::kOrder, o->id);
    if (o->Referenced()) s.Refuse("a pick ticket refers to it");
    else if (o->Reserved() > 0) s.Either(kReleaseRule);
    else if (o->status != "open" && o->status != "cancelled") s.Either("deleting a closed order");
    int64_t id = o->id;
    s.accepted = [this, id](Step& st, const json&) {
      m_.orders.erase(id);
      st.Want("orders", id, "order.deleted");
    };
    return true;
  }

  // Edits of an order's items (delete, change, add one, replace them all):
  // fine on an open order that reserves nothing; on one that reserves stock
  // the rules allow a refusal or a release (item 6).
  bool EditItems(Step& s) { return PlanItemEdit(s, false); }
  bool EditReservedItems(Step& s) { return PlanItemEdit(s, true); }

  bool PlanItemEdit(Step& s, bool reserved) {
    Order* o = Pick(m_.orders, [&](const Order& o) { return (o.Reserved() > 0) == reserved && (!o.Referenced() || Chance(0.2)); }, 1);
    if (!o || (o->Reserved() > 0) != reserved) return false;
    switch (U(0, 3)) {
      case 0: return DeleteItem(s, *o);
      case 1: return PatchItem(s, *o);
      case 2: return AddItem(s, *o);
      default: return ReplaceItems(s, *o);
    }
  }

  void ItemEditRule(Step& s, const Order& o) {
    if (o.Reserved() > 0) s.Either(kReleaseRule);
    else if (o.status != "open") s.Either("editing the items of an order that is no longer open");
  }

  bool DeleteItem(Step& s, Order& order) {
    Order* o = &order;
    if (o->items.empty()) return false;
    const Item& item = o->items[Index(o->items)];
    s.method = "DELETE", s.target = PathOf(Kind::kOrder, o->id) + "/items/" + std::to_string(item.id);
    s.Touch(Kind::kOrder, o->id);
    if (o->picked.count(item.id)) s.Refuse("a pick ticket line refers to it");
    else ItemEditRule(s, *o);
    int64_t id = o->id, item_id = item.id;
    s.accepted = [this, id, item_id](Step& st, const json&) {
      Order& o = m_.orders[id];
      std::erase_if(o.items, [&](const Item& i) { return i.id == item_id; });
      o.Settle();
      AdoptReservations(o);
      st.Want("orders", id);
    };
    return true;
  }

  bool PatchItem(Step& s, Order& order) {
    Order* o = &order;
    if (o->items.empty()) return false;
    const Item& item = o->items[Index(o->items)];
    Wide floor = std::max<Wide>(item.shipped, kUnit);
    Wide quantity = Chance(0.6) ? std::max(floor, item.quantity - Wide(U(1, 4)) * kUnit) : item.quantity + Wide(U(1, 4)) * kUnit;
    s.method = "PATCH", s.target = PathOf(Kind::kOrder, o->id) + "/items/" + std::to_string(item.id);
    s.body = {{"quantity", Quantity(quantity)}};
    s.Touch(Kind::kOrder, o->id);
    ItemEditRule(s, *o);
    int64_t id = o->id, item_id = item.id;
    s.accepted = [this, id, item_id, quantity](Step& st, const json&) {
      Order& o = m_.orders[id];
      o.Find(item_id)->quantity = quantity;
      o.Settle();
      AdoptReservations(o);
      st.Want("orders", id);
    };
    return true;
  }

  bool AddItem(Step& s, Order& order) {
    Order* o = &order;
    Item item{0, static_cast<int>(U(0, kSkus - 1)), Units(5), Price()};
    s.method = "POST", s.target = PathOf(Kind::kOrder, o->id) + "/items";
    s.body = {{"sku_id", m_.skus[item.sku]}, {"quantity", Quantity(item.quantity)}, {"price", DecimalText(item.price)}};
    s.Touch(Kind::kOrder, o->id);
    ItemEditRule(s, *o);
    int64_t id = o->id;
    s.accepted = [this, id, item](Step& st, const json&) mutable {
      Order& o = m_.orders[id];
      json now = Fetch(PathOf(Kind::kOrder, id));
      for (const auto& row : now.is_object() ? now["items"] : json::array())
        if (!o.Find(row.value("id", int64_t{0}))) item.id = row.value("id", int64_t{0});
      if (!item.id) return Fail("the new item of order " + std::to_string(id) + " is not in it");
      o.items.push_back(item);
      o.Settle();
      AdoptReservations(o);
      st.Want("orders", id);
    };
    return true;
  }

  // PATCH {items: [...]}: every item replaced.
  bool ReplaceItems(Step& s, Order& order) {
    Order* o = &order;
    Order next = *o;
    next.items.clear();
    for (int64_t n = U(1, 2), i = 0; i < n; ++i) next.items.push_back({0, static_cast<int>(U(0, kSkus - 1)), Units(5), Price()});
    json items = json::array();
    for (const auto& i : next.items)
      items.push_back({{"sku_id", m_.skus[i.sku]}, {"quantity", Quantity(i.quantity)}, {"price", DecimalText(i.price)}});
    s.method = "PATCH", s.target = PathOf(Kind::kOrder, o->id), s.body = {{"items", items}};
    s.Touch(Kind::kOrder, o->id);
    if (o->Referenced()) s.Refuse("a pick ticket line refers to its items");
    else ItemEditRule(s, *o);
    bool reserved = o->Reserved() > 0;
    s.accepted = [this, next, reserved](Step& st, const json& d) mutable {
      if (!ReadItems(next, d)) return;
      next.Settle();
      Order& o = m_.orders[next.id];
      o = next;
      // New items reserve nothing unless the server re-reserved them (then the inventory must agree).
      if (reserved) AdoptReservations(o, d, true);
      st.Want("orders", next.id);
    };
    return true;
  }

  // -- pick tickets

  // A ticket at the order's allocated location (any location when it has none).
  bool CreatePick(Step& s) { return PlanPick(s, PickKind::kPlain); }
  // A ticket at another location than the allocation's: shipping it must not
  // leave more reserved than is still to ship (item 6).
  bool CreatePickElsewhere(Step& s) { return PlanPick(s, PickKind::kElsewhere); }
  // A ticket of an order that reserves nothing, for more than is available
  // where others reserved stock: shipping it must be refused (item 7).
  bool CreatePickReserved(Step& s) { return PlanPick(s, PickKind::kReserved); }

  enum class PickKind { kPlain, kElsewhere, kReserved };
  bool PlanPick(Step& s, PickKind kind) {
    bool elsewhere = kind == PickKind::kElsewhere;
    if (Count(m_.picks, [this](const PickTicket& t) { return Pending(t); }) >= 8) return false;
    // What of an item no open ticket picks yet.
    auto unpicked = [this](const Item& i) {
      Wide q = i.Left();
      for (const auto& [id, t] : m_.picks)
        if (t.status == "open" || t.status == "picking")
          for (const auto& l : t.lines) q -= l.item == i.id ? l.quantity : 0;
      return q;
    };
    auto pickable = [&](const Order& o) {
      for (const auto& i : o.items)
        if (unpicked(i) > 0) return true;
      return false;
    };
    Order* o = Pick(m_.orders, [&](const Order& o) { return o.Live() && pickable(o) && (!elsewhere || o.Reserved() > 0); }, 0.97);
    if (!o || !pickable(*o) || (elsewhere && o->location < 0)) return false;
    PickTicket t;
    t.order = o->id;
    t.location = o->location >= 0 ? o->location : static_cast<int>(U(0, kLocations - 1));
    if (elsewhere) t.location = static_cast<int>((o->location + U(1, kLocations - 1)) % kLocations);
    std::vector<const Item*> items;
    for (const auto& i : o->items)
      if (unpicked(i) > 0) items.push_back(&i);
    std::shuffle(items.begin(), items.end(), rng_);
    items.resize(static_cast<size_t>(U(1, static_cast<int64_t>(items.size()))));
    json lines = json::array();
    if (kind == PickKind::kReserved) {  // one line: more than is available there, no more than is on hand
      if (o->Reserved() > 0) return false;
      const Item* i = items.front();
      for (int j = 0; j < kLocations; ++j) {
        Wide on = m_.on_hand[i->sku][j], available = on - m_.Allocated(i->sku, j);
        if (available < on && available + kUnit <= std::min(on, unpicked(*i))) {
          t.location = j;
          t.lines.push_back({i->id, available + kUnit});
          lines.push_back({{"order_item_id", i->id}, {"quantity", Quantity(available + kUnit)}});
          break;
        }
      }
      if (t.lines.empty()) return false;
    }
    for (const Item* i : kind == PickKind::kReserved ? std::vector<const Item*>{} : items) {
      // all that is unpicked, or whole units of it; now and then more than is left (its shipping is refused)
      Wide rest = unpicked(*i), q = rest;
      if (Chance(0.08)) q = i->Left() + kUnit;
      else if (rest >= kUnit && Chance(0.6)) q = Wide(U(1, static_cast<int64_t>(std::min<Wide>(rest / kUnit, 1000000)))) * kUnit;
      t.lines.push_back({i->id, q});
      lines.push_back({{"order_item_id", i->id}, {"quantity", Quantity(q)}});
    }
    s.method = "POST", s.target = "/v1/pick_tickets";
    s.body = {{"order_id", o->id}, {"location_id", m_.locations[t.location]}, {"lines", lines}};
    if (!o->Live()) s.Either("a pick ticket for an order that is no longer live");
    s.accepted = [this, t](Step& st, const json& d) mutable {
      t.id = d.value("id", int64_t{0});
      m_.picks[t.id] = t;
      for (const auto& l : t.lines) m_.orders[t.order].picked.insert(l.item);
      st.Touch(Kind::kPick, t.id);
      st.Want("pick_tickets", t.id, "pick_ticket.created");
    };
    return true;
  }

  // Ship: per line, the order's reservation here is released, the stock
  // leaves, and nothing reserved for others is taken (item 7); a reservation
  // never exceeds what is left to ship (item 6). Three operations by what
  // the model finds a ticket's shipping would do:
  enum class ShipKind { kPlain, kTakesReserved, kElsewhere };
  bool Ship(Step& s) { return PlanShip(s, ShipKind::kPlain); }
  bool ShipReserved(Step& s) { return PlanShip(s, ShipKind::kTakesReserved); }   // item 7: refused
  bool ShipElsewhere(Step& s) { return PlanShip(s, ShipKind::kElsewhere); }      // item 6

  struct Shipping {
    Model next;
    ShipKind kind = ShipKind::kPlain;
    Expect expect = Expect::kAccepted;
    std::string rule;
  };

  Shipping SimulateShip(const PickTicket& t) {
    Shipping out;
    out.next = m_;
    auto refuse = [&](const std::string& why, ShipKind kind = ShipKind::kPlain) {
      if (out.expect != Expect::kRefused) out.expect = Expect::kRefused, out.rule = why, out.kind = kind;
    };
    Order& o = out.next.orders[t.order];
    if (t.status != "open" && t.status != "picking") refuse("ship only an open or picking ticket");
    if (o.status == "cancelled" || o.status == "closed") refuse("the order is " + o.status);
    for (const auto& line : t.lines) {
      Item* item = o.Find(line.item);
      if (!item) {
        refuse("the line's item is gone");
        continue;
      }
      if (line.quantity > item->Left()) refuse("a line picks more than is left to ship");
      bool here = o.location == t.location;
      Wide release = here ? std::min(item->reserved, line.quantity) : 0;
      item->reserved -= release;
      item->shipped += line.quantity;
      Wide& on = out.next.on_hand[item->sku][t.location];
      on -= line.quantity;
      if (on < 0) refuse(kStockRule);
      else if (on < out.next.Allocated(item->sku, t.location)) refuse(kReservedRule, ShipKind::kTakesReserved);
      if (item->reserved > item->Left()) {  // shipped from elsewhere: what stays reserved is what is left
        item->reserved = std::max<Wide>(item->Left(), 0);
        if (out.expect == Expect::kAccepted) {
          out.expect = Expect::kEither, out.kind = ShipKind::kElsewhere;
          out.rule = "item 6: shipping from another location than the reservation's leaves reserved only what is still to ship";
        }
      }
    }
    o.Settle();
    out.next.picks[t.id].status = "shipped";
    return out;
  }

  bool PlanShip(Step& s, ShipKind kind) {
    std::vector<PickTicket*> tickets;
    bool any = Chance(0.1);  // now and then one that is done, or of an order that is: refused
    for (auto& [id, t] : m_.picks)
      if (any || Pending(t)) tickets.push_back(&t);
    std::shuffle(tickets.begin(), tickets.end(), rng_);
    bool shippable = Chance(0.85);  // mostly one the model says ships
    for (int pass = 0; pass < 2; ++pass, shippable = false)
    for (PickTicket* t : tickets) {
      Shipping plan = SimulateShip(*t);
      if (plan.kind != kind || (shippable && plan.expect == Expect::kRefused)) continue;
      s.method = "POST", s.target = PathOf(Kind::kPick, t->id) + "/ship";
      s.body = {{"carrier", "UPS"}, {"tracking_number", "1Z" + std::to_string(step_)}};
      s.Touch(Kind::kPick, t->id);
      s.Touch(Kind::kOrder, t->order);
      s.expect = plan.expect, s.rule = plan.rule;
      int64_t id = t->id, order = t->order;
      s.accepted = [this, next = std::move(plan.next), id, order](Step& st, const json& d) {
        m_ = next;
        int64_t shipment = d.value("shipment_id", int64_t{0});
        CheckShipment(shipment, m_.picks[id]);
        st.Want("pick_tickets", id, "pick_ticket.shipped");
        st.Want("orders", order);
        st.Want("shipments", shipment, "shipment.created");
      };
      return true;
    }
    return false;
  }

  bool PickAction(Step& s, const std::string& action, const std::string& to, const std::string& event) {
    auto open = [](const PickTicket& t) { return t.status == "open" || t.status == "picking"; };
    PickTicket* t = Pick(m_.picks, [&](const PickTicket& t) { return action == "cancel" ? Stuck(t) : open(t); }, 0.6);
    if (!t || (Chance(0.7) && !open(*t))) t = Pick(m_.picks, open);  // cancel mostly those that cannot ship
    if (!t) return false;
    s.method = "POST", s.target = PathOf(Kind::kPick, t->id) + "/" + action;
    s.Touch(Kind::kPick, t->id);
    bool allowed = t->status == "open" || (action == "cancel" && t->status == "picking");
    if (!allowed) s.Refuse(action + " is not allowed from " + t->status);
    int64_t id = t->id;
    s.accepted = [this, id, to, event](Step& st, const json&) {
      m_.picks[id].status = to;
      st.Want("pick_tickets", id, event);
    };
    return true;
  }
  bool StartPicking(Step& s) { return PickAction(s, "start_picking", "picking", "pick_ticket.picking_started"); }
  bool CancelPick(Step& s) { return PickAction(s, "cancel", "cancelled", "pick_ticket.cancelled"); }

  // -- receiving tickets

  bool CreateReceipt(Step& s) {
    if (Count(m_.receipts, [](const ReceivingTicket& t) { return t.status == "open"; }) >= 6) return false;
    ReceivingTicket t;
    t.location = static_cast<int>(U(0, kLocations - 1));
    std::vector<int> skus{0, 1, 2};
    std::shuffle(skus.begin(), skus.end(), rng_);
    bool huge = Chance(0.05);
    json lines = json::array();
    for (int64_t n = U(1, 3), i = 0; i < n; ++i) {
      Wide expected = huge && i == 0 ? kHugeQuantity : Wide(U(1, 20)) * kUnit;
      t.lines.push_back({0, skus[static_cast<size_t>(i)], expected});
      lines.push_back({{"sku_id", m_.skus[skus[static_cast<size_t>(i)]]}, {"expected", Quantity(expected)}});
    }
    s.method = "POST", s.target = "/v1/receiving_tickets";
    s.body = {{"location_id", m_.locations[t.location]}, {"lines", lines}};
    if (huge) s.Either(kLargeRule);
    s.accepted = [this, t](Step& st, const json& d) mutable {
      t.id = d.value("id", int64_t{0});
      if (!ReadIds(t.lines, d["lines"], "receiving ticket lines")) return;
      m_.receipts[t.id] = t;
      st.Touch(Kind::kReceipt, t.id);
      st.Want("receiving_tickets", t.id, "receiving_ticket.created");
    };
    return true;
  }

  bool Receive(Step& s) {
    ReceivingTicket* t = Pick(m_.receipts, [](const ReceivingTicket& t) { return t.status == "open"; }, 0.9);
    if (!t) return false;
    std::map<int64_t, Wide> given;
    json lines = json::array();
    if (Chance(0.5))
      for (const auto& l : t->lines)
        if (Chance(0.7)) {
          Wide q = Wide(U(0, static_cast<int64_t>(std::min<Wide>(l.expected / kUnit, 20) + 3))) * kUnit;
          given[l.id] = q;
          lines.push_back({{"id", l.id}, {"received", Quantity(q)}});
        }
    s.method = "POST", s.target = PathOf(Kind::kReceipt, t->id) + "/receive";
    s.body = lines.empty() && Chance(0.5) ? json::object() : json{{"lines", lines}};
    s.Touch(Kind::kReceipt, t->id);
    if (t->status != "open") s.Refuse("receive only an open ticket");
    Model next = m_;
    for (const auto& l : t->lines) {
      Wide q = given.empty() ? l.expected : given.count(l.id) ? given[l.id] : 0;
      Wide& on = next.on_hand[l.sku][t->location];
      on += q;
      StockBound(s, on, q);
    }
    next.receipts[t->id].status = "received";
    int64_t id = t->id;
    s.accepted = [this, next, id](Step& st, const json&) {
      m_ = next;
      st.Want("receiving_tickets", id, "receiving_ticket.received");
    };
    return true;
  }

  bool CancelReceipt(Step& s) {
    ReceivingTicket* t = Pick(m_.receipts, [](const ReceivingTicket& t) { return t.status == "open"; });
    if (!t) return false;
    s.method = "POST", s.target = PathOf(Kind::kReceipt, t->id) + "/cancel";
    s.Touch(Kind::kReceipt, t->id);
    if (t->status != "open") s.Refuse("cancel only an open ticket");
    int64_t id = t->id;
    s.accepted = [this, id](Step& st, const json&) {
      m_.receipts[id].status = "cancelled";
      st.Want("receiving_tickets", id, "receiving_ticket.cancelled");
    };
    return true;
  }

  // -- invoices

  bool CreateInvoice(Step& s) {
    auto unpaid = [](const Invoice& i) { return i.status == "draft" || i.status == "open" || i.status == "partially_paid"; };
    if (Count(m_.invoices, unpaid) >= 8) return false;
    Invoice inv;
    inv.currency = kCurrencies[U(0, 2)].code;
    for (int64_t n = U(1, 3), i = 0; i < n; ++i) inv.lines.push_back({0, Units(5), Price()});
    return PlanInvoice(s, inv);
  }

  bool HugeInvoice(Step& s) {
    Invoice inv;
    Wide quantities[] = {kHugeQuantity, Wide(1000000) * kUnit, Wide(100) * kUnit};
    inv.lines.push_back({0, quantities[U(0, 2)], kHugePrice});
    return PlanInvoice(s, inv);
  }

  bool PlanInvoice(Step& s, Invoice inv) {
    json lines = json::array();
    for (const auto& l : inv.lines)
      lines.push_back({{"description", "goods"}, {"quantity", Quantity(l.quantity)}, {"unit_price", DecimalText(l.price)}});
    s.method = "POST", s.target = "/v1/invoices";
    s.body = {{"invoice_number", "INV-" + std::to_string(step_)}, {"currency", inv.currency}, {"lines", lines}};
    MoneyBound(s, inv.Total(), inv.lines.front().quantity > kLargeStock);
    s.accepted = [this, inv](Step& st, const json& d) mutable {
      inv.id = d.value("id", int64_t{0});
      if (!ReadIds(inv.lines, d["lines"], "invoice lines")) return;
      m_.invoices[inv.id] = inv;
      st.Touch(Kind::kInvoice, inv.id);
      st.Want("invoices", inv.id, "invoice.created");
    };
    return true;
  }

  bool Issue(Step& s) {
    Invoice* inv = Pick(m_.invoices, [](const Invoice& i) { return i.status == "draft"; });
    if (!inv) return false;
    s.method = "POST", s.target = PathOf(Kind::kInvoice, inv->id) + "/issue";
    s.Touch(Kind::kInvoice, inv->id);
    if (inv->status != "draft") s.Refuse("issue only a draft");
    int64_t id = inv->id;
    s.accepted = [this, id](Step& st, const json&) {
      Invoice& inv = m_.invoices[id];
      inv.status = "open", inv.issued = true;
      m_.Settle(inv);
      st.Want("invoices", id, "invoice.issued");
    };
    return true;
  }

  bool VoidInvoice(Step& s) {
    Invoice* inv = Pick(m_.invoices, [](const Invoice& i) { return i.status == "draft" || i.status == "open"; }, 0.6);
    if (!inv) return false;
    s.method = "POST", s.target = PathOf(Kind::kInvoice, inv->id) + "/void";
    s.Touch(Kind::kInvoice, inv->id);
    if ((inv->status != "draft" && inv->status != "open") || m_.Paid(*inv) != 0)
      s.Refuse("void only an unpaid draft or open invoice");
    int64_t id = inv->id;
    s.accepted = [this, id](Step& st, const json&) {
      m_.invoices[id].status = "void";
      st.Want("invoices", id, "invoice.voided");
    };
    return true;
  }

  // A line changed, added or deleted, or the currency, of a draft (fine) or
  // an issued invoice (refused, item 5); or its due date (always fine).
  bool EditInvoice(Step& s) { return PlanInvoiceEdit(s, false); }
  bool EditIssuedInvoice(Step& s) { return PlanInvoiceEdit(s, true); }

  bool PlanInvoiceEdit(Step& s, bool issued) {
    Invoice* inv = Pick(m_.invoices, [&](const Invoice& i) { return i.issued == issued; }, 1);
    if (!inv || inv->issued != issued) return false;
    int64_t variant = U(0, 4), id = inv->id;
    if (inv->lines.empty() && (variant == 0 || variant == 2)) variant = 1;
    Invoice next = *inv;
    std::string base = PathOf(Kind::kInvoice, id);
    bool unchanged = false;  // a line sent with the value it has is not a change
    if (variant == 0) {
      InvoiceLine& l = next.lines[Index(next.lines)];
      bool quantity = Chance(0.5);
      const InvoiceLine before = l;
      (quantity ? l.quantity : l.price) = quantity ? Units(9) : Price();
      unchanged = l.quantity == before.quantity && l.price == before.price;
      s.method = "PATCH", s.target = base + "/lines/" + std::to_string(l.id);
      s.body = quantity ? json{{"quantity", Quantity(l.quantity)}} : json{{"unit_price", DecimalText(l.price)}};
    } else if (variant == 1) {
      next.lines.push_back({0, Units(5), Price()});
      s.method = "POST", s.target = base + "/lines";
      s.body = {{"quantity", Quantity(next.lines.back().quantity)}, {"unit_price", DecimalText(next.lines.back().price)}};
    } else if (variant == 2) {
      size_t i = Index(next.lines);
      s.method = "DELETE", s.target = base + "/lines/" + std::to_string(next.lines[i].id);
      next.lines.erase(next.lines.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (variant == 3) {
      next.currency = OtherCurrency(inv->currency);
      s.method = "PATCH", s.target = base, s.body = {{"currency", next.currency}};
    } else {
      s.method = "PATCH", s.target = base, s.body = {{"due_date", "2026-0" + std::to_string(U(1, 9)) + "-15"}};
    }
    s.Touch(Kind::kInvoice, id);
    if (variant != 4 && unchanged) {
      s.Either("a line sent with the values it has changes nothing");
    } else if (variant != 4) {
      if (inv->issued) s.Refuse(kIssuedRule);
      else if (inv->status != "draft") s.Either("editing a voided draft");
    }
    s.accepted = [this, next, variant](Step& st, const json&) mutable {
      if (variant == 1) {  // the new line's id
        json now = Fetch(PathOf(Kind::kInvoice, next.id));
        for (const auto& row : now.is_object() ? now["lines"] : json::array()) {
          int64_t line = row.value("id", int64_t{0});
          bool known = false;
          for (const auto& l : next.lines) known = known || l.id == line;
          if (!known) next.lines.back().id = line;
        }
      }
      m_.invoices[next.id] = next;
      m_.Settle(m_.invoices[next.id]);
      st.Want("invoices", next.id);
    };
    return true;
  }

  // -- payments and credit notes

  bool Pay(Step& s) {
    Invoice* inv = Pick(m_.invoices, [](const Invoice& i) { return i.status == "open" || i.status == "partially_paid"; });
    if (!inv) return false;
    int exponent = Exponent(inv->currency);
    Wide balance = inv->Total() - m_.Paid(*inv), amount;
    int64_t variant = U(0, 19);
    if (variant < 8) amount = balance > 1 ? Wide(U(1, static_cast<int64_t>(balance))) : 1;
    else if (variant < 13) amount = std::max<Wide>(balance, 1);
    else if (variant < 17) amount = std::max<Wide>(balance, 0) + U(1, 5000);
    else if (variant < 18) amount = 0;
    else amount = Wide(999999999999) * Pow10(exponent) + Pow10(exponent) - 1;  // the largest amount
    std::string currency = Chance(0.08) ? OtherCurrency(inv->currency) : inv->currency;
    s.method = "POST", s.target = "/v1/payments";
    s.body = {{"invoice_id", inv->id}, {"amount", MoneyText(amount, exponent)}, {"currency", currency},
              {"reference", "P-" + std::to_string(step_)}};
    s.Touch(Kind::kInvoice, inv->id);
    if (amount <= 0) s.Refuse("a payment is greater than zero");
    else if (currency != inv->currency) s.Refuse("a payment is in its invoice's currency");
    else if (!inv->Payable()) s.Refuse("only issued invoices take payments");
    else if (amount > kLargeMoney) s.Either(kLargeRule);
    Payment p;
    p.invoice = inv->id, p.currency = currency, p.amount = amount;
    p.applied = std::min(amount, std::max<Wide>(balance, 0));
    s.accepted = [this, p](Step& st, const json& d) mutable {
      p.id = d.value("id", int64_t{0});
      st.Touch(Kind::kPayment, p.id);
      st.Want("payments", p.id, "payment.created");
      if (p.applied > 0) st.Want("invoices", p.invoice);
      if (p.amount > p.applied) {  // the excess is credit
        p.note = d["credit_note_id"].is_number_integer() ? d["credit_note_id"].get<int64_t>() : 0;
        if (!p.note) return Fail("an overpayment of " + Str(p.amount - p.applied) + " made no credit note: " + d.dump());
        CreditNote n;
        n.id = p.note, n.currency = p.currency, n.amount = n.remaining = p.amount - p.applied;
        m_.notes[n.id] = n;
        st.Touch(Kind::kNote, n.id);
        st.Want("credit_notes", n.id, "credit_note.created");
      }
      m_.payments[p.id] = p;
      m_.Settle(m_.invoices[p.invoice]);
    };
    return true;
  }

  // Voiding reverses what was posted; refused once its credit has been used.
  bool VoidPayment(Step& s) {
    Payment* p = Pick(m_.payments, [](const Payment& p) { return p.status == "posted"; });
    if (!p) return false;
    s.method = "POST", s.target = PathOf(Kind::kPayment, p->id) + "/void";
    s.Touch(Kind::kPayment, p->id);
    s.Touch(Kind::kInvoice, p->invoice);
    const CreditNote* note = p->note && m_.notes.count(p->note) ? &m_.notes[p->note] : nullptr;
    if (note) s.Touch(Kind::kNote, note->id);
    if (p->status != "posted") s.Refuse("void only a posted payment");
    else if (note && note->applied > 0) s.Refuse("its credit note has been applied");
    else if (note && note->status != "open") s.Either("its credit note was voided");
    int64_t id = p->id;
    s.accepted = [this, id](Step& st, const json&) { ReversePosting(st, id, "payment.voided"); };
    return true;
  }

  // The effect of voiding (or deleting) a posted payment.
  void ReversePosting(Step& st, int64_t id, const std::string& event) {
    Payment& p = m_.payments[id];
    st.Want("payments", id, event);
    if (p.applied > 0) st.Want("invoices", p.invoice);
    if (p.note && m_.notes.count(p.note) && m_.notes[p.note].status == "open") {
      CreditNote& n = m_.notes[p.note];
      n.remaining = 0, n.status = "void";
      st.Want("credit_notes", n.id);
    }
    p.status = "voided";
    m_.Settle(m_.invoices[p.invoice]);
  }

  // PATCH of a payment: its reference is fine; its invoice, amount or currency
  // only while it is not posted (item 5).
  bool PatchPayment(Step& s) { return PlanPaymentPatch(s, 3); }
  bool PatchPostedPayment(Step& s) { return PlanPaymentPatch(s, U(0, 2)); }

  bool PlanPaymentPatch(Step& s, int64_t variant) {
    Payment* p = Pick(m_.payments, [](const Payment& p) { return p.status == "posted"; });
    if (!p) return false;
    Payment next = *p;
    s.method = "PATCH", s.target = PathOf(Kind::kPayment, p->id);
    if (variant == 0) {
      Invoice* other = Pick(m_.invoices, [&](const Invoice& i) { return i.id != p->invoice && i.Payable(); });
      if (!other || other->id == p->invoice) return false;
      next.invoice = other->id;
      s.body = {{"invoice_id", other->id}};
      s.Touch(Kind::kInvoice, other->id);
    } else if (variant == 1) {
      next.amount = p->amount + Pow10(Exponent(p->currency)) * U(1, 100);
      s.body = {{"amount", MoneyText(next.amount, Exponent(p->currency))}};
    } else if (variant == 2) {
      next.currency = OtherCurrency(p->currency);
      s.body = {{"currency", next.currency}};
    } else {
      s.body = {{"reference", "R-" + std::to_string(step_)}};
    }
    s.Touch(Kind::kPayment, p->id);
    s.Touch(Kind::kInvoice, p->invoice);
    if (variant != 3) {
      if (p->status == "posted") s.Refuse(kPostedRule);
      else s.Either("changing a voided payment");
    }
    s.accepted = [this, next](Step& st, const json&) {
      m_.payments[next.id] = next;
      st.Want("payments", next.id);
    };
    return true;
  }

  // A posted payment is voided, not deleted; deleted anyway, its posting must go with it.
  bool DeletePayment(Step& s) {
    Payment* p = Pick(m_.payments, [](const Payment& p) { return p.status == "posted"; });
    if (!p) return false;
    s.method = "DELETE", s.target = PathOf(Kind::kPayment, p->id);
    s.Touch(Kind::kPayment, p->id);
    s.Touch(Kind::kInvoice, p->invoice);
    const CreditNote* note = p->note && m_.notes.count(p->note) ? &m_.notes[p->note] : nullptr;
    if (note) s.Touch(Kind::kNote, note->id);
    if (p->status == "posted" && note && note->applied > 0) s.Refuse("its credit note has been applied");
    else s.Either("item 5: a posted payment is voided, not deleted (deleted, its posting is reversed)");
    int64_t id = p->id;
    s.accepted = [this, id](Step& st, const json&) {
      Payment& p = m_.payments[id];
      if (p.status == "posted") ReversePosting(st, id, "payment.deleted");
      else st.Want("payments", id, "payment.deleted");
      if (p.note && m_.notes.count(p.note) && Fetch(PathOf(Kind::kNote, p.note)).is_null()) m_.notes.erase(p.note);
      m_.payments.erase(id);
    };
    return true;
  }

  bool CreateNote(Step& s) {
    CreditNote n;
    n.currency = kCurrencies[U(0, 2)].code;
    n.amount = n.remaining = U(1, 20000);
    s.method = "POST", s.target = "/v1/credit_notes";
    s.body = {{"amount", MoneyText(n.amount, Exponent(n.currency))}, {"currency", n.currency}, {"reason", "goodwill"}};
    s.accepted = [this, n](Step& st, const json& d) mutable {
      n.id = d.value("id", int64_t{0});
      m_.notes[n.id] = n;
      st.Touch(Kind::kNote, n.id);
      st.Want("credit_notes", n.id, "credit_note.created");
    };
    return true;
  }

  bool ApplyNote(Step& s) {
    CreditNote* n = Pick(m_.notes, [](const CreditNote& n) { return n.status == "open" && n.remaining > 0; });
    if (!n) return false;
    Invoice* inv = Pick(m_.invoices, [&](const Invoice& i) {
      return i.Payable() && i.currency == n->currency && i.Total() > m_.Paid(i);
    });
    if (!inv) return false;
    Wide x = std::min(n->remaining, inv->Total() - m_.Paid(*inv));
    s.method = "POST", s.target = PathOf(Kind::kNote, n->id) + "/apply";
    s.body = {{"invoice_id", inv->id}};
    if (Chance(0.3)) {
      Wide asked = x >= 1 ? U(1, static_cast<int64_t>(std::min<Wide>(x + 2, INT32_MAX))) : 1;
      s.body["amount"] = MoneyText(asked, Exponent(n->currency));
      if (asked > x) s.Refuse("a credit applies at most what both allow");
      x = asked;
    }
    s.Touch(Kind::kNote, n->id);
    s.Touch(Kind::kInvoice, inv->id);
    if (n->status != "open") s.Refuse("apply only an open credit note");
    else if (!inv->Payable()) s.Refuse("only issued invoices take credit");
    else if (inv->currency != n->currency) s.Refuse("a credit applies to an invoice of its currency");
    else if (x <= 0) s.Refuse("nothing to apply");
    int64_t id = n->id, invoice = inv->id;
    s.accepted = [this, id, invoice, x](Step& st, const json&) {
      CreditNote& n = m_.notes[id];
      n.remaining -= x, n.applied += x;
      if (n.remaining == 0) n.status = "applied";
      m_.invoices[invoice].credits += x;
      m_.Settle(m_.invoices[invoice]);
      st.Want("credit_notes", id, "credit_note.applied");
      st.Want("invoices", invoice);
    };
    return true;
  }

  bool VoidNote(Step& s) {
    CreditNote* n = Pick(m_.notes, [](const CreditNote& n) { return n.status == "open"; });
    if (!n) return false;
    s.method = "POST", s.target = PathOf(Kind::kNote, n->id) + "/void";
    s.Touch(Kind::kNote, n->id);
    if (n->status != "open") s.Refuse("void only an open credit note");
    int64_t id = n->id;
    s.accepted = [this, id](Step& st, const json&) {
      CreditNote& n = m_.notes[id];
      n.remaining = 0, n.status = "void";
      st.Want("credit_notes", id, "credit_note.voided");
    };
    return true;
  }

  // ---- operation helpers

  template <class M, class F>
  static size_t Count(const M& map, F pred) {
    size_t n = 0;
    for (const auto& [id, row] : map) n += pred(row) ? 1 : 0;
    return n;
  }
  // A stock quantity that does not fit is refused; a very large one may be.
  static void StockBound(Step& s, Wide after, Wide delta) {
    if (after > kInt64Max) s.Refuse(kOverflowRule);
    else if (after > kLargeStock || delta > kLargeStock || delta < -kLargeStock) s.Either(kLargeRule);
  }
  static void MoneyBound(Step& s, Wide total, bool large_input) {
    if (total > kInt64Max) s.Refuse(kOverflowRule);
    else if (total > kLargeMoney || large_input) s.Either(kLargeRule);
  }
  // The ids of a row's children from its answer, in the order they were sent.
  template <class T>
  bool ReadIds(std::vector<T>& children, const json& rows, const std::string& what) {
    if (!rows.is_array() || rows.size() != children.size()) {
      Fail(what + ": " + rows.dump());
      return false;
    }
    for (size_t i = 0; i < rows.size(); ++i) children[i].id = rows[i].value("id", int64_t{0});
    return true;
  }
  bool ReadItems(Order& o, const json& d) { return ReadIds(o.items, d["items"], "order " + std::to_string(o.id) + " items"); }
  // After an edit the rules allow to release (item 6): the server's
  // reservations, as long as none grew (new items: none beyond what they
  // still need). The inventory check then holds the stock to them.
  void AdoptReservations(Order& o, json now = nullptr, bool fresh = false) {
    if (o.Reserved() == 0 && !fresh) return;
    if (now.is_null()) now = Fetch(PathOf(Kind::kOrder, o.id));
    if (!now.is_object()) return;
    for (const auto& row : now["items"]) {
      Item* item = o.Find(row.value("id", int64_t{0}));
      auto reserved = Millionths(row["quantity_allocated"]);
      if (!item || !reserved) continue;
      Wide most = std::max<Wide>(std::min(fresh ? item->Left() : item->reserved, item->Left()), 0);
      if (*reserved < 0 || *reserved > most)
        Fail("order " + std::to_string(o.id) + " item " + std::to_string(item->id) + " keeps " + DecimalText(*reserved) +
             " reserved after the edit, more than the " + DecimalText(most) + " it may still hold (quantity " +
             DecimalText(item->quantity) + ", shipped " + DecimalText(item->shipped) + "): " + kReleaseRule);
      else
        item->reserved = *reserved;
    }
  }
  void CheckShipment(int64_t id, const PickTicket& t) {
    json shipment = id ? Fetch("/v1/shipments/" + std::to_string(id)) : json();
    if (!shipment.is_object()) return Fail("ship made no shipment (shipment_id " + std::to_string(id) + ")");
    if (shipment["items"].size() != t.lines.size())
      Fail("shipment " + std::to_string(id) + " has " + std::to_string(shipment["items"].size()) + " items for " +
           std::to_string(t.lines.size()) + " lines");
  }

  // =================================================================================
  // Checks: the rows against the model, after every step.
  // =================================================================================

  static std::string Where(const std::string& what, int64_t id) { return what + " " + std::to_string(id); }

  void Same(const std::string& where, const std::string& field, const json& got, const std::string& want) {
    std::string text = got.is_string() ? got.get<std::string>() : got.dump();
    if (text != want) Fail(where + ": " + field + " is " + text + ", the model says " + want);
  }
  void SameNumber(const std::string& where, const std::string& field, std::optional<Wide> got, Wide want) {
    if (!got || *got != want) Fail(where + ": " + field + " is " + Show(got) + ", the model says " + Str(want));
  }

  void CheckOrder(const Order& o, const json& row) {
    std::string at = Where("order", o.id);
    Same(at, "status", row["status"], o.status);
    Same(at, "fulfillment_status", row["fulfillment_status"], o.Fulfillment());
    SameNumber(at, "total_minor", Minor(row["total_minor"]), o.Total());
    if (o.location >= 0) Same(at, "allocated_location_id", row["allocated_location_id"], std::to_string(m_.locations[o.location]));
    if (row["items"].size() != o.items.size())
      Fail(at + ": " + std::to_string(row["items"].size()) + " items, the model has " + std::to_string(o.items.size()));
    for (const auto& r : row["items"]) {
      Item want;
      for (const auto& i : o.items)
        if (i.id == r.value("id", int64_t{0})) want = i;
      std::string it = at + " item " + std::to_string(r.value("id", int64_t{0}));
      if (!want.id) {
        Fail(it + ": not in the model");
        continue;
      }
      auto reserved = Millionths(r["quantity_allocated"]), shipped = Millionths(r["quantity_shipped"]);
      SameNumber(it, "quantity (millionths)", Millionths(r["quantity"]), want.quantity);
      SameNumber(it, "quantity_shipped (millionths)", shipped, want.shipped);
      SameNumber(it, "quantity_allocated (millionths)", reserved, want.reserved);
      if (reserved && shipped && *reserved > std::max<Wide>(want.quantity - *shipped, 0))
        Fail(it + ": keeps " + DecimalText(*reserved) + " reserved with only " + DecimalText(want.quantity - *shipped) +
             " left to ship (a reservation never exceeds what is left)");
    }
  }

  void CheckInvoice(const Invoice& inv, const json& row) {
    std::string at = Where("invoice", inv.id);
    Wide total = inv.Total(), paid = m_.Paid(inv);
    Same(at, "status", row["status"], inv.status);
    Same(at, "currency", row["currency"], inv.currency);
    SameNumber(at, "total_minor", Minor(row["total_minor"]), total);
    SameNumber(at, "amount_paid_minor (valid payments + applied credits)", Minor(row["amount_paid_minor"]), paid);
    auto balance = Minor(row["balance_minor"]);
    if (!balance || *balance != total - paid)
      Fail(at + ": balance_minor " + Show(balance) + " is not total " + Str(total) + " - valid payments " +
           Str(paid - inv.credits) + " - applied credits " + Str(inv.credits) + " = " + Str(total - paid));
    // Its own numbers agree with its status, whatever the model says.
    std::string status = row.value("status", "");
    auto shown_total = Minor(row["total_minor"]), shown_paid = Minor(row["amount_paid_minor"]);
    if (shown_total && shown_paid && balance && (status == "open" || status == "partially_paid" || status == "paid")) {
      std::string follows = *shown_paid <= 0 ? "open" : *shown_paid >= *shown_total ? "paid" : "partially_paid";
      if (status != follows || *balance != *shown_total - *shown_paid || *balance < 0)
        Fail(at + ": status " + status + " with total " + Str(*shown_total) + ", paid " + Str(*shown_paid) + ", balance " +
             Str(*balance) + " (a balance is total - paid, never below zero, and the status follows it)");
    }
    if (row["lines"].size() != inv.lines.size())
      Fail(at + ": " + std::to_string(row["lines"].size()) + " lines, the model has " + std::to_string(inv.lines.size()));
  }

  void CheckPayment(const Payment& p, const json& row) {
    std::string at = Where("payment", p.id);
    Same(at, "status", row["status"], p.status);
    Same(at, "invoice_id", row["invoice_id"], std::to_string(p.invoice));
    Same(at, "currency", row["currency"], p.currency);
    SameNumber(at, "amount_minor", Minor(row["amount_minor"]), p.amount);
    SameNumber(at, "applied_minor", Minor(row["applied_minor"]), p.applied);
  }

  void CheckNote(const CreditNote& n, const json& row) {
    std::string at = Where("credit note", n.id);
    Same(at, "status", row["status"], n.status);
    Same(at, "currency", row["currency"], n.currency);
    SameNumber(at, "amount_minor", Minor(row["amount_minor"]), n.amount);
    SameNumber(at, "remaining_minor", Minor(row["remaining_minor"]), n.remaining);
  }

  // One row the model knows (or knows is gone) against the server's.
  void CheckRow(Kind k, int64_t id, const json& row) {
    auto gone = [&](bool known) {
      if (!known && !row.is_null()) Fail(PathOf(k, id) + " exists; the model has it gone");
      if (known && row.is_null()) Fail(PathOf(k, id) + " is gone; the model has it");
      return !known || row.is_null();
    };
    switch (k) {
      case Kind::kOrder:
        if (!gone(m_.orders.count(id))) CheckOrder(m_.orders[id], row);
        break;
      case Kind::kPick:
        if (!gone(m_.picks.count(id))) Same(PathOf(k, id), "status", row["status"], m_.picks[id].status);
        break;
      case Kind::kReceipt:
        if (!gone(m_.receipts.count(id))) Same(PathOf(k, id), "status", row["status"], m_.receipts[id].status);
        break;
      case Kind::kInvoice:
        if (!gone(m_.invoices.count(id))) CheckInvoice(m_.invoices[id], row);
        break;
      case Kind::kPayment:
        if (!gone(m_.payments.count(id))) CheckPayment(m_.payments[id], row);
        break;
      case Kind::kNote:
        if (!gone(m_.notes.count(id))) CheckNote(m_.notes[id], row);
        break;
    }
  }

  // Every inventory row: on_hand >= allocated >= 0, and both as the model says.
  json CheckInventory() {
    auto r = client_->Get("/v1/inventory?per_page=1000");
    if (r.status != 200) {
      Fail("GET /v1/inventory answered " + std::to_string(r.status));
      return json::array();
    }
    json rows = r.Json()["data"];
    bool seen[kSkus][kLocations]{};
    for (const auto& row : rows) {
      int sku = m_.SkuIndex(row.value("sku_id", int64_t{0})), loc = m_.LocationIndex(row.value("location_id", int64_t{0}));
      std::string at = "inventory " + std::to_string(row.value("id", int64_t{0}));
      if (sku < 0 || loc < 0) {
        Fail(at + " is of no SKU and location the model made: " + row.dump());
        continue;
      }
      at += " (sku " + std::to_string(sku) + " at location " + std::to_string(loc) + ")";
      seen[sku][loc] = true;
      m_.inventory[sku][loc] = row.value("id", int64_t{0});
      auto on = Millionths(row["on_hand"]), allocated = Millionths(row["allocated"]), available = Millionths(row["available"]);
      if (!on || !allocated || !available) {
        Fail(at + ": quantities missing: " + row.dump());
        continue;
      }
      if (*allocated < 0) Fail(at + ": allocated " + DecimalText(*allocated) + " < 0");
      if (*on < *allocated)
        Fail(at + ": on_hand " + DecimalText(*on) + " < allocated " + DecimalText(*allocated) + " (on_hand >= allocated)");
      if (*available != *on - *allocated) Fail(at + ": available " + DecimalText(*available) + " != on_hand - allocated");
      if (*on != m_.on_hand[sku][loc])
        Fail(at + ": on_hand " + DecimalText(*on) + ", the model says " + DecimalText(m_.on_hand[sku][loc]));
      if (*allocated != m_.Allocated(sku, loc))
        Fail(at + ": allocated " + DecimalText(*allocated) + " is not the open reservations " +
             DecimalText(m_.Allocated(sku, loc)) + " (held by" + m_.Holders(sku, loc) + ")");
    }
    for (int i = 0; i < kSkus; ++i)
      for (int j = 0; j < kLocations; ++j)
        if (!seen[i][j]) {
          m_.inventory[i][j] = 0;
          if (m_.on_hand[i][j] != 0 || m_.Allocated(i, j) != 0)
            Fail("no inventory row for sku " + std::to_string(i) + " at location " + std::to_string(j) +
                 "; the model holds on_hand " + DecimalText(m_.on_hand[i][j]) + ", allocated " +
                 DecimalText(m_.Allocated(i, j)));
        }
    return rows;
  }

  // The events written since the last step (GET /v1/events from the cursor).
  json NewEvents() {
    json out = json::array();
    for (int pages = 0; pages < 20; ++pages) {
      auto r = client_->Get("/v1/events?per_page=500" + (cursor_.empty() ? "" : "&after=" + cursor_));
      if (r.status != 200) {
        Fail("GET /v1/events answered " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
        break;
      }
      json page = r.Json();
      for (auto& e : page["data"]) out.push_back(std::move(e));
      const json& meta = page["meta"];
      if (meta["next_cursor"].is_string()) {
        cursor_ = meta["next_cursor"];
        continue;
      }
      if (meta["resume_cursor"].is_string()) cursor_ = meta["resume_cursor"];
      break;
    }
    return out;
  }

  static std::string Types(const json& events) {
    std::string out;
    for (const auto& e : events)
      out += (out.empty() ? "" : ", ") + e.value("type", "") + " " + std::to_string(e.value("resource_id", int64_t{0}));
    return out.empty() ? "none" : out;
  }

  // A success has an event for every row it changed, each carrying the row as it is now.
  void CheckEvents(Step& s, const json& events, const Wide (&on_before)[kSkus][kLocations],
                   const Wide (&allocated_before)[kSkus][kLocations], const json& inventory) {
    for (int i = 0; i < kSkus; ++i)
      for (int j = 0; j < kLocations; ++j)
        if ((m_.on_hand[i][j] != on_before[i][j] || m_.Allocated(i, j) != allocated_before[i][j]) && m_.inventory[i][j])
          s.Want("inventory", m_.inventory[i][j]);
    for (const auto& w : s.events) {
      bool found = false;
      for (const auto& e : events)
        found = found || (e.value("resource", "") == w.resource && (!w.id || e.value("resource_id", int64_t{0}) == w.id) &&
                          (w.type.empty() || e.value("type", "") == w.type));
      if (!found)
        Fail("no " + (w.type.empty() ? w.resource + " event" : w.type) + " for " + w.resource + " " +
             std::to_string(w.id) + " (the step's events: " + Types(events) + ")");
    }
    std::map<int64_t, json> last;  // an inventory row's last event carries its quantities as they are
    for (const auto& e : events)
      if (e.value("resource", "") == "inventory" && e.value("type", "") != "inventory.deleted")
        last[e.value("resource_id", int64_t{0})] = e["data"]["object"];
    for (const auto& row : inventory) {
      auto it = last.find(row.value("id", int64_t{0}));
      if (it == last.end()) continue;
      for (const char* field : {"on_hand", "allocated"})
        if (Millionths(it->second[field]) != Millionths(row[field]))
          Fail("inventory " + std::to_string(it->first) + "'s last event has " + field + " " + it->second[field].dump() +
               ", the row " + row[field].dump());
    }
  }

  // Every row the model knows, and nothing it does not (every kSweepEvery steps).
  void Sweep() {
    auto sweep = [&](Kind k, const auto& map) {
      std::set<int64_t> listed;
      for (int page = 1; page < 100; ++page) {
        auto r = client_->Get("/v1/" + std::string(kPaths[static_cast<int>(k)]) + "?per_page=1000&page=" + std::to_string(page));
        if (r.status != 200) return Fail("GET list of " + std::string(kPaths[static_cast<int>(k)]) + ": " + std::to_string(r.status));
        json rows = r.Json()["data"];
        for (const auto& row : rows) {
          int64_t id = row.value("id", int64_t{0});
          listed.insert(id);
          if (!map.count(id)) Fail(PathOf(k, id) + " exists; the model does not know it: " + row.dump().substr(0, 300));
          else CheckRow(k, id, row);
        }
        if (rows.size() < 1000) break;
      }
      for (const auto& [id, row] : map)
        if (!listed.count(id)) Fail(PathOf(k, id) + " is not listed");
    };
    sweep(Kind::kOrder, m_.orders);
    sweep(Kind::kPick, m_.picks);
    sweep(Kind::kReceipt, m_.receipts);
    sweep(Kind::kInvoice, m_.invoices);
    sweep(Kind::kPayment, m_.payments);
    sweep(Kind::kNote, m_.notes);
    CheckInventory();
  }

  // =================================================================================
  // The runner.
  // =================================================================================

  struct Operation {
    const char* name;
    int weight;
    bool (ModelTest::*plan)(Step&);
  };
  // The hostile operations come last in each group, each with the issue 18
  // item whose rule it probes; the others follow the rules as documented.
  static const std::vector<Operation>& Operations() {
    static const std::vector<Operation> table = {
        // stock
        {"adjust", 10, &ModelTest::Adjust},
        {"replay_adjust", 1, &ModelTest::ReplayAdjust},
        {"transfer", 8, &ModelTest::Transfer},
        {"adjust_reserved", 1, &ModelTest::AdjustReserved},        // item 7
        {"transfer_reserved", 2, &ModelTest::TransferReserved},    // item 7
        {"huge_adjust", 1, &ModelTest::HugeAdjust},                // item 8
        {"delete_inventory", 1, &ModelTest::DeleteInventory},      // (no item: stock changes only by operations)
        // orders and tickets
        {"create_order", 6, &ModelTest::CreateOrder},
        {"allocate", 7, &ModelTest::Allocate},
        {"cancel_order", 2, &ModelTest::CancelOrder},
        {"close_order", 1, &ModelTest::CloseOrder},
        {"delete_order", 1, &ModelTest::DeleteOrder},
        {"edit_items", 2, &ModelTest::EditItems},
        {"create_pick", 5, &ModelTest::CreatePick},
        {"ship", 6, &ModelTest::Ship},
        {"start_picking", 1, &ModelTest::StartPicking},
        {"cancel_pick", 2, &ModelTest::CancelPick},
        {"create_receipt", 3, &ModelTest::CreateReceipt},
        {"receive", 3, &ModelTest::Receive},
        {"cancel_receipt", 1, &ModelTest::CancelReceipt},
        {"close_reserved", 2, &ModelTest::CloseReserved},                 // item 6
        {"delete_reserved_order", 1, &ModelTest::DeleteReservedOrder},    // item 6
        {"edit_reserved_items", 2, &ModelTest::EditReservedItems},        // item 6
        {"create_pick_elsewhere", 1, &ModelTest::CreatePickElsewhere},    // item 6 (with ship_elsewhere)
        {"ship_elsewhere", 1, &ModelTest::ShipElsewhere},                 // item 6
        {"create_pick_reserved", 2, &ModelTest::CreatePickReserved},      // item 7 (with ship_reserved)
        {"ship_reserved", 2, &ModelTest::ShipReserved},                   // item 7
        {"huge_order", 1, &ModelTest::HugeOrder},                         // item 8
        // billing
        {"create_invoice", 4, &ModelTest::CreateInvoice},
        {"issue", 3, &ModelTest::Issue},
        {"void_invoice", 1, &ModelTest::VoidInvoice},
        {"edit_invoice", 2, &ModelTest::EditInvoice},
        {"pay", 6, &ModelTest::Pay},
        {"void_payment", 2, &ModelTest::VoidPayment},
        {"patch_payment", 1, &ModelTest::PatchPayment},
        {"create_note", 1, &ModelTest::CreateNote},
        {"apply_note", 3, &ModelTest::ApplyNote},
        {"void_note", 1, &ModelTest::VoidNote},
        {"edit_issued_invoice", 2, &ModelTest::EditIssuedInvoice},    // item 5
        {"patch_posted_payment", 2, &ModelTest::PatchPostedPayment},  // item 5
        {"delete_posted_payment", 1, &ModelTest::DeletePayment},      // item 5
        {"huge_invoice", 1, &ModelTest::HugeInvoice},                 // item 8
    };
    return table;
  }

  // SUPPLYHUB_MODEL_OPS: "a,b" runs only those; "-a,-b" leaves them out.
  std::vector<const Operation*> Enabled() {
    std::set<std::string> only, without;
    if (const char* list = std::getenv("SUPPLYHUB_MODEL_OPS")) {
      std::stringstream in(list);
      for (std::string name; std::getline(in, name, ',');)
        if (!name.empty()) (name[0] == '-' ? without : only).insert(name[0] == '-' ? name.substr(1) : name);
    }
    std::vector<const Operation*> out;
    std::set<std::string> unknown = only;
    unknown.insert(without.begin(), without.end());
    for (const auto& op : Operations()) {
      if ((only.empty() || only.count(op.name)) && !without.count(op.name)) out.push_back(&op);
      unknown.erase(op.name);
    }
    for (const auto& name : unknown) ADD_FAILURE() << "SUPPLYHUB_MODEL_OPS names no operation " << name;
    return out;
  }

  Step Plan(const std::vector<const Operation*>& ops) {
    int total = 0;
    for (const auto* op : ops) total += op->weight;
    for (int attempt = 0; attempt < 200; ++attempt) {
      int64_t at = U(0, total - 1);
      for (const auto* op : ops) {
        if ((at -= op->weight) >= 0) continue;
        Step s;
        s.op = op->name;
        if ((this->*op->plan)(s)) return s;
        break;
      }
    }
    Step idle;  // nothing applies (a narrow SUPPLYHUB_MODEL_OPS): a harmless adjustment
    idle.op = "adjust";
    PlanAdjust(idle, 0, 0, kUnit);
    return idle;
  }

  void Execute(Step& s) {
    Wide on_before[kSkus][kLocations], allocated_before[kSkus][kLocations];
    for (int i = 0; i < kSkus; ++i)
      for (int j = 0; j < kLocations; ++j) on_before[i][j] = m_.on_hand[i][j], allocated_before[i][j] = m_.Allocated(i, j);
    // Snapshots of what a refusal must leave alone (when the rules allow one:
    // refusing what they allow fails the step anyway).
    bool may_refuse = s.expect != Expect::kAccepted;
    std::vector<std::pair<std::string, std::string>> before;
    std::string inventory_before;
    if (may_refuse) {
      for (const auto& [k, id] : s.rows) before.emplace_back(PathOf(k, id), Fetch(PathOf(k, id)).dump());
      inventory_before = client_->Get("/v1/inventory?per_page=1000").Json()["data"].dump();
    }

    HttpResponse r = Send(s.method, s.target, s.body);
    bool ok = r.status >= 200 && r.status < 300, refused = r.status == 409 || r.status == 422;
    json answer = json::parse(r.body, nullptr, false);
    Remember(s, r, answer);
    if (!ok && !refused) {
      Fail("unexpected status " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
    } else if (ok && s.expect == Expect::kRefused) {
      Fail("accepted a call the rules refuse (" + s.rule + ")");
    } else if (refused && s.expect == Expect::kAccepted) {
      Fail("refused a call the rules allow: " + r.body.substr(0, 300));
    }
    if (ok && s.expect != Expect::kRefused && !s.no_change && s.accepted) s.accepted(s, answer.is_object() ? answer["data"] : json());
    (ok ? accepted_ : refused_)[s.op]++;

    // The rows (stock first), then whether a refusal left them alone, then the events.
    json inventory = CheckInventory();
    std::vector<std::string> after;
    for (const auto& [k, id] : s.rows) {
      json row = Fetch(PathOf(k, id));
      CheckRow(k, id, row);
      after.push_back(row.dump());
    }
    if (!ok && may_refuse) {
      if (inventory.dump() != inventory_before) Fail("a refused call changed the inventory");
      for (size_t i = 0; i < before.size(); ++i)
        if (after[i] != before[i].second)
          Fail("a refused call changed " + before[i].first + ": before " + before[i].second.substr(0, 400) + " after " +
               after[i].substr(0, 400));
    }
    json events = NewEvents();
    if (ok && !s.no_change) CheckEvents(s, events, on_before, allocated_before, inventory);
    else if (!events.empty()) Fail(std::string(ok ? "a replay" : "a refused call") + " wrote events: " + Types(events));
  }

  void Remember(const Step& s, const HttpResponse& r, const json& answer) {
    std::string body = s.body.is_null() ? "" : " " + s.body.dump();
    std::string said;
    if (answer.is_object() && answer.contains("error")) said = " " + answer.value("message", answer["error"].dump());
    else if (answer.is_object() && answer["data"].is_object()) said = " id " + answer["data"].value("id", json(0)).dump();
    history_.push_back("#" + std::to_string(step_) + " " + s.op + ": " + s.method + " " + s.target + body.substr(0, 240) +
                       " -> " + std::to_string(r.status) + said.substr(0, 200) +
                       (s.expect == Expect::kAccepted ? "" : std::string(" [") + (s.expect == Expect::kRefused ? "refuse: " : "either: ") + s.rule + "]"));
    if (verbose_) std::printf("%s\n", history_.back().c_str());
    if (history_.size() > kHistory) history_.pop_front();
  }

  std::string Report(int steps) {
    std::ostringstream out;
    out << "model test failed at step " << step_ << " of " << steps << " (seed " << seed_ << ", "
        << (std::getenv("SUPPLYHUB_TEST_POSTGRES_FILE") ? "PostgreSQL" : "SQLite") << ")\n"
        << "replay: SUPPLYHUB_MODEL_SEED=" << seed_ << " SUPPLYHUB_MODEL_STEPS=" << steps
        << " ./bin/integration_tests --gtest_filter='ModelTest.*'\n";
    for (const auto& f : failures_) out << "  - " << f << "\n";
    out << "last operations:\n";
    for (const auto& h : history_) out << "  " << h << "\n";
    return out.str();
  }

  // Three SKUs in three locations, some stock, and the events cursor.
  void SetUpWorld() {
    json product = Create("products", {{"style_number", "MODEL-1"}, {"name", "Model shirt"}});
    for (int i = 0; i < kSkus; ++i)
      m_.skus[i] = Create("skus", {{"product_id", product["id"]}, {"sku", "MODEL-" + std::to_string(i)}})["id"];
    for (int j = 0; j < kLocations; ++j) m_.locations[j] = Create("locations", {{"name", "L" + std::to_string(j)}})["id"];
    for (int i = 0; i < kSkus; ++i)
      for (int j = 0; j < 2; ++j) {
        Create("stock_operations", {{"kind", "adjust"}, {"sku_id", m_.skus[i]}, {"location_id", m_.locations[j]}, {"quantity", 20}});
        m_.on_hand[i][j] = 20 * kUnit;
      }
    NewEvents();
    CheckInventory();
  }

  Model m_;
  std::mt19937_64 rng_;
  uint64_t seed_ = 0;
  int step_ = 0;
  bool verbose_ = std::getenv("SUPPLYHUB_MODEL_VERBOSE") != nullptr;  // every step on stdout
  std::string cursor_;
  std::vector<std::string> failures_;
  std::deque<std::string> history_;
  std::map<std::string, int> accepted_, refused_;
};

TEST_F(ModelTest, RandomOperationsKeepStockAndMoneyConsistent) {
  seed_ = std::random_device{}() * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  if (const char* s = std::getenv("SUPPLYHUB_MODEL_SEED")) seed_ = std::strtoull(s, nullptr, 10);
  int steps = kDefaultSteps;
  if (const char* s = std::getenv("SUPPLYHUB_MODEL_STEPS")) steps = std::atoi(s);
  rng_.seed(seed_);
  auto ops = Enabled();
  ASSERT_FALSE(ops.empty());
  SetUpWorld();
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(failures_.empty()) << failures_.front();
  auto started = std::chrono::steady_clock::now();
  for (step_ = 1; step_ <= steps; ++step_) {
    Step s = Plan(ops);
    Execute(s);
    if (failures_.empty() && (step_ % kSweepEvery == 0 || step_ == steps)) Sweep();
    if (!failures_.empty()) {
      ADD_FAILURE() << Report(steps);
      return;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::ostringstream summary;
  for (const auto& op : Operations())
    summary << " " << op.name << " " << accepted_[op.name] << "/" << refused_[op.name];
  std::printf("[model] seed %llu: %d steps in %.1f s; accepted/refused per operation:%s\n",
              static_cast<unsigned long long>(seed_), steps, seconds, summary.str().c_str());
}

}  // namespace
}  // namespace supplyhub::testing
