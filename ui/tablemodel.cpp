#include "tablemodel.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>

#include <algorithm>

#include "qtstrings.h"

namespace ffui {

QList<TableKind> ForecastTables::kinds()
{
    return {TableKind::Scenario, TableKind::Budget, TableKind::Reverse, TableKind::Targets,
            TableKind::Claims,   TableKind::Backtest, TableKind::Ceiling};
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
    case TableKind::Claims:
        return QStringLiteral("claims");
    case TableKind::Backtest:
        return QStringLiteral("backtest");
    case TableKind::Ceiling:
        return QStringLiteral("ceiling");
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
    case TableKind::Claims:
        return QCoreApplication::translate("ffui::TableModel", "Claims");
    case TableKind::Backtest:
        return QCoreApplication::translate("ffui::TableModel", "Back-test");
    case TableKind::Ceiling:
        return QCoreApplication::translate("ffui::TableModel", "Ceiling history");
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

Extras ForecastTables::needs(TableKind kind)
{
    switch (kind) {
    case TableKind::Claims:
        return Extra::Claims;
    case TableKind::Backtest:
    case TableKind::Ceiling:
        return Extra::Backtest;
    default:
        return Extra::None;
    }
}

unsigned ForecastTables::parts(TableKind kind)
{
    switch (kind) {
    case TableKind::Scenario:
        return ff::PartScenarios;
    case TableKind::Budget:
        return ff::PartBudgets;
    case TableKind::Targets:
        return ff::PartTargets;
    case TableKind::Reverse:
    case TableKind::Claims:
    case TableKind::Backtest:
    case TableKind::Ceiling:
        break;
    }
    return ff::PartHeadline;
}

int ForecastTables::verdictColumn(TableKind kind)
{
    if (kind != TableKind::Claims)
        return -1;
    const std::vector<std::string> header = ff::claimsTable({}).header;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == "Verdict")
            return static_cast<int>(i);
    return -1;
}

QColor verdictColor(const QString &verdict)
{
    if (verdict == QLatin1String("consistent"))
        return QColor(0xB8, 0xE6, 0xC9); // green
    if (verdict == QLatin1String("optimistic"))
        return QColor(0xF7, 0xC6, 0x9F); // vermillion tint: the claim promises more than the model gives
    if (verdict == QLatin1String("pessimistic"))
        return QColor(0xB9, 0xD9, 0xF2); // blue tint: the claim promises less
    if (verdict == QLatin1String("not checkable"))
        return QColor(0xDD, 0xDD, 0xDD);
    return {};
}

std::optional<ff::ComparedTable> ForecastTables::compared(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras)
{
    const ff::Result *c = extras.compare.get();
    if (!c)
        return std::nullopt;
    switch (kind) {
    case TableKind::Scenario:
        return ff::compareScenarioTable(r, *c);
    case TableKind::Budget:
        return ff::compareBudgetTable(r, *c);
    case TableKind::Reverse:
        return ff::compareReverseTable(r, *c);
    case TableKind::Targets:
        return ff::compareTargetTable(r, *c);
    default:
        return std::nullopt;
    }
}

ff::Table ForecastTables::table(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras)
{
    if (auto c = compared(kind, r, extras))
        return std::move(c->table);
    switch (kind) {
    case TableKind::Scenario:
        return ff::scenarioTable(r);
    case TableKind::Budget:
        return ff::budgetTable(r);
    case TableKind::Reverse:
        return ff::reverseTable(r);
    case TableKind::Targets:
        return ff::targetTable(r);
    case TableKind::Claims:
        return ff::claimsTable(extras.claims);
    case TableKind::Backtest:
        return ff::backtestTable(extras.backtest);
    case TableKind::Ceiling:
        return ff::ceilingTable(extras.ceiling);
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

void TableModel::setForecast(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras)
{
    if (auto c = ForecastTables::compared(kind, r, extras)) {
        mPinnedText = std::move(c->pinnedText);
        mDifferenceFull = std::move(c->differenceFull);
        mDifferenceColumn = c->differenceColumn;
        setTable(c->table);
    } else {
        mPinnedText.clear();
        mDifferenceFull.clear();
        mDifferenceColumn = -1;
        setTable(ForecastTables::table(kind, r, extras));
    }
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::FontRole, Qt::BackgroundRole, Qt::ForegroundRole, Qt::ToolTipRole, PinnedRole});
}

bool TableModel::differsFromPinned(int row, int column) const
{
    return row >= 0 && column >= 0 && static_cast<std::size_t>(row) < mPinnedText.size() &&
           static_cast<std::size_t>(column) < mPinnedText[static_cast<std::size_t>(row)].size() &&
           !mPinnedText[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)].empty();
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
    const bool pinnedDiffers = differsFromPinned(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return c < row.size() ? qs(row[c]) : QString();
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        const QString text = c < row.size() ? qs(row[c]) : QString();
        if (index.column() == mDifferenceColumn && static_cast<std::size_t>(index.row()) < mDifferenceFull.size())
            return qs(mDifferenceFull[static_cast<std::size_t>(index.row())]);
        if (!pinnedDiffers)
            return text;
        return QCoreApplication::translate("ffui::TableModel", "%1 (pinned: %2)")
            .arg(text, qs(mPinnedText[static_cast<std::size_t>(index.row())][c]));
    }
    case PinnedRole:
        return pinnedDiffers ? qs(mPinnedText[static_cast<std::size_t>(index.row())][c]) : QString();
    case Qt::FontRole:
        if (pinnedDiffers) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole: {
        const qreal h = highlight(index.row(), index.column());
        if (h <= 0) {
            if (pinnedDiffers)
                return QColor(0xF2, 0xDD, 0xEA); // a tint of the pinned scenario's colour on the charts
            if (index.column() == mVerdictColumn && c < row.size()) {
                const QColor v = verdictColor(qs(row[c]));
                if (v.isValid())
                    return v;
            }
            return {};
        }
        QColor amber(0xFF, 0xC1, 0x07);
        amber.setAlphaF(0.15 + 0.7 * h);
        return amber;
    }
    case Qt::ForegroundRole:
        // Dark text on the light verdict and highlight tints, whatever the theme.
        if (pinnedDiffers || (index.column() == mVerdictColumn && c < row.size() && verdictColor(qs(row[c])).isValid()) ||
            highlight(index.row(), index.column()) >= 0.5)
            return QColor(0x11, 0x11, 0x11);
        return {};
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
    return qs(mTable.header[static_cast<std::size_t>(section)]);
}

} // namespace ffui
