#include "schema/validate.h"

#include <gtest/gtest.h>

#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "schema/resources/declarations.h"

namespace supplyhub::schema {
namespace {

using storage::Value;

const Resource& Parts() { return resources::Parts(); }
const Resource& Suppliers() { return resources::Suppliers(); }

// A resource with the field types the real declarations do not use (yet).
const Resource& Events() {
  static const Resource r = [] {
    Resource e{"events", "event", "Test-only resource.", {}, true};
    e.fields = {
        Field::String("title").Required().MaxLength(10),
        Field::Date("due"),
        Field::DateTime("at"),
        Field::Integer("count"),
        Field::Array("counts", FieldType::kInteger).MaxLength(3),
        Field::Array("weights", FieldType::kNumber),
        Field::Object("extra"),
    };
    return e;
  }();
  return r;
}

std::string Describe(const Error& e) {
  std::ostringstream out;
  out << ErrorCodeName(e.code) << ": " << e.message;
  for (const auto& [name, messages] : e.fields)
    for (const auto& m : messages) out << " [" << name << ": " << m << "]";
  for (const auto& row : e.rows)
    for (const auto& [name, messages] : row.fields)
      for (const auto& m : messages) out << " [row " << row.index << " " << name << ": " << m << "]";
  return out.str();
}

size_t Idx(const Resource& r, std::string_view name) {
  int i = r.FieldIndex(name);
  EXPECT_GE(i, 0) << "no field " << name;
  return static_cast<size_t>(i < 0 ? 0 : i);
}

Record Valid(const Resource& r, std::string_view json, Mode mode = Mode::kCreate) {
  auto rec = ValidateObject(r, json, mode);
  EXPECT_TRUE(rec) << json << "\n  -> " << Describe(rec.error());
  return rec ? *rec : Record{};
}

// The field errors of a body that must fail validation (422).
FieldErrors Invalid(const Resource& r, std::string_view json, Mode mode = Mode::kCreate) {
  auto rec = ValidateObject(r, json, mode);
  if (rec) {
    ADD_FAILURE() << "accepted: " << json;
    return {};
  }
  EXPECT_EQ(rec.error().code, ErrorCode::kValidation) << json << "\n  -> " << Describe(rec.error());
  EXPECT_EQ(rec.error().message, "The request has invalid fields");
  return rec.error().fields;
}

// The message of a body that must be rejected as malformed (400).
std::string BadRequest(const Resource& r, std::string_view json, Mode mode = Mode::kCreate) {
  auto rec = ValidateObject(r, json, mode);
  if (rec) {
    ADD_FAILURE() << "accepted: " << json;
    return {};
  }
  EXPECT_EQ(rec.error().code, ErrorCode::kBadRequest) << json << "\n  -> " << Describe(rec.error());
  return rec.error().message;
}

std::string Part(std::string_view extra = {}) {
  std::string body = R"({"name":"Bolt","identification":"B-1")";
  if (!extra.empty()) body += "," + std::string(extra);
  return body + "}";
}

const std::string& Str(const Record& rec, const Resource& r, std::string_view name) {
  static const std::string kNotAString = "<not a string>";
  const auto* s = std::get_if<std::string>(&rec.values.at(Idx(r, name)));
  return s ? *s : kNotAString;
}
int64_t Int(const Record& rec, const Resource& r, std::string_view name) {
  const auto* i = std::get_if<int64_t>(&rec.values.at(Idx(r, name)));
  EXPECT_NE(i, nullptr) << name << " is not an integer";
  return i ? *i : -999;
}
bool IsNullValue(const Record& rec, const Resource& r, std::string_view name) {
  return storage::IsNull(rec.values.at(Idx(r, name)));
}
bool Present(const Record& rec, const Resource& r, std::string_view name) { return rec.present.at(Idx(r, name)); }

// --- accepted bodies ---------------------------------------------------------

TEST(ValidateTest, AcceptsTheSeed002SupplierSample) {
  const char* body = R"({
    "name": "ABC Manufacturing Inc.",
    "primary_name": "John Smith",
    "primary_email": "johnsmith@abc.com",
    "primary_phone": "1-649-123-4567",
    "primary_position": "Project Manager",
    "secondary_name": "Jane Smith",
    "secondary_email": "janesmith@abc.com",
    "secondary_phone": "1-649-123-4567",
    "secondary_position": "Project Lead",
    "notes": "These are some sample notes for the supplier"
  })";
  Record rec = Valid(Suppliers(), body);
  ASSERT_EQ(rec.values.size(), Suppliers().fields.size());
  EXPECT_EQ(Str(rec, Suppliers(), "name"), "ABC Manufacturing Inc.");
  EXPECT_EQ(Str(rec, Suppliers(), "primary_email"), "johnsmith@abc.com");
  EXPECT_EQ(Str(rec, Suppliers(), "secondary_position"), "Project Lead");
  EXPECT_EQ(Str(rec, Suppliers(), "notes"), "These are some sample notes for the supplier");
  for (size_t i = 0; i < rec.present.size(); ++i)  // every field the sample sends; it has no external_id
    EXPECT_EQ(rec.present[i], Suppliers().fields[i].name != "external_id") << Suppliers().fields[i].name;
  EXPECT_EQ(rec.id, 0);
}

