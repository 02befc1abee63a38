#pragma once
// What Engine::compute (engine.cpp) is made of: one builder per part of a Result, sharing the
// scenario as it is resolved once (as-of, context, parameters, target, the boxes its budget buys).
// The builders live in answers.cpp (the parity answers), tables.cpp (the scenario, budget and
// reverse tables) and series.cpp (the chart series). Not an interface: nothing outside those files
// includes it.
#include <memory>
#include <string>
#include <vector>

#include "solver/forecast.h"
#include "solver/solverdetail.h"

namespace ff {

class ResultBuilder {
public:
    // Resolves the scenario (throws as compute does: a context with too few models, a target with no
    // score on the yardstick or released after as-of) and buys the boxes of its budget.
    ResultBuilder(const Engine &engine, const Scenario &sc, SolverWorkspace &ws);

    // answers.cpp
    void headlineFits();     // the target, the quality and KV laws and the paces shown beside the sliders
    void headline();         // the answer: the fixed target at task level, then the full product
    void movingBar();        // the same answer with the target drifting up
    void perTarget();        // every Sonnet-class target's answer
    void byYardstick();      // the answers on every yardstick, side by side
    void restsOn();          // each assumption with a neutral value, re-solved at it
    void roadmapAnswers();   // every answer re-solved without the roadmap entry
    // tables.cpp
    void shapeBoxes();       // each box's largest shape at API speed (the tables and series look it up)
    void scenarioTable();    // year by year: the best box, what it runs, the verdict
    void budgetTable();      // today, budget by budget
    void reverseTable();     // what runs today and the frontier model it matches
    // series.cpp
    void trendSeries();      // the hardware and efficiency indices
    void crossingSeries();   // the size needed vs the size the budget runs
    void timelineSeries();   // the frontier, the best local model (observed, by the law) and the target

    Result take(unsigned parts)
    {
        r.parts = parts & PartAll;
        return std::move(r);
    }

private:
    using Work = Engine::Work;
    // Each box's largest effective model shape at API speed and the task context (KV follows the
    // model size), computed once per box list; the best box at time t is then a lookup.
    struct Shaped {
        const std::vector<Box> *boxes = nullptr;
        std::vector<ShapeLimit> shapes;
    };
    Params paramsFor(const FrontierModel &m) const;
    ShapeLimit shapeOne(const Box &b);
    Shaped shapeAll(const std::vector<Box> &bx);
    const Box *bestBoxBounded(const std::vector<Box> &bx, double t, ShapeLimit *shapeOut);
    // cheapestTie: among boxes of the same largest shape (other RAM tiers of the same cards), the cheaper
    // (the tables, which price the box); else the first (the series, which need only the size).
    static const Box *bestBoxAt(const Shaped &s, double t, ShapeLimit *shapeOut, bool cheapestTie = false);
    static std::vector<const Box *> boxesAt(const std::vector<Box> &bx, double t, int gpus);
    void addReverse(const std::string &label, const std::vector<const Box *> &bx, double speed);
    double projectionStart() const;
    double barAt(double t) const; // the target's bar at t (its score, plus p's drift after the evidence ends)
    const std::vector<Box> &boxes() const { return mainMarket->boxes; } // what the scenario's budget buys

    const Engine &e;
    const DataSet &data;
    const Scenario &sc;
    SolverWorkspace &ws;
    Work &w;
    double asOf = 0;
    std::shared_ptr<const Context> ctxPtr;
    const Context &ctx;
    double drift = 0;           // the scenario's drift (the moving bar)
    std::vector<double> values; // the scenario's assumption values, the drift at 0
    Params p;
    const FrontierModel &tgt;
    double horizon = 0;
    Efficiency eff;
    std::shared_ptr<const Engine::Market> mainMarket;
    double tps = 0;                // the decode speed a box needs (API speed over the speculative gain)
    DeffBound shapeBound;
    Shaped mainShaped;
    Result r;
};

} // namespace ff
