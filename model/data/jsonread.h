#pragma once
// Typed, checked reads from a JSON object: every failure names the file and the field path.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.h"

namespace ff {

// The length of the control sequence at s[i] (0: none; 1: a C0 control or DEL; 2: a C1 control,
// U+0080..U+009F, 0xC2 0x80..0x9F in UTF-8). The one rule printable() escapes by and
// hasControlCharacters() asks.
inline int controlLength(const std::string &s, std::size_t i, bool keepNewlines)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && !(keepNewlines && c == '\n')) || c == 0x7F)
        return 1;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
        return 2;
    return 0;
}

// Whether printable(s, keepNewlines) would change s, found without building the copy: every string
// field of every data file is asked.
inline bool hasControlCharacters(const std::string &s, bool keepNewlines)
{
    for (std::size_t i = 0; i < s.size(); ++i)
        if (controlLength(s, i, keepNewlines) > 0)
            return true;
    return false;
}

class JsonObject {
public:
    JsonObject(const nlohmann::json &j, std::string file, std::string path)
        : mJ(j), mFile(std::move(file)), mPath(std::move(path))
    {
        if (!mJ.is_object())
            fail(mPath.empty() ? "(top level)" : mPath, "expected an object");
    }

    const nlohmann::json &json() const { return mJ; }
    const std::string &file() const { return mFile; }
    std::string field(const std::string &key) const { return mPath.empty() ? key : mPath + "." + key; }

    [[noreturn]] void fail(const std::string &field, const std::string &what) const
    {
        throw DataError(mFile, field, what);
    }

    bool has(const std::string &key) const
    {
        const auto it = mJ.find(key);
        return it != mJ.end() && !it->is_null();
    }

    const nlohmann::json &raw(const std::string &key) const
    {
        const nlohmann::json *v = lookup(key);
        if (!v)
            fail(field(key), "missing field");
        return *v;
    }

    std::string str(const std::string &key) const { return strOf(raw(key), key); }

    std::string optStr(const std::string &key, const std::string &def = {}) const
    {
        const nlohmann::json *v = lookup(key);
        if (!v || v->is_null())
            return def;
        return strOf(*v, key);
    }

    double num(const std::string &key, double lo = -1e300, double hi = 1e300) const
    {
        const auto &v = raw(key);
        return checkNum(v, key, lo, hi);
    }

    std::optional<double> optNum(const std::string &key, double lo = -1e300, double hi = 1e300) const
    {
        const nlohmann::json *v = lookup(key);
        if (!v || v->is_null())
            return std::nullopt;
        return checkNum(*v, key, lo, hi);
    }

    bool boolean(const std::string &key, bool def) const
    {
        const nlohmann::json *v = lookup(key);
        if (!v || v->is_null())
            return def;
        if (!v->is_boolean())
            fail(field(key), "expected true or false");
        return v->get<bool>();
    }

    double date(const std::string &key) const;

    // An array of at most maxItems entries (a bound that keeps the model's cost in check; see
    // data/README.md).
    const nlohmann::json &array(const std::string &key, bool allowEmpty = false, std::size_t maxItems = kMaxArrayItems) const
    {
        const auto &v = raw(key);
        if (!v.is_array())
            fail(field(key), "expected an array");
        if (!allowEmpty && v.empty())
            fail(field(key), "expected a non-empty array");
        if (v.size() > maxItems)
            fail(field(key), std::to_string(v.size()) + " entries, more than the " + std::to_string(maxItems) +
                                 " this file may have");
        return v;
    }

    static constexpr std::size_t kMaxArrayItems = 10000;

    JsonObject object(const std::string &key) const { return JsonObject(raw(key), mFile, field(key)); }

    // Names of fields present but never read: reported as warnings (a typo in a field name).
    void warnUnknown(std::vector<std::string> &warnings, const std::set<std::string> &alsoAllowed = {}) const
    {
        for (auto it = mJ.begin(); it != mJ.end(); ++it) {
            const std::string &k = it.key();
            if (std::find(mSeen.begin(), mSeen.end(), &k) != mSeen.end() || alsoAllowed.count(k))
                continue;
            if (k.size() > 5 && k.compare(k.size() - 5, 5, "_note") == 0)
                continue; // *_note fields explain nulls
            if (k == "notes" || k == "comment")
                continue;
            warnings.push_back(printable(mFile) + ": " + printable(field(k)) + ": unknown field (ignored)");
        }
    }

private:
    // The value of a present field, marked as read (by the address of the object's own key: stable,
    // and no copy of the name); nullptr when absent. One lookup where has() and at() made two.
    const nlohmann::json *lookup(const std::string &key) const
    {
        const auto it = mJ.find(key);
        if (it == mJ.end())
            return nullptr;
        mSeen.push_back(&it.key());
        return &*it;
    }

    std::string strOf(const nlohmann::json &v, const std::string &key) const
    {
        if (!v.is_string())
            fail(field(key), "expected a string");
        std::string s = v.get<std::string>();
        // Names and labels end up on terminals and in CSV: no escape sequences, NULs or the like.
        if (hasControlCharacters(s, true))
            fail(field(key), "control characters are not allowed in text: \"" + printable(s) + "\"");
        return s;
    }

    double checkNum(const nlohmann::json &v, const std::string &key, double lo, double hi) const
    {
        if (!v.is_number())
            fail(field(key), v.is_null() ? "missing value (null)" : "expected a number");
        const double x = v.get<double>();
        if (!std::isfinite(x))
            fail(field(key), "expected a finite number");
        if (x < lo || x > hi)
            fail(field(key), "value " + fmt(x) + " out of range [" + fmt(lo) + ", " + fmt(hi) + "]");
        return x;
    }
    static std::string fmt(double x);

    const nlohmann::json &mJ;
    std::string mFile;
    std::string mPath;
    mutable std::vector<const std::string *> mSeen; // the keys read (addresses of mJ's own keys)
};

} // namespace ff