TEST(ValidateTest, AcceptsAFullPart) {
  Record rec = Valid(Parts(), Part(R"("company_id":3,"is_activity":true,"is_finished_product":false,
      "batch_ids":["b1","b2"],"supplier_id":7,"parent_part_id":9,"unit_type":"Mass","unit_of_measure":"kg",
      "density":2.5,"density_mass_unit":"g","density_volume_unit":"ml")"));
  EXPECT_EQ(Str(rec, Parts(), "name"), "Bolt");
  EXPECT_EQ(Str(rec, Parts(), "identification"), "B-1");
  EXPECT_EQ(Int(rec, Parts(), "company_id"), 3);
  EXPECT_EQ(Int(rec, Parts(), "is_activity"), 1);
  EXPECT_EQ(Int(rec, Parts(), "is_finished_product"), 0);
  EXPECT_EQ(Str(rec, Parts(), "batch_ids"), R"(["b1","b2"])");
  EXPECT_EQ(Int(rec, Parts(), "supplier_id"), 7);
  EXPECT_EQ(Str(rec, Parts(), "unit_type"), "Mass");
  EXPECT_EQ(std::get<double>(rec.values[Idx(Parts(), "density")]), 2.5);
}

TEST(ValidateTest, IntegerDensityBecomesADouble) {
  Record rec = Valid(Parts(), Part(R"("density":2)"));
  ASSERT_TRUE(std::holds_alternative<double>(rec.values[Idx(Parts(), "density")]));
  EXPECT_EQ(std::get<double>(rec.values[Idx(Parts(), "density")]), 2.0);
}

TEST(ValidateTest, UnescapesStrings) {
  Record rec = Valid(Parts(), R"({"name":"caf\u00e9 \"x\"\n","identification":"a\/b"})");
  EXPECT_EQ(Str(rec, Parts(), "name"), "caf\xC3\xA9 \"x\"\n");
  EXPECT_EQ(Str(rec, Parts(), "identification"), "a/b");
}

TEST(ValidateTest, ReadOnlyKeysEchoedFromAGetAreIgnored) {
  Record rec = Valid(Parts(), Part(R"("id":12,"created_at":"2023-01-01T00:00:00Z","updated_at":{"x":[1]})"));
  EXPECT_EQ(rec.id, 0);
  EXPECT_EQ(Str(rec, Parts(), "name"), "Bolt");
}

TEST(ValidateTest, NullForAnOptionalFieldIsAcceptedAndPresent) {
  Record rec = Valid(Parts(), Part(R"("supplier_id":null,"unit_type":null)"));
  EXPECT_TRUE(IsNullValue(rec, Parts(), "supplier_id"));
  EXPECT_TRUE(Present(rec, Parts(), "supplier_id"));
  EXPECT_TRUE(IsNullValue(rec, Parts(), "unit_type"));
}

TEST(ValidateTest, WhitespaceAroundTheBodyIsFine) {
  Record rec = Valid(Parts(), " \n\t" + Part() + " \r\n ");
  EXPECT_EQ(Str(rec, Parts(), "name"), "Bolt");
}

// --- defaults and modes ------------------------------------------------------

TEST(ValidateTest, DefaultsAreAppliedOnCreate) {
  Record rec = Valid(Parts(), Part());
  EXPECT_EQ(Int(rec, Parts(), "is_activity"), 0);
  EXPECT_EQ(Int(rec, Parts(), "is_finished_product"), 1);
  EXPECT_FALSE(Present(rec, Parts(), "is_activity"));
  EXPECT_FALSE(Present(rec, Parts(), "is_finished_product"));
  EXPECT_TRUE(IsNullValue(rec, Parts(), "supplier_id"));
  EXPECT_FALSE(Present(rec, Parts(), "supplier_id"));
  EXPECT_TRUE(Present(rec, Parts(), "name"));
}

// Seed 002's update samples send a few fields and expect the rest to stay:
// a PUT takes no defaults and needs no required fields it does not send.
TEST(ValidateTest, ReplaceKeepsWhatItDoesNotSend) {
  Record rec = Valid(Parts(), R"J({"name":"Blue Juice (500 mL)","identification":"BJUICE500"})J", Mode::kReplace);
  EXPECT_FALSE(rec.present[Idx(Parts(), "is_activity")]);
  EXPECT_TRUE(storage::IsNull(rec.values[Idx(Parts(), "is_finished_product")]));
  EXPECT_EQ(Str(rec, Parts(), "name"), "Blue Juice (500 mL)");
}

TEST(ValidateTest, ReplaceTakesAnIdFromTheBody) {
  Record rec = Valid(Parts(), Part(R"("id":77)"), Mode::kReplace);
  EXPECT_EQ(rec.id, 77);
}

TEST(ValidateTest, ReplaceCannotNullARequiredField) {
  EXPECT_EQ(Invalid(Parts(), R"({"name":"x","identification":null})", Mode::kReplace),
            (FieldErrors{{"identification", {"cannot be null"}}}));
}

