// The economics (model/report/economics.h): local cost per token from the data, break-even, economic parity.
#include <QtTest>

#include <cmath>
#include <random>

#include "report/economics.h"
#include "market/market.h"
#include "report/report.h"
#include "testutil.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

using namespace ff;

namespace {

const EconomicsRow *row(const EconomicsResult &x, const std::string &target, const std::string &profile)
{
    for (const auto &r : x.targets)
        if (r.target == target && r.profile.name == profile)
            return &r;
    return nullptr;
}

// The box a row's answer names, from the same market the economics use.
Box answerBox(const Engine &e, const Result &r, const std::string &label)
{
    const DataSet &d = e.data();
    const Params p = resolveParams(d, assumptionValues(d, r.scenario));
    const auto ctx = e.context(r.asOf, r.yardstick);
    std::vector<Box> boxes;
    const auto proj = e.projectedParts(r.scenario);
    buildBoxes(d, p, proj, ctx->asOf, r.budgetUsd, d.settings.horizonYear, BoxList::Unsorted, boxes);
    for (const Box &b : boxes)
        if (b.label() == label)
            return b;
    return Box{};
}

} // namespace

class TestEconomics : public QObject {
    Q_OBJECT

private slots:
    // The API side is the profile's tokens at the data's prices; the local side moves with the electricity
    // price by exactly its energy share, and nothing else moves.
    void costPerTokenFromData()
    {
        const Engine &e = fftest::shippedEngine();
        const DataSet &d = e.data();
        QVERIFY(d.economics);
        Scenario s;
        s.values["usage_profile"] = 1;
        const Result r = e.compute(s);
        const EconomicsResult x = computeEconomics(e, r, false);
        QVERIFY(x.available);
        const EconomicsRow *a = row(x, r.targetModel, "coding_agent");
        QVERIFY(a);
        QVERIFY(a->task.reached);
        const BoxEconomics &b = a->answerBox;
        QVERIFY2(b.costed, b.why.c_str());
        // API cost per million output tokens from economics.json, not from the code under test.
        const ApiPrice *price = d.economics->price(r.targetModel);
        QVERIFY(price);
        const UsageProfile &u = d.economics->profiles[1];
        const double apiPerDay = (u.inputPerDay * price->inputUsdPerMtok + u.cacheWritePerDay * price->cacheWriteUsdPerMtok +
                                  u.cachedInputPerDay * price->cacheReadUsdPerMtok + u.outputPerDay * price->outputUsdPerMtok) /
                                 1e6;
        QCOMPARE(b.apiUsdPerMtok, apiPerDay / (u.outputPerDay / 1e6));
        QVERIFY(b.energyUsdPerMtok > 0 && b.energyUsdPerMtok < b.localUsdPerMtok);

        // Electricity x 2.5: the local cost rises by 1.5 energy shares, the capital and API sides stay.
        const double kwh0 = d.assumption("electricity_usd_per_kwh")->value;
        Scenario s2 = s;
        s2.values["electricity_usd_per_kwh"] = kwh0 * 2.5;
        const Result r2 = e.compute(s2);
        const EconomicsResult x2 = computeEconomics(e, r2, false);
        const EconomicsRow *a2 = row(x2, r.targetModel, "coding_agent");
        QVERIFY(a2 && a2->answerBox.costed);
        const BoxEconomics &b2 = a2->answerBox;
        QCOMPARE(b2.box, b.box);
        QVERIFY(std::abs(b2.localUsdPerMtok - (b.localUsdPerMtok + 1.5 * b.energyUsdPerMtok)) < 1e-9 * b.localUsdPerMtok);
        QVERIFY(std::abs(b2.energyUsdPerMtok - 2.5 * b.energyUsdPerMtok) < 1e-9 * b.energyUsdPerMtok);
        QCOMPARE(b2.capitalUsdPerYear, b.capitalUsdPerYear);
        QCOMPARE(b2.apiUsdPerMtok, b.apiUsdPerMtok);
        // Break-even: the purchase over the monthly saving.
        QVERIFY(std::isfinite(b.breakEvenMonths));
        QVERIFY(std::abs(b.breakEvenMonths - b.purchaseUsd / ((b.apiUsdPerYear - b.energyUsdPerYear) / 12)) < 1e-9);
        QVERIFY(b2.breakEvenMonths > b.breakEvenMonths);
    }

    // A profile just beyond what the box serves in 24 hours at its speeds never breaks even; just within, it can.
    void breakEvenInfiniteWhenBoxCannotServe()
    {
        const Engine &e = fftest::shippedEngine();
        const DataSet &d = e.data();
        const Result r = e.compute(Scenario{});
        const EconomicsResult x = computeEconomics(e, r, false);
        const EconomicsRow *a = row(x, r.targetModel, "coding_agent");
        QVERIFY(a && a->answerBox.costed && a->answerBox.decodeTokensPerS > 0);
        const double perDay = a->answerBox.decodeTokensPerS * 86400;
        const Box box = answerBox(e, r, a->answerBox.box);
        QVERIFY(!box.label().empty());
        const auto ctx = e.context(r.asOf, r.yardstick);
        const std::vector<double> values = assumptionValues(d, r.scenario);
        const Params p = resolveParams(d, values);
        const EconomicsAssumptions ea = economicsAssumptions(d, values);
        const ApiPrice &price = *d.economics->price(r.targetModel);
        const ModelShape shape = answerShape(e, *ctx, p, a->task);
        UsageProfile u;
        u.name = u.label = "test";
        u.activeDaysPerYear = 365;
        u.outputPerDay = perDay * 1.01;
        const BoxEconomics over = boxEconomics(e, p, ea, u, price, box, shape, a->answerBox.t);
        QVERIFY(!over.canServe);
        QVERIFY(std::isinf(over.breakEvenMonths));
        QVERIFY(!over.cheaperOverLife);
        QCOMPARE(QString::fromStdString(breakEvenText(over)), QStringLiteral("cannot serve"));
        u.outputPerDay = perDay * 0.99;
        const BoxEconomics within = boxEconomics(e, p, ea, u, price, box, shape, a->answerBox.t);
        QVERIFY(within.canServe);
        QVERIFY(std::isfinite(within.breakEvenMonths)); // so much output pays the box back fast

        // Through the scenario: a custom profile the answer's box cannot serve has no economic parity on it.
        Scenario s;
        s.values["usage_profile"] = 2;
        s.values["custom_input_tokens_per_day"] = 0;
        s.values["custom_cached_input_tokens_per_day"] = 0;
        s.values["custom_output_tokens_per_day"] = 1e9;
        const Result rc = e.compute(s);
        const EconomicsResult xc = computeEconomics(e, rc, false);
        const EconomicsRow *c = xc.selected();
        QVERIFY(c && c->profile.name == "custom");
        QVERIFY(!c->answerBox.canServe);
        QVERIFY(std::isinf(c->answerBox.breakEvenMonths));
    }

