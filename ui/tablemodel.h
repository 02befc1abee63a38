#pragma once
// The forecast's tables (cell strings from report.h) as Qt item models. A cell whose text changed
// since the previous result is highlighted for a moment, so a presenter can show what a slider moved.
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QList>
#include <QTimer>

#include <optional>
#include <vector>

#include "report.h"

namespace ffui {

enum class TableKind { Scenario, Budget, Reverse, Targets };

// The four tables by name: one list for the window, the CSV export and the command line.
struct ForecastTables {
    static QList<TableKind> kinds();
    static QString id(TableKind kind); // "scenario", "budget", "reverse", "targets"
    static QString tabTitle(TableKind kind);
    static std::optional<TableKind> fromId(const QString &id);
    static QStringList ids();
    static ff::Table table(TableKind kind, const ff::Result &r);
};

class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        HighlightRole = Qt::UserRole + 1, // qreal: 1 just changed, fading to 0
    };

    explicit TableModel(QObject *parent = nullptr);

    void setTable(const ff::Table &table);
    const ff::Table &table() const { return mTable; }

    // How long a changed cell stays highlighted (milliseconds).
    void setHighlightDuration(int ms) { mDurationMs = ms; }
    int highlightDuration() const { return mDurationMs; }
    qreal highlight(int row, int column) const;
    int highlightedCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void fade();
    std::size_t cell(int row, int column) const;

    ff::Table mTable;
    std::vector<qint64> mChangedAt; // per cell: when its text last changed (ms on mClock), -1 never
    QElapsedTimer mClock;
    QTimer mFadeTimer;
    int mDurationMs = 2000;
};

} // namespace ffui