TEST(ValidateTest, PatchLeavesAbsentFieldsNotPresentAndNeedsNoRequiredFields) {
  Record rec = Valid(Parts(), R"({"density":1.5})", Mode::kPatch);
  ASSERT_EQ(rec.present.size(), Parts().fields.size());
  for (size_t i = 0; i < Parts().fields.size(); ++i) {
    bool expected = Parts().fields[i].name == "density";
    EXPECT_EQ(rec.present[i], expected) << Parts().fields[i].name;
    if (!expected) {
      EXPECT_TRUE(storage::IsNull(rec.values[i])) << Parts().fields[i].name << " took a value";
    }
  }
  EXPECT_EQ(std::get<double>(rec.values[Idx(Parts(), "density")]), 1.5);
}

TEST(ValidateTest, PatchWithAnEmptyObjectIsValid) {
  Record rec = Valid(Parts(), "{}", Mode::kPatch);
  for (bool p : rec.present) EXPECT_FALSE(p);
}

TEST(ValidateTest, PatchCannotNullARequiredField) {
  EXPECT_EQ(Invalid(Parts(), R"({"name":null})", Mode::kPatch), (FieldErrors{{"name", {"cannot be null"}}}));
}

TEST(ValidateTest, PatchStillChecksTypes) {
  EXPECT_EQ(Invalid(Parts(), R"({"is_activity":"no"})", Mode::kPatch), (FieldErrors{{"is_activity", {"must be a boolean"}}}));
}

// --- required and unknown fields ---------------------------------------------

TEST(ValidateTest, MissingRequiredFields) {
  EXPECT_EQ(Invalid(Parts(), "{}"), (FieldErrors{{"identification", {"is required"}}, {"name", {"is required"}}}));
  EXPECT_EQ(Invalid(Parts(), R"({"identification":"X"})"), (FieldErrors{{"name", {"is required"}}}));
  EXPECT_EQ(Invalid(Suppliers(), R"({"notes":"n"})"), (FieldErrors{{"name", {"is required"}}}));
}

TEST(ValidateTest, NullForARequiredField) {
  EXPECT_EQ(Invalid(Parts(), R"({"name":null,"identification":"X"})"), (FieldErrors{{"name", {"cannot be null"}}}));
}

TEST(ValidateTest, UnknownFieldIsNamed) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("colour":"red")")), (FieldErrors{{"colour", {"is not a field of part"}}}));
  EXPECT_EQ(Invalid(Suppliers(), R"({"name":"s","website":{"url":[1,2]}})"),
            (FieldErrors{{"website", {"is not a field of supplier"}}}));
}

TEST(ValidateTest, IdIsAnUnknownFieldOnlyWhenItIsNotReadOnly) {
  // "id" is read-only (ignored) on create, but a field in replace mode.
  EXPECT_EQ(Invalid(Parts(), Part(R"("id":"seven")"), Mode::kReplace), (FieldErrors{{"id", {"must be a positive integer"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("id":0)"), Mode::kReplace), (FieldErrors{{"id", {"must be a positive integer"}}}));
}

TEST(ValidateTest, AllProblemsAreReportedTogether) {
  FieldErrors f = Invalid(Parts(), R"({"name":true,"colour":1,"unit_type":"weight","density":"heavy"})");
  EXPECT_EQ(f, (FieldErrors{{"colour", {"is not a field of part"}},
                            {"density", {"must be a number"}},
                            {"identification", {"is required"}},
                            {"name", {"must be a string"}},
                            {"unit_type", {"must be one of: Volume Mass Length"}}}));
}

TEST(ValidateTest, DuplicateKeysAreRejected) {
  EXPECT_EQ(Invalid(Parts(), R"({"name":"a","name":"b","identification":"X"})"),
            (FieldErrors{{"name", {"is given more than once"}}}));
}

// --- wrong types -------------------------------------------------------------

TEST(ValidateTest, StringForAnIntegerField) {
  // A reference takes a string (an external id, resolved when written); a plain integer does not.
  EXPECT_EQ(Str(Valid(Parts(), Part(R"("supplier_id":"SUP-12")")), Parts(), "supplier_id"), "SUP-12");
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","count":"3"})"), (FieldErrors{{"count", {"must be an integer"}}}));
}

TEST(ValidateTest, FractionForAnIntegerField) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("company_id":1.5)")), (FieldErrors{{"company_id", {"must be an integer"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","count":2.0})"), (FieldErrors{{"count", {"must be an integer"}}}));
}

