#include "tablemodel.h"

#include <QColor>
#include <QCoreApplication>

#include <algorithm>

namespace ffui {

QList<TableKind> ForecastTables::kinds()
{
    return {TableKind::Scenario, TableKind::Budget, TableKind::Reverse, TableKind::Targets};
}

QString ForecastTables::id(TableKind kind)
{
    switch (kind) {
    case TableKind::Scenario:
        return QStringLiteral("scenario");
    case TableKind::Budget:
        return QStringLiteral("budget");
    case TableKind::Reverse:
        return QStringLiteral("reverse");
    case TableKind::Targets:
        return QStringLiteral("targets");
    }
    return {};
}

QString ForecastTables::tabTitle(TableKind kind)
{
    switch (kind) {
    case TableKind::Scenario:
        return QCoreApplication::translate("ffui::TableModel", "Scenario years");
    case TableKind::Budget:
        return QCoreApplication::translate("ffui::TableModel", "Budgets");
    case TableKind::Reverse:
        return QCoreApplication::translate("ffui::TableModel", "Reverse prediction");
    case TableKind::Targets:
        return QCoreApplication::translate("ffui::TableModel", "Per target");
    }
    return {};
}

std::optional<TableKind> ForecastTables::fromId(const QString &id)
{
    for (TableKind k : kinds())
        if (ForecastTables::id(k) == id)
            return k;
    return std::nullopt;
}

QStringList ForecastTables::ids()
{
    QStringList out;
    for (TableKind k : kinds())
        out << id(k);
    return out;
}

ff::Table ForecastTables::table(TableKind kind, const ff::Result &r)
{
    switch (kind) {
    case TableKind::Scenario:
        return ff::scenarioTable(r);
    case TableKind::Budget:
        return ff::budgetTable(r);
    case TableKind::Reverse:
        return ff::reverseTable(r);
    case TableKind::Targets:
        return ff::targetTable(r);
    }
    return {};
}

TableModel::TableModel(QObject *parent) : QAbstractTableModel(parent)
{
    mClock.start();
    mFadeTimer.setInterval(80);
    connect(&mFadeTimer, &QTimer::timeout, this, &TableModel::fade);
}

std::size_t TableModel::cell(int row, int column) const
{
    return static_cast<std::size_t>(row) * mTable.header.size() + static_cast<std::size_t>(column);
}

void TableModel::setTable(const ff::Table &table)
{
    const bool sameShape = table.header.size() == mTable.header.size() && table.rows.size() == mTable.rows.size();
    if (!sameShape) {
        beginResetModel();
        mTable = table;
        mChangedAt.assign(mTable.rows.size() * mTable.header.size(), -1);
        endResetModel();
        return;
    }
    const qint64 now = mClock.elapsed();
    bool any = false;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const std::string &before = c < mTable.rows[r].size() ? mTable.rows[r][c] : std::string();
            const std::string &after = c < table.rows[r].size() ? table.rows[r][c] : std::string();
            if (before != after) {
                mChangedAt[r * table.header.size() + c] = now;
                any = true;
            }
        }
    const bool headerChanged = table.header != mTable.header;
    mTable = table;
    if (headerChanged)
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (any) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        if (!mFadeTimer.isActive())
            mFadeTimer.start();
    }
}

qreal TableModel::highlight(int row, int column) const
{
    if (row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return 0;
    const qint64 at = mChangedAt[cell(row, column)];
    if (at < 0 || mDurationMs <= 0)
        return 0;
    const qint64 age = mClock.elapsed() - at;
    return age >= mDurationMs ? 0.0 : 1.0 - qreal(age) / mDurationMs;
}

int TableModel::highlightedCount() const
{
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < columnCount(); ++c)
            n += highlight(r, c) > 0 ? 1 : 0;
    return n;
}

void TableModel::fade()
{
    const qint64 now = mClock.elapsed();
    int top = rowCount(), bottom = -1, left = columnCount(), right = -1;
    bool live = false;
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < columnCount(); ++c) {
            qint64 &at = mChangedAt[cell(r, c)];
            if (at < 0)
                continue;
            if (now - at >= mDurationMs)
                at = -1; // repainted once more below, without the highlight
            else
                live = true;
            top = std::min(top, r);
            bottom = std::max(bottom, r);
            left = std::min(left, c);
            right = std::max(right, c);
        }
    if (bottom >= 0)
        emit dataChanged(index(top, left), index(bottom, right), {Qt::BackgroundRole, HighlightRole});
    if (!live)
        mFadeTimer.stop();
}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(mTable.rows.size());
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(mTable.header.size());
}

QVariant TableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto &row = mTable.rows[static_cast<std::size_t>(index.row())];
    const std::size_t c = static_cast<std::size_t>(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return c < row.size() ? QString::fromStdString(row[c]) : QString();
    case Qt::BackgroundRole: {
        const qreal h = highlight(index.row(), index.column());
        if (h <= 0)
            return {};
        QColor amber(0xFF, 0xC1, 0x07);
        amber.setAlphaF(0.15 + 0.7 * h);
        return amber;
    }
    case HighlightRole:
        return highlight(index.row(), index.column());
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    return QString::fromStdString(mTable.header[static_cast<std::size_t>(section)]);
}

} // namespace ffui