    // Economic parity asks for more than task-level parity: never earlier, at the defaults, at every budget
    // and in random scenarios (the Economics assumptions drawn too).
    void economicParityNeverBeforeTaskParity()
    {
        const Engine &e = fftest::shippedEngine();
        std::vector<Scenario> scenarios = fftest::checkedScenarios(e);
        scenarios.resize(8);
        std::mt19937 rng(2911);
        for (std::size_t i = 1; i < scenarios.size(); ++i)
            for (const auto &a : e.data().assumptions)
                if (a.group == "Economics" && a.name.rfind("custom_", 0) != 0)
                    scenarios[i].values[a.name] =
                        a.integer ? std::round(std::uniform_real_distribution<double>(a.min, a.max)(rng))
                                  : std::uniform_real_distribution<double>(a.min, a.max)(rng);
        int reached = 0;
        for (const Scenario &s : scenarios) {
            const Result r = e.compute(s);
            const EconomicsResult x = computeEconomics(e, r);
            QVERIFY(x.available);
            QVERIFY(!x.targets.empty());
            QCOMPARE(x.budgets.size(), r.budgets.size());
            const auto check = [&](const EconomicsRow &row) {
                const EconomicParity &p = row.parity;
                if (!row.task.reached) {
                    QVERIFY(!p.reached && !p.lowReached && !p.highReached);
                    return;
                }
                const double task = floorToMonth(row.task.year);
                if (p.reached) {
                    ++reached;
                    QVERIFY2(p.year >= task - 1e-9, (row.target + " " + formatMonth(p.year) + " before " + formatMonth(task)).c_str());
                    QVERIFY(p.box.cheaperOverLife && p.box.canServe);
                    QVERIFY(p.box.purchaseUsd <= row.budgetUsd + 0.5);
                }
                if (p.lowReached)
                    QVERIFY(p.low >= task - 1e-9);
                if (p.highReached)
                    QVERIFY(p.high >= task - 1e-9);
                // The cheap end is never later than the answer, the dear end never earlier.
                if (p.reached && p.lowReached)
                    QVERIFY(p.low <= p.year + 1e-9);
                if (p.reached && p.highReached)
                    QVERIFY(p.high >= p.year - 1e-9);
                if (p.reached)
                    QVERIFY(p.lowReached);
            };
            for (const auto &row : x.targets)
                check(row);
            for (const auto &row : x.budgets)
                check(row);
        }
        QVERIFY(reached > 0); // the check above ran on real answers
    }

    void reportJsonHasEconomics()
    {
        const Engine &e = fftest::shippedEngine();
        const Result r = e.compute(Scenario{});
        const auto j = reportJson(e, r);
        QVERIFY(j.contains("economics"));
        const auto &ec = j["economics"];
        QCOMPARE(ec["available"].get<bool>(), true);
        int sonnets = 0;
        for (const auto &m : e.data().frontierModels)
            sonnets += m.sonnetClass && m.scored && m.released <= r.asOf && e.data().economics->price(m.name);
        QCOMPARE(static_cast<int>(ec["targets"].size()), sonnets * 2); // chat and coding agent each
        for (const auto &row : ec["targets"]) {
            QVERIFY(row.contains("answer_box") && row.contains("economic_parity"));
            if (row["answer_box"]["costed"].get<bool>()) {
                QVERIFY(row["answer_box"]["local_usd_per_mtok_output"].is_number());
                QVERIFY(row["answer_box"]["api_usd_per_mtok_output"].is_number());
            }
            QVERIFY(row["economic_parity"].contains("low") && row["economic_parity"].contains("high"));
        }
        QCOMPARE(ec["budgets"].size(), r.budgets.size());
        // And the text report shows the section.
        const std::string text = reportText(e, r);
        QVERIFY(text.find("Economics: local box vs hosted API") != std::string::npos);
        QVERIFY(text.find("Economic parity rests on") != std::string::npos);
    }

    // A data directory without economics.json still loads and reports, without the section.
    void withoutEconomicsDataTheSectionIsLeftOut()
    {
        const DataSet d = loadDataSet(fftest::fixtureDir());
        QVERIFY(!d.economics);
        const Engine e(d);
        const Result r = e.compute(Scenario{});
        QVERIFY(!reportJson(e, r).contains("economics"));
        QVERIFY(!computeEconomics(e, r).available);
    }
};

QTEST_GUILESS_MAIN(TestEconomics)
#include "tst_economics.moc"
