#include "market/affordability.h"

#include <algorithm>

namespace ff::pricing {

// A log-linear price path through knots (t[i], lp[i] = ln USD), flat before the first, changing by
// exp(g) a year after the last.
double pathAt(const double *t, const double *lp, int n, double time, double g)
{
    if (time <= t[0])
        return std::exp(lp[0]);
    if (time >= t[n - 1])
        return std::exp(lp[n - 1] + g * (time - t[n - 1]));
    int i = 0;
    while (t[i + 1] < time)
        ++i;
    return std::exp(lp[i] + (time - t[i]) / (t[i + 1] - t[i]) * (lp[i + 1] - lp[i]));
}

// ln of the path's price at `time` (pathAt without the exponential).
double logAt(const Path &p, double time, double g)
{
    if (time <= p.t[0])
        return p.lp[0];
    if (time >= p.t[p.n - 1])
        return p.lp[p.n - 1] + g * (time - p.t[p.n - 1]);
    int i = 0;
    while (p.t[i + 1] < time)
        ++i;
    return p.lp[i] + (time - p.t[i]) / (p.t[i + 1] - p.t[i]) * (p.lp[i + 1] - p.lp[i]);
}

// The lowest price on [a, b]: log-linear between knots, so at a, at b or at a knot between.
double minOver(const Path &p, double a, double b, double g)
{
    if (p.n == 0)
        return 0.0;
    double m = std::min(logAt(p, a, g), logAt(p, b, g));
    for (int i = 0; i < p.n; ++i)
        if (p.t[i] > a && p.t[i] < b)
            m = std::min(m, p.lp[i]);
    return std::exp(m);
}

// The highest price on [a, b] (as minOver).
double maxOver(const Path &p, double a, double b, double g)
{
    if (p.n == 0)
        return 0.0;
    double m = std::max(logAt(p, a, g), logAt(p, b, g));
    for (int i = 0; i < p.n; ++i)
        if (p.t[i] > a && p.t[i] < b)
            m = std::max(m, p.lp[i]);
    return std::exp(m);
}

Path knownPath(const PriceSeries *s, double cutoff)
{
    Path p;
    if (s && !s->t.empty()) {
        p.t = s->t.data();
        p.lp = s->logUsd.data();
        p.n = std::max(1, s->knotsBy(cutoff));
    }
    return p;
}

void knotPrices(const Path &card, const Path &ram, double start, double end, double g, KnotPrices &out)
{
    out.x.clear();
    out.card.clear();
    out.ram.clear();
    PathCursor cc{card}, rc{ram};
    const auto add = [&](double x) {
        out.x.push_back(x);
        out.card.push_back(cc.at(x, g));
        out.ram.push_back(rc.at(x, g));
    };
    add(start);
    double last = start;
    int i = 0, j = 0;
    while (i < card.n && card.t[i] <= start)
        ++i;
    while (j < ram.n && ram.t[j] <= start)
        ++j;
    while (i < card.n || j < ram.n) {
        double x;
        if (j >= ram.n || (i < card.n && card.t[i] <= ram.t[j]))
            x = card.t[i++];
        else
            x = ram.t[j++];
        if (x <= last)
            continue;
        if (x >= end)
            break;
        add(x);
        last = x;
    }
    add(end); // past the last knot before end (the tail: one exponential and the fixed terms)
}

} // namespace ff::pricing
