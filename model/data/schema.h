#pragma once
// One declarative table per record kind of a data file: each field's name, type, range, whether it is
// required, its unit and what it means. The same table reads the record (JsonObject, so every error
// still names the file and the field) and writes the field table of data/README.md
// (tools/schema.cpp; tst_data fails when the README's table differs). Rules across fields (a figure
// that needs its source, a date that depends on another field) stay in code beside the table: a field
// such a rule reads has no member here, and its `need` says "rule" with the rule in words.
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <variant>
#include <vector>

#include "data/jsonread.h"

namespace ff::schema {

// Object and List: a nested record or an array, read by code beside the table (its doc says what it holds).
enum class Type { Text, Number, Date, Flag, Choice, Object, List };
enum class Need { Required, Optional, Rule };

template <class T>
using Member = std::variant<std::string T::*, double T::*, std::optional<double> T::*, bool T::*, int T::*>;

template <class T>
struct Field {
    std::string name;
    Type type = Type::Text;
    Need need = Need::Required;
    std::optional<Member<T>> member; // nullopt: read by a rule in code beside the table
    double lo = -1e300;              // Number: the accepted range
    double hi = 1e300;
    std::string unit;                // Number: its unit
    std::string doc;                 // what it means; for Need::Rule, the rule
    bool nonEmpty = false;           // Text: an empty string is an error
    std::vector<std::string> choices; // Choice: the accepted values
    double def = 0;                   // an Optional number read into a plain number or count, or a Flag: its value when absent
};

// Field builders for the common cases (the aggregate spelled out is long).
template <class T, class M>
Field<T> text(std::string name, M T::*m, std::string doc, Need need = Need::Required)
{
    Field<T> f;
    f.name = std::move(name);
    f.member = Member<T>(m);
    f.doc = std::move(doc);
    f.need = need;
    return f;
}

template <class T, class M>
Field<T> number(std::string name, M T::*m, double lo, double hi, std::string unit, std::string doc, Need need = Need::Required,
                double def = 0)
{
    Field<T> f;
    f.name = std::move(name);
    f.type = Type::Number;
    f.member = Member<T>(m);
    f.lo = lo;
    f.hi = hi;
    f.unit = std::move(unit);
    f.doc = std::move(doc);
    f.need = need;
    f.def = def;
    return f;
}

// The table read once per record: fields with a member are read into `out`, in table order.
template <class T>
void read(const JsonObject &o, const std::vector<Field<T>> &fields, T &out);

// The record as JSON, fields in table order; `round` is applied to every stored number (a file's
// convention, e.g. six significant digits), optional text is written only when not empty.
template <class T, class Json, class Round>
Json write(const std::vector<Field<T>> &fields, const T &in, Round round);

// A Choice field's value, checked against its table entry ("expected "a", "b" or "c", got ..." names the
// file and the field); the second form returns `absent` when the field is absent or null.
template <class T>
std::string choice(const JsonObject &o, const std::vector<Field<T>> &fields, const std::string &name);
template <class T>
std::string choice(const JsonObject &o, const std::vector<Field<T>> &fields, const std::string &name, const std::string &absent);

// A field's entry (its range, unit, ...), for code that reads the same field from another format
// (the CSV importers): throws std::logic_error for a name the table does not have.
template <class T>
const Field<T> &field(const std::vector<Field<T>> &fields, const std::string &name)
{
    for (const auto &f : fields) {
        if (f.name == name)
            return f;
    }
    throw std::logic_error("schema: no field " + name);
}

// Every field name of the table (what warnUnknown accepts beside the fields read).
template <class T>
std::set<std::string> names(const std::vector<Field<T>> &fields)
{
    std::set<std::string> s;
    for (const auto &f : fields)
        s.insert(f.name);
    return s;
}

// The table as a Markdown table (field, type, unit, range, required, meaning).
template <class T>
std::string markdown(const std::vector<Field<T>> &fields);

// ---- implementation ----
namespace detail {

std::string number(double x); // shortest round-trip form, as the README shows it
std::string cell(const std::string &s); // escapes '|' for a Markdown cell
// "a, b or c", each choice between `open` and `close`.
inline std::string choiceList(const std::vector<std::string> &choices, const std::string &open, const std::string &close)
{
    std::string s;
    for (std::size_t i = 0; i < choices.size(); ++i)
        s += (i ? (i + 1 == choices.size() ? " or " : ", ") : "") + open + choices[i] + close;
    return s;
}

template <class T>
void readInto(const JsonObject &o, const Field<T> &f, std::string &v)
{
    v = f.need == Need::Required ? o.str(f.name) : o.optStr(f.name);
    if (f.nonEmpty && v.empty())
        o.fail(o.field(f.name), f.name == "source" ? "every entry needs a source" : "expected a non-empty " + f.name);
}

template <class T>
void readInto(const JsonObject &o, const Field<T> &f, double &v)
{
    if (f.type == Type::Date)
        v = o.date(f.name);
    else
        v = f.need == Need::Optional ? o.optNum(f.name, f.lo, f.hi).value_or(f.def) : o.num(f.name, f.lo, f.hi);
}

template <class T>
void readInto(const JsonObject &o, const Field<T> &f, int &v)
{
    double x = 0;
    readInto(o, f, x);
    v = static_cast<int>(x);
}

template <class T>
void readInto(const JsonObject &o, const Field<T> &f, std::optional<double> &v)
{
    v = o.optNum(f.name, f.lo, f.hi);
}

template <class T>
void readInto(const JsonObject &o, const Field<T> &f, bool &v)
{
    v = o.boolean(f.name, f.def != 0);
}

template <class T>
void check(const JsonObject &o, const Field<T> &f)
{
    if (!o.has(f.name))
        return;
    switch (f.type) {
    case Type::Text:
        o.optStr(f.name);
        break;
    case Type::Number:
        o.optNum(f.name, f.lo, f.hi);
        break;
    case Type::Flag:
        o.boolean(f.name, false);
        break;
    case Type::Date:
        o.date(f.name);
        break;
    case Type::Choice:
    case Type::Object:
    case Type::List:
        break; // read by code beside the table
    }
}

template <class T>
std::string typeText(const Field<T> &f)
{
    switch (f.type) {
    case Type::Text:
        return "text";
    case Type::Number: {
        if (f.member && std::holds_alternative<std::optional<double> T::*>(*f.member))
            return "number or null";
        const std::string base = f.member && std::holds_alternative<int T::*>(*f.member) ? "whole number" : "number";
        return f.member && f.need == Need::Optional ? base + " (absent: " + number(f.def) + ")" : base;
    }
    case Type::Date:
        return "date (YYYY, YYYY-MM or YYYY-MM-DD)";
    case Type::Flag:
        return f.def != 0 ? "true or false (default true)" : "true or false (default false)";
    case Type::Object:
        return "object";
    case Type::List:
        return "array";
    case Type::Choice:
        return choiceList(f.choices, "`\"", "\"`");
    }
    return {};
}

} // namespace detail

template <class T>
void read(const JsonObject &o, const std::vector<Field<T>> &fields, T &out)
{
    for (const auto &f : fields) {
        if (f.member)
            std::visit([&](auto m) { detail::readInto(o, f, out.*m); }, *f.member);
        else if (f.need == Need::Optional)
            detail::check(o, f); // kept for provenance, not read: still of its documented type
    }
}

template <class T, class Json, class Round>
Json write(const std::vector<Field<T>> &fields, const T &in, Round round)
{
    Json j = Json::object();
    for (const auto &f : fields) {
        if (!f.member)
            continue;
        std::visit(
            [&](auto m) {
                using V = std::decay_t<decltype(in.*m)>;
                const V &v = in.*m;
                if constexpr (std::is_same_v<V, std::string>) {
                    if (f.need == Need::Required || !v.empty())
                        j[f.name] = v;
                } else if constexpr (std::is_same_v<V, double>) {
                    j[f.name] = round(v);
                } else if constexpr (std::is_same_v<V, std::optional<double>>) {
                    j[f.name] = v ? Json(round(*v)) : Json(nullptr);
                } else {
                    j[f.name] = v; // bool, int
                }
            },
            *f.member);
    }
    return j;
}

template <class T>
std::string choice(const JsonObject &o, const std::vector<Field<T>> &fields, const std::string &name, const std::string &absent)
{
    return o.has(name) ? choice(o, fields, name) : absent;
}

template <class T>
std::string choice(const JsonObject &o, const std::vector<Field<T>> &fields, const std::string &name)
{
    for (const auto &f : fields) {
        if (f.name != name)
            continue;
        const std::string v = o.str(name);
        for (const auto &c : f.choices) {
            if (c == v)
                return v;
        }
        o.fail(o.field(name), "expected " + detail::choiceList(f.choices, "\"", "\"") + ", got \"" + v + "\"");
    }
    o.fail(o.field(name), "not in the schema (a programming error)");
}

template <class T>
std::string markdown(const std::vector<Field<T>> &fields)
{
    std::string s = "| Field | Type | Unit | Range | Required | Meaning |\n|---|---|---|---|---|---|\n";
    for (const auto &f : fields) {
        const bool ranged = f.type == Type::Number && (f.lo > -1e300 || f.hi < 1e300);
        // A calendar year reads as 2100, not 2,100: grouped digits only for quantities.
        const auto num = [&f](double x) {
            return f.unit == "year" && x == static_cast<long long>(x) ? std::to_string(static_cast<long long>(x)) : detail::number(x);
        };
        const std::string range = ranged ? num(f.lo) + " to " + num(f.hi) : "";
        const char *need = f.need == Need::Required ? "yes" : f.need == Need::Optional ? "no" : "by rule";
        s += "| `" + f.name + "` | " + detail::cell(detail::typeText(f)) + " | " + detail::cell(f.unit) + " | " + range +
             " | " + need + " | " + detail::cell(f.doc) + " |\n";
    }
    return s;
}

} // namespace ff::schema