TEST(ValidateTest, IntegerFieldTakesNegativesButReferencesDoNot) {
  Record rec = Valid(Events(), R"({"title":"t","count":-4})");
  EXPECT_EQ(Int(rec, Events(), "count"), -4);
  EXPECT_EQ(Invalid(Parts(), Part(R"("supplier_id":0)")), (FieldErrors{{"supplier_id", {"must be a positive id"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("supplier_id":-3)")), (FieldErrors{{"supplier_id", {"must be a positive id"}}}));
}

// Declared maximums (Field::Max, whole units) on integers, decimals and money.
const Resource& Ranged() {
  static const Resource r = [] {
    Resource x{"ranged", "ranged", "Test-only resource.", {}};
    x.fields = {Field::Integer("n").Max(10), Field::Decimal("quantity").Min(0).Max(1000),
                Field::Money("price").Min(0).Max(5)};
    return x;
  }();
  return r;
}

TEST(ValidateTest, DeclaredMaximumsApplyToIntegersDecimalsAndMoney) {
  Record at = Valid(Ranged(), R"({"n":10,"quantity":1000,"price":"5.00"})");
  EXPECT_EQ(Int(at, Ranged(), "quantity"), 1000 * kDecimalScale);
  EXPECT_EQ(Invalid(Ranged(), R"({"n":11,"quantity":1000.000001,"price":"5.01"})"),
            (FieldErrors{{"n", {"must be at most 10"}},
                         {"quantity", {"must be at most 1000"}},
                         {"price", {"must be at most 5"}}}));
  // Beyond the 12 digits any value has: out of range (the maximum), not malformed.
  EXPECT_EQ(Invalid(Ranged(), R"({"quantity":"10000000000000","price":99999999999999.5})"),
            (FieldErrors{{"quantity", {"must be at most 1000"}}, {"price", {"must be at most 5"}}}));
  EXPECT_EQ(Invalid(Ranged(), R"({"quantity":"1x"})"),
            (FieldErrors{{"quantity", {"must be a decimal number with at most 6 decimal places"}}}));
}

TEST(ValidateTest, IntegerOutOfRangeIsAFieldError) {
  // A well-formed number too large for int64 is the client's field error, not broken JSON.
  auto rec = ValidateObject(Events(), R"({"title":"t","count":99999999999999999999})", Mode::kCreate);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, ErrorCode::kValidation) << Describe(rec.error());
  EXPECT_EQ(rec.error().fields, (FieldErrors{{"count", {"must be an integer"}}})) << Describe(rec.error());
}

// Seed 002 sends "serial_number": 123456789999 for a string field: kept as its text.
TEST(ValidateTest, NumberForAStringFieldIsItsText) {
  EXPECT_EQ(Str(Valid(Parts(), R"({"name":123456789999,"identification":-1.50})"), Parts(), "name"), "123456789999");
  EXPECT_EQ(Str(Valid(Parts(), R"({"name":"n","identification":-1.50})"), Parts(), "identification"), "-1.50");
}

TEST(ValidateTest, OtherTypesForAStringField) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("unit_type":1)")), (FieldErrors{{"unit_type", {"must be a string"}}}));
  EXPECT_EQ(Invalid(Suppliers(), R"({"name":"s","notes":true})"), (FieldErrors{{"notes", {"must be a string"}}}));
}

TEST(ValidateTest, StringForABooleanField) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("is_activity":"yes")")), (FieldErrors{{"is_activity", {"must be a boolean"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("is_activity":"true")")), (FieldErrors{{"is_activity", {"must be a boolean"}}}));
}

TEST(ValidateTest, ZeroAndOneAreBooleans) {
  Record rec = Valid(Parts(), Part(R"("is_activity":1,"is_finished_product":0)"));
  EXPECT_EQ(Int(rec, Parts(), "is_activity"), 1);
  EXPECT_EQ(Int(rec, Parts(), "is_finished_product"), 0);
  EXPECT_EQ(Invalid(Parts(), Part(R"("is_activity":0.5)")), (FieldErrors{{"is_activity", {"must be a boolean"}}}));
}

// Seed 002's order item sample sends "is_low_inventory": 2: any non-zero integer is true.
TEST(ValidateTest, NonZeroIntegersAreTrue) {
  Record rec = Valid(Parts(), Part(R"("is_activity":2,"is_finished_product":-1)"));
  EXPECT_EQ(Int(rec, Parts(), "is_activity"), 1);
  EXPECT_EQ(Int(rec, Parts(), "is_finished_product"), 1);
}

TEST(ValidateTest, TrueAndFalseBecomeOneAndZero) {
  Record rec = Valid(Parts(), Part(R"("is_activity":true,"is_finished_product":false)"));
  EXPECT_EQ(Int(rec, Parts(), "is_activity"), 1);
  EXPECT_EQ(Int(rec, Parts(), "is_finished_product"), 0);
}

TEST(ValidateTest, ObjectForAnArrayField) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":{"a":"b"})")), (FieldErrors{{"batch_ids", {"must be an array"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":"b1")")), (FieldErrors{{"batch_ids", {"must be an array"}}}));
}

