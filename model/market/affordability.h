#pragma once
// Price paths and the months a configuration is within budget (market.cpp's affordability windows):
// internal to the market, split out of market.cpp to keep it readable. Nothing here is API.
#include <algorithm>
#include <cmath>
#include <vector>

#include "market/market.h"

namespace ff::pricing {

// A log-linear price path through knots (t[i], lp[i] = ln USD), flat before the first, changing by
// exp(g) a year after the last.
double pathAt(const double *t, const double *lp, int n, double time, double g);

struct Path {
    const double *t = nullptr;
    const double *lp = nullptr;
    int n = 0;
    double at(double time, double g) const { return n > 0 ? pathAt(t, lp, n, time, g) : 0.0; }
};

// ln of the path's price at `time` (pathAt without the exponential).
double logAt(const Path &p, double time, double g);
// The lowest and highest price on [a, b]: log-linear between knots, so at a, at b or at a knot between.
double minOver(const Path &p, double a, double b, double g);
double maxOver(const Path &p, double a, double b, double g);
// A series' dated knots up to `cutoff` (at least the first).
Path knownPath(const PriceSeries *s, double cutoff);

// One part's price path on [start, end]: the ends and every knot of the card and RAM paths between
// them, each with the price of one card and of one GB of RAM there. The same for every count and RAM
// tier of the part, so built once per part (and only when a count or tier needs the walk), not per
// configuration: affordableWindows below prices a configuration's knots by two multiplications.
struct KnotPrices {
    std::vector<double> x, card, ram;
};

// Path::at for times that only grow: the segment is found from the last one, not from the first knot
// (the same segment and the same arithmetic as pathAt, so the same value).
struct PathCursor {
    const Path &p;
    int i = 0;
    double at(double time, double g)
    {
        if (p.n == 0)
            return 0.0;
        const double *t = p.t, *lp = p.lp;
        if (time <= t[0])
            return std::exp(lp[0]);
        if (time >= t[p.n - 1])
            return std::exp(lp[p.n - 1] + g * (time - t[p.n - 1]));
        while (t[i + 1] < time)
            ++i;
        return std::exp(lp[i] + (time - t[i]) / (t[i + 1] - t[i]) * (lp[i + 1] - lp[i]));
    }
};

void knotPrices(const Path &card, const Path &ram, double start, double end, double g, KnotPrices &out);

// The stretches of [start, end] in which n cards on the path `card` (plus, for a GPU box, the fixed
// host and ramGb of RAM on the RAM path) cost at most the budget, into out (at most maxOut; returns
// how many). Both paths are log-linear between their knots and change by exp(g) a year after their
// last, so between two consecutive knots (of either path) the cost is C e^(sc x) + R e^(sr x) +
// fixed, convex: its affordable part on a segment is one interval (empty, the whole segment, from a
// crossing, up to a crossing, or between two around an interior minimum). Each crossing is bisected;
// touching intervals are merged. Prices that rise and fall (DRAM in 2025-26) give several windows.
// `knots` (knotPrices on [start, end]) is built by `prices` when first needed.
template <class Knots>
int affordableWindows(const Knots &prices, double n, double ramGb, double fixed, double budget, double start, double end,
                      double ramMin, double ramMax, double cardMin, double cardMax, AffordableWindow *out, int maxOut)
{
    if (fixed >= budget || !(start <= end) || maxOut <= 0)
        return 0;
    // Never within budget on [start, end] when even the lowest card price on the way (cardMin) and the
    // lowest RAM price anywhere (ramMin) are over it; within it all the way when even the highest are
    // (most older parts): no walk over the knots either way.
    if (n * cardMin + ramGb * ramMin + fixed > budget)
        return 0;
    if (n * cardMax + ramGb * ramMax + fixed <= budget) {
        out[0] = {start, end};
        return 1;
    }
    int k = 0;
    const auto add = [&](double a, double b) {
        if (k > 0 && a <= out[k - 1].to + 1e-9)
            out[k - 1].to = std::max(out[k - 1].to, b);
        else if (k < maxOut)
            out[k++] = {a, b};
    };
    // Each segment's ends priced once (the card and RAM terms kept apart).
    struct End {
        double x, c, r;
    };
    const KnotPrices &knots = prices();
    const auto at = [&](std::size_t m) { return End{knots.x[m], n * knots.card[m], ramGb * knots.ram[m]}; };
    const double over = budget - fixed; // what the card and RAM terms may cost together
    const auto segment = [&](const End &e0, const End &e1) {
        const double x0 = e0.x, x1 = e1.x, len = x1 - x0;
        const bool ok0 = e0.c + e0.r <= over, ok1 = e1.c + e1.r <= over;
        if (ok0 && ok1) {
            add(x0, x1);
            return;
        }
        if (!(len > 0)) {
            if (ok0 || ok1)
                add(x0, x1);
            return;
        }
        // Both ends over and even the lower of each term's ends over together: nothing inside (convex
        // terms; asked before the slopes, which cost two logarithms).
        if (!ok0 && !ok1 && std::min(e0.c, e1.c) + std::min(e0.r, e1.r) > over)
            return;
        // On the segment the terms are C e^(sc x) + R e^(sr x) (x from x0): convex, so Newton from an
        // end that is over the budget never passes the crossing on its side, and converges in a few steps.
        const double sc = e0.c > 0 ? std::log(e1.c / e0.c) / len : 0.0, sr = e0.r > 0 ? std::log(e1.r / e0.r) / len : 0.0;
        const auto f = [&](double x) { return e0.c * std::exp(sc * x) + e0.r * std::exp(sr * x) - over; };
        const auto newton = [&](double x, double lo, double hi) {
            for (int it = 0; it < 40; ++it) {
                // f and its slope from the same two exponentials
                const double ec = std::exp(sc * x), er = std::exp(sr * x);
                const double v = e0.c * ec + e0.r * er - over;
                if (v <= 1e-9 * budget)
                    break;
                const double d = e0.c * sc * ec + e0.r * sr * er;
                if (d == 0)
                    break;
                x = std::min(hi, std::max(lo, x - v / d));
            }
            return x;
        };
        if (ok0) {
            add(x0, x0 + newton(len, 0, len)); // affordable, then over: from the right end
        } else if (ok1) {
            add(x0 + newton(0, 0, len), x1); // over, then affordable: from the left end
        } else {
            // Both ends over: affordable inside only around an interior minimum, where the two terms'
            // slopes cancel (they must run in opposite directions).
            if (!(sc * sr < 0) || std::min(e0.c, e1.c) + std::min(e0.r, e1.r) > over)
                return;
            const double m = std::log(-(e0.r * sr) / (e0.c * sc)) / (sc - sr);
            if (!(m > 0 && m < len) || f(m) > 0)
                return;
            add(x0 + newton(0, 0, m), x0 + newton(len, m, len));
        }
    };
    End last = at(0);
    for (std::size_t m = 1; m < knots.x.size(); ++m) {
        const End e = at(m);
        segment(last, e);
        last = e;
    }
    return k;
}

} // namespace ff::pricing
