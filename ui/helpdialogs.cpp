#include "helpdialogs.h"
#include "qtstrings.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "qtstrings.h"
#include "core/timeutil.h"

namespace ffui {

QStringList ModelDialog::candidates(const QString &dataDir)
{
    const QDir up(QDir(dataDir).absoluteFilePath(QStringLiteral("..")));
    return {QDir::cleanPath(up.filePath(QStringLiteral("MODEL.md"))), QDir::cleanPath(up.filePath(QStringLiteral("model/README.md")))};
}

QString ModelDialog::locate(const QString &dataDir)
{
    for (const QString &p : candidates(dataDir))
        if (QFileInfo(p).isFile())
            return p;
    return {};
}

ModelDialog::ModelDialog(const QString &dataDir, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("modelDialog"));
    setWindowTitle(tr("Model and Equations"));
    mBrowser = new QTextBrowser(this);
    mBrowser->setObjectName(QStringLiteral("modelText"));
    mBrowser->setAccessibleName(tr("Model and equations"));
    mBrowser->setOpenExternalLinks(true);
    mPath = locate(dataDir);
    QFile f(mPath);
    if (!mPath.isEmpty() && f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        mBrowser->setMarkdown(QString::fromUtf8(f.read(4 << 20)));
        mBrowser->setSearchPaths({QFileInfo(mPath).absolutePath()});
    } else {
        QStringList looked;
        for (const QString &p : candidates(dataDir))
            looked << QDir::toNativeSeparators(p);
        mBrowser->setMarkdown(tr("# Model document not found\n\nLooked for:\n\n- %1\n").arg(looked.join(QStringLiteral("\n- "))));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mBrowser, 1);
    if (!mPath.isEmpty()) {
        auto *from = new QLabel(tr("From %1").arg(QDir::toNativeSeparators(mPath)), this);
        from->setObjectName(QStringLiteral("modelPath"));
        from->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(from);
    }
    layout->addWidget(buttons);
    resize(900, 760);
}

QList<QStringList> DataSourcesDialog::rows(const ff::DataSet &d)
{
    QList<QStringList> out;
    // Shipped with the program (data/), or what the user imported (model/files/userdata.h).
    const auto origin = [](const std::string &o) { return o.empty() ? tr("shipped") : qs(o); };
    for (const auto &p : d.parts)
        out << QStringList{tr("Hardware"), qs(p.name), qs(p.source), origin(p.origin)};
    for (const auto &m : d.openModels)
        out << QStringList{tr("Open model"), qs(m.name), qs(m.source), origin(m.origin)};
    for (const auto &m : d.frontierModels)
        out << QStringList{tr("Frontier model"), qs(m.name), qs(m.source), origin(m.origin)};
    for (const auto &q : d.quantLevels)
        out << QStringList{tr("Quantization"), qs(q.name),
                           tr("Perplexity of %1 at %2 (quantization.json)").arg(qs(d.quantReferenceModel), qs(q.name)), origin({})};
    // A run by what tells it from the source's other runs: bits, test and its rate.
    for (const auto &m : d.measurements)
        out << QStringList{tr("Measurement"),
                           tr("%1 at %2 bits on %3%4: %5 %L6 tok/s")
                               .arg(qs(m.model))
                               .arg(m.bitsPerWeight, 0, 'g', 3)
                               .arg(m.gpuCount > 1 ? QStringLiteral("%1x ").arg(m.gpuCount) : QString(), qs(m.hardware),
                                    m.decode ? tr("decode") : tr("prefill"))
                               .arg(m.tokensPerS, 0, 'f', m.tokensPerS < 100 ? 1 : 0),
                           qs(m.source), origin(m.origin)};
    // Street and used prices (prices.json, imported prices): the price taken and the page's range.
    const auto price = [&](const std::string &what, const ff::PriceObservation &o, const QString &unit) {
        QString name = tr("%1: %2 %3%4 in %5")
                           .arg(qs(what), QString::fromLatin1(ff::priceKindName(o.kind)), QStringLiteral("$%L1").arg(o.usd, 0, 'f', o.usd < 100 ? 2 : 0),
                                unit, qs(ff::formatMonth(o.t)));
        if (o.rangeHighUsd > 0)
            name += tr(" (the page's range $%L1 to $%L2)").arg(o.rangeLowUsd, 0, 'f', 0).arg(o.rangeHighUsd, 0, 'f', 0);
        out << QStringList{tr("Price"), name, qs(o.source), origin(o.origin)};
    };
    for (const auto &s : d.prices.parts)
        for (const auto &o : s.obs)
            if (o.kind != ff::PriceKind::Launch) // a launch price is the part's own row (hardware.json)
                price(s.name, o, QString());
    for (const auto &o : d.prices.ramUsdPerGb.obs)
        price("DDR5", o, tr(" per GB"));
    for (const auto &t : d.trends)
        out << QStringList{tr("Trend figure"), qs(t.id), qs(t.citation), origin({})};
    for (const auto &a : d.assumptions)
        out << QStringList{tr("Assumption"), qs(a.label), qs(a.source), origin({})};
    out << QStringList{tr("Quality index"), qs(d.qualityIndexName), qs(d.qualityIndexSource), origin({})};
    out << QStringList{tr("Settings"), tr("Scenario years, budgets, quantization levels, default target"), qs(d.settings.source), origin({})};
    return out;
}