TEST(ValidateTest, ArrayOrObjectForAScalarField) {
  EXPECT_EQ(Invalid(Parts(), R"({"name":["x"],"identification":{"a":1}})"),
            (FieldErrors{{"identification", {"must be a string"}}, {"name", {"must be a string"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","extra":[1]})"), (FieldErrors{{"extra", {"must be an object"}}}));
}

// --- enums, lengths, dates ---------------------------------------------------

TEST(ValidateTest, EnumsAreMatchedCaseInsensitivelyAndCanonicalised) {
  Record rec = Valid(Parts(), Part(R"("unit_type":"volume","unit_of_measure":"KG","density_volume_unit":"Ml")"));
  EXPECT_EQ(Str(rec, Parts(), "unit_type"), "Volume");
  EXPECT_EQ(Str(rec, Parts(), "unit_of_measure"), "kg");
  EXPECT_EQ(Str(rec, Parts(), "density_volume_unit"), "ml");
}

TEST(ValidateTest, BadEnumListsTheAllowedValues) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("unit_type":"Weight")")),
            (FieldErrors{{"unit_type", {"must be one of: Volume Mass Length"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("density_mass_unit":"")")),
            (FieldErrors{{"density_mass_unit", {"must be one of: g kg lb t oz st"}}}));
}

TEST(ValidateTest, StringsAreLimitedInCharactersNotBytes) {
  std::string at_limit(255, 'n');
  Valid(Parts(), R"({"name":")" + at_limit + R"(","identification":"X"})");
  EXPECT_EQ(Invalid(Parts(), R"({"name":")" + at_limit + R"(n","identification":"X"})"),
            (FieldErrors{{"name", {"must be at most 255 characters"}}}));
  std::string accents;
  for (int i = 0; i < 255; ++i) accents += "\xC3\xA9";  // 255 characters, 510 bytes
  Record rec = Valid(Parts(), R"({"name":")" + accents + R"(","identification":"X"})");
  EXPECT_EQ(Str(rec, Parts(), "name").size(), 510u);
  EXPECT_EQ(Invalid(Parts(), R"({"name":")" + accents + "\xC3\xA9" + R"(","identification":"X"})"),
            (FieldErrors{{"name", {"must be at most 255 characters"}}}));
}

TEST(ValidateTest, DeclaredMaxLengthsApply) {
  std::string phone(65, '1');
  EXPECT_EQ(Invalid(Suppliers(), R"({"name":"s","primary_phone":")" + phone + "\"}"),
            (FieldErrors{{"primary_phone", {"must be at most 64 characters"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"12345678901"})"), (FieldErrors{{"title", {"must be at most 10 characters"}}}));
  std::string notes(10000, 'x');
  Valid(Suppliers(), R"({"name":"s","notes":")" + notes + "\"}");
}

TEST(ValidateTest, DateFields) {
  Record rec = Valid(Events(), R"({"title":"t","due":"2023-01-12"})");
  EXPECT_EQ(Str(rec, Events(), "due"), "2023-01-12");
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","due":"2023-02-30"})"), (FieldErrors{{"due", {"must be a date (YYYY-MM-DD)"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","due":"12/01/2023"})"), (FieldErrors{{"due", {"must be a date (YYYY-MM-DD)"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","due":20230112})"), (FieldErrors{{"due", {"must be a string"}}}));
}

TEST(ValidateTest, DateFieldsKeepTheDayOfAMidnightDateTime) {
  Record rec = Valid(Events(), R"({"title":"t","due":"2023-01-12T00:00:00Z"})");
  EXPECT_EQ(Str(rec, Events(), "due"), "2023-01-12");
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","due":"2023-01-12T25:00:00Z"})"),
            (FieldErrors{{"due", {"must be a date (YYYY-MM-DD)"}}}));
}

TEST(ValidateTest, DateTimeFields) {
  Record rec = Valid(Events(), R"({"title":"t","at":"2023-01-12T10:15:30.5+02:00"})");
  EXPECT_EQ(Str(rec, Events(), "at"), "2023-01-12T10:15:30.5+02:00");
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","at":"2023-01-12"})"),
            (FieldErrors{{"at", {"must be an RFC 3339 date-time (e.g. 2023-01-12T00:00:00Z)"}}}));
}

// --- arrays and objects ------------------------------------------------------

TEST(ValidateTest, StringArraysAreStoredAsNormalisedJson) {
  Record rec = Valid(Parts(), Part(R"("batch_ids": [ "a" ,	"b" ])"));
  EXPECT_EQ(Str(rec, Parts(), "batch_ids"), R"(["a","b"])");
  Record escaped = Valid(Parts(), Part(R"("batch_ids":["q\"uote","\u00e9"])"));
  EXPECT_EQ(Str(escaped, Parts(), "batch_ids"), "[\"q\\\"uote\",\"\xC3\xA9\"]");
  Record empty = Valid(Parts(), Part(R"("batch_ids":[])"));
  EXPECT_EQ(Str(empty, Parts(), "batch_ids"), "[]");
}

TEST(ValidateTest, StringArraysRejectOtherItems) {
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":[1])")), (FieldErrors{{"batch_ids", {"items must be of type string"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":["a",null])")),
            (FieldErrors{{"batch_ids", {"items must be of type string"}}}));
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":[["a"]])")), (FieldErrors{{"batch_ids", {"items must be of type string"}}}));
}

TEST(ValidateTest, ArraysAreLimitedInItems) {
  std::string items = "1";
  for (int i = 0; i < 3; ++i) items += ",1";
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","counts":[)" + items + "]}"),
            (FieldErrors{{"counts", {"must have at most 3 items"}}}));
  std::string many = "\"x\"";
  for (int i = 0; i < 1000; ++i) many += ",\"x\"";
  EXPECT_EQ(Invalid(Parts(), Part(R"("batch_ids":[)" + many + "]")),
            (FieldErrors{{"batch_ids", {"must have at most 1000 items"}}}));
}

