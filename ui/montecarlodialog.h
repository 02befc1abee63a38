#pragma once
// Edit > Monte Carlo Settings: how many samples the range, fan and histogram draw, and the seed.
// The same seed gives the same figures; the window, the report and the exports use these.
#include <QDialog>

#include <cstdint>

QT_BEGIN_NAMESPACE
class QLabel;
class QSpinBox;
QT_END_NAMESPACE

namespace ffui {

class MonteCarloDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMinSamples = 100;
    static constexpr int kMaxSamples = 1000000;

    // lastRun: what the last run drew and how long it took (shown as is; empty: none yet).
    MonteCarloDialog(int samples, std::uint64_t seed, const QString &lastRun, QWidget *parent = nullptr);

    int samples() const;
    std::uint64_t seed() const;
    QSpinBox *samplesBox() const { return mSamples; }
    QSpinBox *seedBox() const { return mSeed; }

private:
    QSpinBox *mSamples = nullptr;
    QSpinBox *mSeed = nullptr;
};

} // namespace ffui
