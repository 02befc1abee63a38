#pragma once
// The words on the headline cards and the presentation's takeaway, from what the session holds:
// the answer and its kind, what it rests on, the lag, the bottleneck, the Monte Carlo range and
// the biggest accelerant. The window calls these when the session says something changed.
#include <QString>

namespace ffui {

class ForecastSession;
class HeadlineCards;

namespace HeadlineText {

// The cards for a new result (answer, detail, tooltip; with a pin, both answers and the difference).
void showResult(HeadlineCards *cards, const ForecastSession &session);
// The economics card (the answer's box against the API); showResult leaves it for the release
// during a drag (ForecastSession::isInteracting()).
void showEconomics(HeadlineCards *cards, const ForecastSession &session);
// The range and the accelerant are being computed for the scenario shown.
void showComputing(HeadlineCards *cards, const ForecastSession &session);
// The Monte Carlo range arrived: P10-P90 on the parity cards (months only where the range earns them).
void showMonteCarlo(HeadlineCards *cards, const ForecastSession &session);
// The sensitivity arrived: the accelerant card names the tornado's top bar.
void showSensitivity(HeadlineCards *cards, const ForecastSession &session);
// What a box under the budget runs and when, in one sentence (and the pinned answer, if any).
QString takeaway(const ForecastSession &session);

} // namespace HeadlineText

} // namespace ffui