TEST(ValidateTest, IntegerAndNumberArrays) {
  Record rec = Valid(Events(), R"({"title":"t","counts":[1, -2,3],"weights":[1.5,2]})");
  EXPECT_EQ(Str(rec, Events(), "counts"), "[1,-2,3]");
  EXPECT_EQ(Str(rec, Events(), "weights"), "[1.5,2]");
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","counts":[1.5]})"), (FieldErrors{{"counts", {"items must be of type integer"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","counts":["1"]})"), (FieldErrors{{"counts", {"items must be of type integer"}}}));
  EXPECT_EQ(Invalid(Events(), R"({"title":"t","weights":[true]})"), (FieldErrors{{"weights", {"items must be of type number"}}}));
}

TEST(ValidateTest, ObjectFieldsAreStoredAsNormalisedJson) {
  Record rec = Valid(Events(), R"({"title":"t","extra": { "a" : [1, {"b": null}, "s"], "c": {} , "d": 0.5}})");
  EXPECT_EQ(Str(rec, Events(), "extra"), R"({"a":[1,{"b":null},"s"],"c":{},"d":0.5})");
}

TEST(ValidateTest, DeeplyNestedObjectValueIsRejected) {
  std::string deep = R"({"title":"t","extra":{"a":)";
  for (int i = 0; i < 70; ++i) deep += "[";
  for (int i = 0; i < 70; ++i) deep += "]";
  deep += "}}";
  BadRequest(Events(), deep);
  std::string ok = R"({"title":"t","extra":{"a":)";
  for (int i = 0; i < 10; ++i) ok += "[";
  for (int i = 0; i < 10; ++i) ok += "]";
  ok += "}}";
  Valid(Events(), ok);
}

// --- malformed bodies ----------------------------------------------------------

TEST(ValidateTest, MalformedJsonIsABadRequest) {
  for (const char* body : {"{", "{\"a\":}", "{\"name\":}", "{\"name\":\"x\",}", "{\"name\" \"x\"}", "{name:\"x\"}",
                           "{\"name\":\"x", "{\"name\":tru}", "{\"name\":\"\\q\"}", "", "   ", "{\"colour\":[1,}",
                           "{\"colour\":[1 2]}", "{\"density\":1.2.3}", "{\"density\":-}"}) {
    std::string message = BadRequest(Parts(), body);
    EXPECT_EQ(message.rfind("Malformed JSON", 0), 0u) << body << " -> " << message;
  }
}

TEST(ValidateTest, TrailingContentIsABadRequest) {
  for (const std::string& body : {std::string("{} x"), Part() + Part(), Part() + "]", Part() + " 1", Part() + " \"s\""}) {
    std::string message = BadRequest(Parts(), body);
    EXPECT_EQ(message.rfind("Malformed JSON", 0), 0u) << body << " -> " << message;
  }
}

// Regression: a misspelt null ("nul", "n", "nulll") anywhere in a body makes
// ValidateObject/ValidateArray THROW simdjson::simdjson_error instead of
// returning kBadRequest. ReadField and CopyJson in schema/validate_value.cpp call
// `!v.is_null()`, but in simdjson 3.0 is_null() returns simdjson_result<bool>,
// whose conversion to bool throws on error. On the request path the exception
// escapes the handler coroutine, Task's unhandled_exception() calls
// std::terminate, and the whole server dies: `POST /v1/parts` with the body
// {"name":nul} kills the process (checked against build/bin/supplyhub).
// Expected: no exception, ErrorCode::kBadRequest ("Malformed JSON: ...").
TEST(ValidateTest, MisspeltNullIsABadRequestNotAnException) {
  for (const char* body : {"{\"is_activity\":nul}", "{\"name\":nul,\"identification\":\"X\"}", "{\"name\":n}",
                           "{\"supplier_id\":nulll}", "{\"colour\":nul}", "{\"colour\":{\"a\":nulx}}",
                           "{\"batch_ids\":[nul]}", "{\"id\":nul}"}) {
    Result<Record> rec = Fail(ErrorCode::kInternal, "not run");
    try {
      rec = ValidateObject(Parts(), body, Mode::kCreate);
    } catch (const std::exception& e) {
      ADD_FAILURE() << body << " threw: " << e.what();
      continue;
    }
    ASSERT_FALSE(rec) << body;
    EXPECT_EQ(rec.error().code, ErrorCode::kBadRequest) << body << " -> " << Describe(rec.error());
  }
  for (const char* body : {"[nul]", "[{\"name\":nul}]", "[{\"name\":\"a\",\"identification\":\"b\"},nul]"}) {
    Result<std::vector<Record>> rows = Fail(ErrorCode::kInternal, "not run");
    try {
      rows = ValidateArray(Parts(), body, Mode::kCreate, 10);
    } catch (const std::exception& e) {
      ADD_FAILURE() << body << " threw: " << e.what();
      continue;
    }
    ASSERT_FALSE(rows) << body;
    EXPECT_EQ(rows.error().code, ErrorCode::kBadRequest) << body << " -> " << Describe(rows.error());
  }
}

TEST(ValidateTest, InvalidUtf8IsABadRequest) {
  EXPECT_EQ(BadRequest(Parts(), "{\"name\":\"\xff\",\"identification\":\"X\"}"), "Request body is not valid UTF-8");
  EXPECT_EQ(BadRequest(Parts(), "{\"name\":\"\xC0\xAF\",\"identification\":\"X\"}"), "Request body is not valid UTF-8");
  EXPECT_EQ(BadRequest(Parts(), "{\"n\xe9\":1}"), "Request body is not valid UTF-8");
}

TEST(ValidateTest, NonObjectBodyIsABadRequest) {
  for (const char* body : {"[]", "1", "\"text\"", "null", "true", "[{\"name\":\"x\"}]"})
    EXPECT_EQ(BadRequest(Parts(), body), "Request body must be a JSON object") << body;
}

// --- ValidateArray -------------------------------------------------------------

TEST(ValidateArrayTest, AcceptsValidRows) {
  auto rows = ValidateArray(Parts(), "[" + Part() + R"(,{"name":"Nut","identification":"N-1","unit_type":"LENGTH"}])",
                            Mode::kCreate, 10);
  ASSERT_TRUE(rows) << Describe(rows.error());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(Str((*rows)[0], Parts(), "name"), "Bolt");
  EXPECT_EQ(Str((*rows)[1], Parts(), "identification"), "N-1");
  EXPECT_EQ(Str((*rows)[1], Parts(), "unit_type"), "Length");
  EXPECT_EQ(Int((*rows)[1], Parts(), "is_finished_product"), 1);
}

TEST(ValidateArrayTest, ReportsBadRowsWithTheirIndex) {
  std::string body = "[" + Part() + R"(,{"identification":"X"},)" + Part() +
                     R"(,{"name":"n","identification":"i","is_activity":"x","colour":1}])";
  auto rows = ValidateArray(Parts(), body, Mode::kCreate, 10);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kValidation);
  EXPECT_EQ(rows.error().message, "2 of 4 rows are invalid; nothing was written");
  ASSERT_EQ(rows.error().rows.size(), 2u);
  EXPECT_EQ(rows.error().rows[0].index, 1u);
  EXPECT_EQ(rows.error().rows[0].fields, (FieldErrors{{"name", {"is required"}}}));
  EXPECT_EQ(rows.error().rows[1].index, 3u);
  EXPECT_EQ(rows.error().rows[1].fields,
            (FieldErrors{{"colour", {"is not a field of part"}}, {"is_activity", {"must be a boolean"}}}));
  EXPECT_TRUE(rows.error().fields.empty());
}

