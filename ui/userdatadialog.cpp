#include "userdatadialog.h"

#include <QAction>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "qtstrings.h"
#include "userdatastore.h"

namespace ffui {

UserDataPanel::UserDataPanel(UserDataStore *store, QWidget *parent) : QWidget(parent), mStore(store)
{
    setObjectName(QStringLiteral("userDataPanel"));
    mState = new QLabel(this);
    mState->setObjectName(QStringLiteral("userDataState"));
    mState->setWordWrap(true);
    mList = new QListWidget(this);
    mList->setObjectName(QStringLiteral("importsList"));
    mList->setAccessibleName(tr("Imports"));
    mList->setMaximumHeight(110);
    mShippedOnly = new QPushButton(this);
    mShippedOnly->setObjectName(QStringLiteral("useShippedOnly"));
    mRemove = new QPushButton(tr("&Remove This Import"), this);
    mRemove->setObjectName(QStringLiteral("removeImport"));
    mRemove->setToolTip(tr("Take the selected import out of the data (undoable)"));
    mUndo = new QToolButton(this);
    mUndo->setObjectName(QStringLiteral("userDataUndo"));
    mRedo = new QToolButton(this);
    mRedo->setObjectName(QStringLiteral("userDataRedo"));
    QAction *undo = store->undoStack()->createUndoAction(this, tr("Undo"));
    QAction *redo = store->undoStack()->createRedoAction(this, tr("Redo"));
    mUndo->setDefaultAction(undo);
    mRedo->setDefaultAction(redo);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mShippedOnly);
    buttons->addWidget(mRemove);
    buttons->addStretch(1);
    buttons->addWidget(mUndo);
    buttons->addWidget(mRedo);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mState);
    layout->addWidget(mList);
    layout->addLayout(buttons);

    connect(mShippedOnly, &QPushButton::clicked, this, [this] { setShippedOnly(!mStore->layer().useShippedOnly); });
    connect(mRemove, &QPushButton::clicked, this, [this] { removeImport(mList->currentRow()); });
    connect(mList, &QListWidget::currentRowChanged, this, [this](int row) { mRemove->setEnabled(row >= 0); });
    connect(store, &UserDataStore::changed, this, &UserDataPanel::refresh);
    refresh();
}

void UserDataPanel::refresh()
{
    const ff::UserLayer &l = mStore->layer();
    if (!mStore->layerError().isEmpty())
        mState->setText(tr("Imported data in %1 was refused at start; the shipped data is shown alone.\n%2")
                            .arg(QDir::toNativeSeparators(mStore->layerFile()), mStore->layerError()));
    else if (l.imports.empty())
        mState->setText(tr("Imports: none. File > Import adds llama-bench runs and Capabilities Index scores (kept in %1).")
                            .arg(QDir::toNativeSeparators(mStore->layerFile())));
    else
        mState->setText(l.useShippedOnly ? tr("Imports (%1): kept, but the shipped data is shown alone.").arg(QDir::toNativeSeparators(mStore->layerFile()))
                                         : tr("Imports, applied on top of the shipped data (%1):").arg(QDir::toNativeSeparators(mStore->layerFile())));
    mList->clear();
    // No imports: no empty box under the sources (the state line says how to add one).
    mList->setVisible(!l.imports.empty());
    for (const auto &u : l.imports)
        mList->addItem(tr("%1 \u2014 %2 rows (%3)").arg(qs(u.origin())).arg(u.rowCount()).arg(qs(u.kind)));
    mShippedOnly->setText(l.useShippedOnly ? tr("Use &Imported Data Again") : tr("Use &Shipped Data Only"));
    mShippedOnly->setEnabled(!l.imports.empty() || l.useShippedOnly);
    mRemove->setEnabled(mList->currentRow() >= 0);
}

bool UserDataPanel::setShippedOnly(bool on)
{
    QString error;
    if (mStore->setShippedOnly(on, on ? tr("Use shipped data only") : tr("Use imported data"), &error))
        return true;
    mState->setText(error);
    return false;
}

bool UserDataPanel::removeImport(int row)
{
    const ff::UserLayer &l = mStore->layer();
    if (row < 0 || row >= static_cast<int>(l.imports.size()))
        return false;
    const ff::UserImport u = l.imports[static_cast<std::size_t>(row)];
    QString error;
    if (mStore->removeImport(u.id, tr("Remove %1").arg(qs(u.origin())), &error))
        return true;
    mState->setText(error);
    return false;
}

} // namespace ffui
