#pragma once
// Dated price observations (data/prices.json): what a part cost at the shops over time, new or
// used, and what desktop RAM cost per GB. model/market/market.cpp interpolates them (log-linear) and
// extrapolates past the last one by the price-trend assumption.
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ff {

struct DataSet;

enum class PriceKind { Launch, Street, Used };
const char *priceKindName(PriceKind k);

struct PriceObservation {
    double t = 0;     // fractional year
    double usd = 0;   // the price (USD per unit; per GB for RAM)
    PriceKind kind = PriceKind::Street;
    std::string source;
    std::string origin; // empty: shipped; else "imported from FILE on DATE" (model/files/userdata.h)
    // The range the page gives (prices.json range_usd; the price taken is its low end or within it);
    // both 0 when the page gives one price. Shown in Help > Data Sources, not used by the market.
    double rangeLowUsd = 0, rangeHighUsd = 0;
};

// One part's price path: its launch (from hardware.json) then the observations of prices.json,
// sorted by date. Where several observations share a date the lowest counts (the buyer's price).
struct PriceSeries {
    std::string name;
    std::vector<PriceObservation> obs;
    std::vector<double> t, logUsd; // the knots the market interpolates (one per distinct date)
    // When new supply ended (the part is sold only used from then); +inf: still sold new.
    double newSupplyEnded = std::numeric_limits<double>::infinity();
    std::string newSupplyEndedSource;
    // The number of knots known at `asOf` (observations dated after it are unknown in a hindcast).
    int knotsBy(double asOf) const;
    // Price at t from the knots known at asOf; past the last one it changes by exp(trendLog) a year.
    double at(double time, double asOf, double trendLog) const;
    void finish(); // sorts the observations and builds the knots
};

// Whether a product line (hardware.json `family`) goes on: only a continuing line gets successors.
enum class LineStatus { Continues, Ended, NotProjected };
struct ProductLine {
    std::string family;
    LineStatus status = LineStatus::NotProjected;
    double ended = std::numeric_limits<double>::infinity(); // Ended: the month it ended
    std::string source, reason;
    // Whether its successors are trended at asOf (an ended line only in a hindcast before its end).
    bool projectedAt(double asOf) const { return status == LineStatus::Continues || (status == LineStatus::Ended && asOf < ended); }
};
const char *lineStatusName(LineStatus s);

struct PriceBook {
    std::vector<PriceSeries> parts; // aligned with DataSet::parts (empty for a part without a launch price)
    std::vector<ProductLine> lines; // prices.json product_lines
    const ProductLine *line(const std::string &family) const;
    PriceSeries ramUsdPerGb;        // desktop DDR5, USD per GB
    std::string source;
};

// Reads data/prices.json into out.prices (hardware.json must be parsed first: observations name
// its parts, and each part's launch price is its first observation). Throws DataError.
void parsePrices(const nlohmann::json &j, const std::string &file, DataSet &out);
// Builds a launch-only series for every priced part (what parsePrices starts from).
void launchPrices(DataSet &out);
// Imported prices (the user data layer, model/files/userdata.h): rows shaped as prices.json's "parts"
// entries ({"part", "observations": [{"date", "usd", "kind", "source"}], optional
// "new_supply_ended" with "new_supply_ended_source"), checked as parsePrices checks them and added
// to the named parts' series (which must be in out.parts with a launch price). `field` prefixes
// the fields in messages ("prices"); each added observation carries `origin`. Throws DataError.
void addPriceRows(const nlohmann::json &rows, const std::string &file, const std::string &field, const std::string &origin, DataSet &out);

} // namespace ff