TEST(ValidateArrayTest, NonObjectRowsAreRowErrors) {
  auto rows = ValidateArray(Parts(), "[" + Part() + R"(,1,"x",[1,{}]])", Mode::kCreate, 10);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kValidation);
  ASSERT_EQ(rows.error().rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(rows.error().rows[i].index, i + 1);
    EXPECT_EQ(rows.error().rows[i].fields, (FieldErrors{{"_row", {"must be a JSON object"}}}));
  }
}

TEST(ValidateArrayTest, MaxRows) {
  std::string two = "[" + Part() + "," + Part() + "]";
  std::string three = "[" + Part() + "," + Part() + "," + Part() + "]";
  auto ok = ValidateArray(Parts(), two, Mode::kCreate, 2);
  ASSERT_TRUE(ok) << Describe(ok.error());
  EXPECT_EQ(ok->size(), 2u);
  auto too_many = ValidateArray(Parts(), three, Mode::kCreate, 2);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kValidation);
  EXPECT_EQ(too_many.error().message, "A bulk request takes at most 2 rows");
}

TEST(ValidateArrayTest, EmptyArrayIsAValidationError) {
  auto rows = ValidateArray(Parts(), " [ ] ", Mode::kCreate, 10);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kValidation);
  EXPECT_EQ(rows.error().message, "A bulk request needs at least one row");
}

TEST(ValidateArrayTest, ReplaceNeedsAnIdPerRow) {
  std::string body = R"([{"id":5,"name":"a","identification":"A"},{"name":"b","identification":"B"},)"
                     R"({"id":"6","name":"c","identification":"C"},{"id":-1,"name":"d","identification":"D"}])";
  auto rows = ValidateArray(Parts(), body, Mode::kReplace, 10);
  ASSERT_FALSE(rows);
  ASSERT_EQ(rows.error().rows.size(), 3u) << Describe(rows.error());
  EXPECT_EQ(rows.error().rows[0].index, 1u);
  EXPECT_EQ(rows.error().rows[0].fields, (FieldErrors{{"id", {"is required"}}}));
  EXPECT_EQ(rows.error().rows[1].index, 2u);
  EXPECT_EQ(rows.error().rows[1].fields, (FieldErrors{{"id", {"must be a positive integer"}}}));
  EXPECT_EQ(rows.error().rows[2].index, 3u);
  EXPECT_EQ(rows.error().rows[2].fields, (FieldErrors{{"id", {"must be a positive integer"}}}));

  auto good = ValidateArray(Parts(), R"([{"id":5,"name":"a","identification":"A"},{"name":"b","identification":"B","id":9}])",
                            Mode::kReplace, 10);
  ASSERT_TRUE(good) << Describe(good.error());
  EXPECT_EQ((*good)[0].id, 5);
  EXPECT_EQ((*good)[1].id, 9);
}