DataSourcesDialog::DataSourcesDialog(const ff::DataSet &data, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("dataSourcesDialog"));
    setWindowTitle(tr("Data Sources"));
    mFilter = new QLineEdit(this);
    mFilter->setObjectName(QStringLiteral("sourcesFilter"));
    mFilter->setAccessibleName(tr("Search the sources"));
    mFilter->setPlaceholderText(tr("Search: a part, a model, an assumption, a publisher\u2026"));
    mFilter->setClearButtonEnabled(true);
    mModel = new QStandardItemModel(this);
    mModel->setHorizontalHeaderLabels({tr("Kind"), tr("Name"), tr("Source"), tr("Origin")});
    for (const QStringList &row : rows(data)) {
        QList<QStandardItem *> items;
        for (const QString &cell : row) {
            auto *item = new QStandardItem(cell);
            item->setEditable(false);
            item->setToolTip(cell);
            items << item;
        }
        mModel->appendRow(items);
    }
    mProxy = new QSortFilterProxyModel(this);
    mProxy->setSourceModel(mModel);
    mProxy->setFilterKeyColumn(-1);
    mProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    mView = new QTableView(this);
    mView->setObjectName(QStringLiteral("sourcesTable"));
    mView->setAccessibleName(tr("Sources"));
    mView->setModel(mProxy);
    mView->setSortingEnabled(true);
    mView->sortByColumn(-1, Qt::AscendingOrder);
    mView->setWordWrap(true);
    mView->setAlternatingRowColors(true);
    mView->verticalHeader()->setVisible(false);
    mView->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch); // the source; the origin after it
    mView->setColumnWidth(0, 130);
    mView->setColumnWidth(1, 260);
    mView->setColumnWidth(3, 220);
    mCount = new QLabel(this);
    mCount->setObjectName(QStringLiteral("sourcesCount"));
    connect(mFilter, &QLineEdit::textChanged, this, &DataSourcesDialog::setFilter);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    auto *from = new QLabel(tr("Every entry of the catalogs in %1 and every assumption, with the source it cites.")
                                .arg(QDir::toNativeSeparators(qs(data.directory))),
                            this);
    from->setWordWrap(true);
    layout->addWidget(from);
    layout->addWidget(mFilter);
    layout->addWidget(mView, 1);
    layout->addWidget(mCount);
    layout->addWidget(buttons);
    setFilter(QString());
    resize(sizeFor(parent && parent->screen() ? parent->screen()->availableGeometry().size() : QSize(1100, 700)));
}

QSize DataSourcesDialog::sizeFor(const QSize &screen)
{
    return QSize(1100, 700).boundedTo(screen * 0.95);
}

void DataSourcesDialog::setFilter(const QString &text)
{
    if (mFilter->text() != text)
        mFilter->setText(text); // comes back here through textChanged
    mProxy->setFilterFixedString(text);
    mCount->setText(tr("%1 of %2 entries").arg(mProxy->rowCount()).arg(mModel->rowCount()));
}

int DataSourcesDialog::visibleRows() const { return mProxy->rowCount(); }

} // namespace ffui
