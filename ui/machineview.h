#pragma once
// "This machine" tab: the box in front of the user (detected, picked from the catalog or described
// as "RTX 4090 + 64 GB"), what it runs at API speed today, how far that is from the target, and
// which purchase within the budget reaches parity first. Every figure comes from ff::analyseMachine.
#include <QWidget>

#include <memory>

#include "solver/forecast.h"
#include "files/machine.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QFrame;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QVBoxLayout;
QT_END_NAMESPACE

namespace ffui {

class MachineView : public QWidget {
    Q_OBJECT
public:
    explicit MachineView(QWidget *parent = nullptr);

    // The data, scenario and its result the view answers for (called after every recompute; the
    // analysis runs only while the view is visible, never during a drag of a hidden tab).
    void setForecast(std::shared_ptr<const ff::Engine> engine, const ff::Scenario &s, const ff::Result &r);
    // The box: a description ("RTX 4090 + 64 GB", "2x RTX 3090", a catalog name). False (and the
    // reason shown) when it names no catalog part.
    bool setBox(const QString &description);
    // Runs nvidia-smi and reads /sys/class/drm, lspci and /proc/meminfo; false when nothing matches.
    bool detect();
    const ff::MachineReport &report() const { return mReport; }
    QString boxDescription() const;
    QString statusText() const;

protected:
    void showEvent(QShowEvent *event) override;
    // Esc and the Close key reaching the view itself (its shortcuts serve them while it is active).
    void keyPressEvent(QKeyEvent *event) override;

private:
    // The window's parts, top to bottom: what the box is, the card with the answers, the table of
    // catalog models, the Close button; then what the controls do.
    QHBoxLayout *createPicker();
    QFrame *createCard();
    QLabel *createTable();
    void addCloseButton(QVBoxLayout *layout);
    void connectControls();
    void refresh();
    void fillParts();

    std::shared_ptr<const ff::Engine> mEngine;
    ff::Scenario mScenario;
    std::shared_ptr<const ff::Result> mResult;
    ff::MachineSpec mSpec;
    bool mHaveSpec = false;
    bool mStale = true;
    ff::MachineReport mReport;

    QComboBox *mPart = nullptr;
    QSpinBox *mGpus = nullptr;
    QSpinBox *mRam = nullptr;
    QLineEdit *mDescribe = nullptr;
    QPushButton *mDetect = nullptr;
    QPushButton *mClose = nullptr;
    QLabel *mStatus = nullptr;
    QLabel *mHeadline = nullptr;
    QProgressBar *mProgress = nullptr;
    QTableWidget *mTable = nullptr;
    QLabel *mSubline = nullptr;
    QLabel *mRuns = nullptr, *mFits = nullptr, *mGap = nullptr, *mFrontier = nullptr, *mLaw = nullptr, *mPurchase = nullptr;
    bool mUpdating = false;
};

} // namespace ffui