TEST(ValidateArrayTest, CreateIgnoresIds) {
  auto rows = ValidateArray(Parts(), R"([{"id":5,"name":"a","identification":"A"}])", Mode::kCreate, 10);
  ASSERT_TRUE(rows) << Describe(rows.error());
  EXPECT_EQ((*rows)[0].id, 0);
}

TEST(ValidateArrayTest, MalformedOrNonArrayBodiesAreBadRequests) {
  for (const char* body : {"[", "[{", "[{}", "[{},]", "[1,,2]", "[] x", "[{\"name\":}]", "[\xff]"}) {
    auto rows = ValidateArray(Parts(), body, Mode::kCreate, 10);
    ASSERT_FALSE(rows) << body;
    EXPECT_EQ(rows.error().code, ErrorCode::kBadRequest) << body << " -> " << Describe(rows.error());
  }
  for (const char* body : {"{}", "1", "null"}) {
    auto rows = ValidateArray(Parts(), body, Mode::kCreate, 10);
    ASSERT_FALSE(rows) << body;
    EXPECT_EQ(rows.error().code, ErrorCode::kBadRequest) << body;
    EXPECT_EQ(rows.error().message, "Request body must be a JSON array of objects") << body;
  }
}

// Form bodies (seed 002's shipments): text becomes the declared JSON type.
TEST(ValidateTest, FormBodiesTakeTheDeclaredTypes) {
  std::vector<std::pair<std::string, std::string>> form = {
      {"name", "Bolt"}, {"identification", "00123"}, {"is_activity", "1"}, {"supplier_id", "SUP-9"},
      {"density", "0.5"}, {"company_id", "7"}, {"unit_type", ""}};
  auto rec = ValidateForm(Parts(), form, Mode::kCreate);
  ASSERT_TRUE(rec) << rec.error().message;
  EXPECT_EQ(Str(*rec, Parts(), "identification"), "00123");  // a string field keeps its text
  EXPECT_EQ(Int(*rec, Parts(), "is_activity"), 1);
  EXPECT_EQ(Str(*rec, Parts(), "supplier_id"), "SUP-9");      // an external id
  EXPECT_EQ(Int(*rec, Parts(), "company_id"), 7);
  EXPECT_EQ(std::get<double>(rec->values[Idx(Parts(), "density")]), 0.5);
  EXPECT_TRUE(storage::IsNull(rec->values[Idx(Parts(), "unit_type")]));
  std::vector<std::pair<std::string, std::string>> bad = {{"name", "B"}, {"identification", "X"},
                                                          {"is_activity", "yes"}, {"density", "1.2.3"}, {"colour", "red"}};
  auto refused = ValidateForm(Parts(), bad, Mode::kCreate);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields, (FieldErrors{{"colour", {"is not a field of part"}},
                                                 {"density", {"must be a number"}},
                                                 {"is_activity", {"must be a boolean"}}}));
}

// Aliases: the other names a seed's client sends (SIGHT's camelCase), read
// into the declared field; read-only fields echoed back are ignored.
TEST(ValidateTest, AliasesAndReadOnlyFields) {
  static const Resource r = [] {
    Resource o{"orders", "order", "Test-only resource.", {}, false};
    o.fields = {Field::String("po_number").Required().Alias("poNumber"), Field::Date("delivery_date").Alias("deliveryDate"),
                Field::Enum("status", {"open", "closed"}).ReadOnly().Default(std::string("open"))};
    return o;
  }();
  Record rec = Valid(r, R"({"poNumber":"PO-1","deliveryDate":"2024-05-01T00:00:00.000Z","status":"closed"})");
  EXPECT_EQ(Str(rec, r, "po_number"), "PO-1");
  EXPECT_EQ(Str(rec, r, "delivery_date"), "2024-05-01");
  EXPECT_EQ(Str(rec, r, "status"), "open");  // server-set: the default, not what was echoed
  EXPECT_FALSE(rec.present[Idx(r, "status")]);
  EXPECT_EQ(Invalid(r, R"({"po_number":"A","poNumber":"B"})"), (FieldErrors{{"po_number", {"is given more than once"}}}));
}

// Child collections arrive embedded and are validated like any field, with
// messages naming the row.
TEST(ValidateTest, EmbeddedChildrenAreValidatedRowByRow) {
  const Resource& spec = resources::Specifications();
  Record rec = Valid(spec, R"({"identification":"S","name":"n","characteristics":[{"name":"a","lower_limit":1},{"name":"b"}]})");
  ASSERT_EQ(rec.children.size(), 1u);
  EXPECT_TRUE(rec.children[0].present);
  EXPECT_EQ(rec.children[0].rows.size(), 2u);
  EXPECT_EQ(Invalid(spec, R"({"identification":"S","name":"n","characteristics":[{"name":"a"},{"kind":"weird"}]})"),
            (FieldErrors{{"characteristics[1].kind", {"must be one of: measured attribute"}},
                         {"characteristics[1].name", {"is required"}}}));
  EXPECT_EQ(Invalid(spec, R"({"identification":"S","name":"n","characteristics":{"name":"a"}})"),
            (FieldErrors{{"characteristics", {"must be an array of objects"}}}));
}

}  // namespace
}  // namespace supplyhub::schema
