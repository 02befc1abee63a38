#include "windowactions.h"

#include <QAction>
#include <QActionGroup>
#include <QUndoStack>
#include <QWidget>

#include "theme.h"

namespace ffui {

namespace {
// The platform's standard shortcut, or a common one where the platform defines none (e.g. Save As).
QList<QKeySequence> standard(QKeySequence::StandardKey key, const char *fallback)
{
    const QList<QKeySequence> keys = QKeySequence::keyBindings(key);
    return keys.isEmpty() ? QList<QKeySequence>{QKeySequence(QString::fromLatin1(fallback))} : keys;
}
QList<QKeySequence> keys(const char *sequence)
{
    return {QKeySequence(QString::fromLatin1(sequence))};
}
} // namespace

WindowActions::WindowActions(QWidget *window)
    : QObject(window)
    , mWindow(window)
{
    add(QStringLiteral("new"), tr("&New"), standard(QKeySequence::New, "Ctrl+N"),
        tr("Start a new scenario from the defaults"));
    add(QStringLiteral("open"), tr("&Open\u2026"), standard(QKeySequence::Open, "Ctrl+O"), tr("Open a scenario file"));
    add(QStringLiteral("save"), tr("&Save"), standard(QKeySequence::Save, "Ctrl+S"), tr("Save the scenario"));
    add(QStringLiteral("saveAs"), tr("Save &As\u2026"), standard(QKeySequence::SaveAs, "Ctrl+Shift+S"),
        tr("Save the scenario under a new name"));
    add(QStringLiteral("openData"), tr("Open &Data Directory\u2026"), {},
        tr("Load the catalogs and assumptions from another data directory"));
    add(QStringLiteral("clearRecent"), tr("&Clear Menu"), {}, tr("Forget the recent files"));
    add(QStringLiteral("exportChart"), tr("&Export Chart\u2026"), keys("Ctrl+E"), tr("Export a chart as PNG or SVG"));
    add(QStringLiteral("copyChart"), tr("&Copy Chart"), keys("Ctrl+Shift+C"),
        tr("Copy the chart shown to the clipboard as an image"));
    add(QStringLiteral("exportTable"), tr("Export &Table as CSV\u2026"), keys("Ctrl+Shift+T"),
        tr("Export the table shown as CSV"));
    add(QStringLiteral("exportReport"), tr("Export &Report as Markdown\u2026"), keys("Ctrl+Shift+E"),
        tr("Export the whole report as Markdown"));
    add(QStringLiteral("exportDeck"), tr("Export &Deck (PDF)\u2026"), keys("Ctrl+Shift+D"),
        tr("The whole deck in one PDF: the answer, every chart and table with its takeaway, the assumptions and sources"));
    QAction *caption = add(QStringLiteral("captionToggle"), tr("Caption on &Exported Charts"), {},
        tr("Put the scenario name and key assumptions under exported and copied charts"));
    caption->setCheckable(true);
    caption->setChecked(true);
    add(QStringLiteral("quit"), tr("&Quit"), standard(QKeySequence::Quit, "Ctrl+Q"), tr("Quit Frontier Forecast"));

    add(QStringLiteral("undo"), tr("&Undo"), standard(QKeySequence::Undo, "Ctrl+Z"), tr("Undo the last change"))
        ->setEnabled(false);
    add(QStringLiteral("redo"), tr("&Redo"), standard(QKeySequence::Redo, "Ctrl+Shift+Z"), tr("Redo the change undone"))
        ->setEnabled(false);
    add(QStringLiteral("resetDefaults"), tr("Reset to &Defaults"), keys("Ctrl+Shift+R"),
        tr("Set every assumption back to its default (undoable)"));
    add(QStringLiteral("pin"), tr("&Pin for Comparison"), keys("Ctrl+Shift+P"),
        tr("Keep the current scenario on screen to compare with while you explore (saved with the scenario)"))
        ->setCheckable(true);
    add(QStringLiteral("monteCarloSettings"), tr("&Monte Carlo Settings\u2026"), {},
        tr("How many samples the ranges draw, and the seed"));

    // View: presentation mode and its paging keys (enabled only while presenting, so the arrows
    // move sliders and table cursors otherwise).
    QAction *present = add(QStringLiteral("presentation"), tr("&Presentation Mode"),
        standard(QKeySequence::FullScreen, "F11"),
        tr("Full screen, one chart or table per screen, large type; arrows page, Esc leaves"));
    if (!present->shortcuts().contains(QKeySequence(Qt::Key_F11)))
        present->setShortcuts(present->shortcuts() << QKeySequence(Qt::Key_F11));
    present->setCheckable(true);
    add(QStringLiteral("presentNext"), tr("Next Slide"),
        {QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Space)},
        tr("The next chart or table"));
    add(QStringLiteral("presentPrevious"), tr("Previous Slide"),
        {QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_Backspace)},
        tr("The previous chart or table"));
    add(QStringLiteral("presentFirst"), tr("First Slide"), {QKeySequence(Qt::Key_Home)}, tr("The first chart"));
    add(QStringLiteral("presentLast"), tr("Last Slide"), {QKeySequence(Qt::Key_End)}, tr("The last table"));
    // Page numbers: G asks for one; typing it works too (1-9 jump at once, two digits within a second
    // go to page 10 and on); the digits are window actions of their own, listed by this one's text.
    add(QStringLiteral("presentGoTo"), tr("Go to Page… (or type its number)"), {QKeySequence(Qt::Key_G)},
        tr("Jump to a page by its number: G asks for it; typing 1 to 9 jumps at once, two digits within a second go to page 10 and on"));
    for (int n = 0; n <= 9; ++n)
        add(QStringLiteral("presentDigit%1").arg(n), tr("Page Digit %1").arg(n), {QKeySequence(Qt::Key_0 + n)},
            tr("Part of a page number to jump to"));
    add(QStringLiteral("presentColumns"), tr("All Columns on Table Slides"), {QKeySequence(Qt::Key_A)},
        tr("Table slides show their decisive columns; A shows every column and back"))
        ->setCheckable(true);
    add(QStringLiteral("presentExit"), tr("Leave Presentation"), {QKeySequence(Qt::Key_Escape)},
        tr("Back to the explorer"));
    setPresenting(false);

    mThemeGroup = new QActionGroup(this);
    mThemeGroup->setExclusive(true);
    const QString themeNames[] = {tr("&System"), tr("&Light"), tr("&Dark")};
    const QString themeTips[] = {tr("Follow the desktop's colours"), tr("Dark text on a light background"),
        tr("Light text on a dark background")};
    for (int i = 0; i < 3; ++i) {
        const auto choice = static_cast<ThemeChoice>(i);
        QAction *a = add(QStringLiteral("theme_") + Theme::id(choice), themeNames[i], {}, themeTips[i]);
        a->setCheckable(true);
        a->setData(Theme::id(choice));
        mThemeGroup->addAction(a);
    }

    add(QStringLiteral("modelHelp"), tr("&Model and Equations"), standard(QKeySequence::HelpContents, "F1"),
        tr("How the forecast is computed, with every equation"));
    add(QStringLiteral("dataSources"), tr("&Data Sources"), {},
        tr("Where every catalog entry and assumption comes from"));
    add(QStringLiteral("about"), tr("&About Frontier Forecast"), {}, tr("What this program is"));
}

QAction *WindowActions::add(
    const QString &id, const QString &text, const QList<QKeySequence> &shortcuts, const QString &tip)
{
    auto *a = new QAction(text, mWindow);
    a->setObjectName(QStringLiteral("action_") + id);
    a->setShortcuts(shortcuts);
    a->setStatusTip(tip);
    a->setToolTip(tip);
    mActions.insert(id, a);
    mWindow->addAction(a); // shortcuts keep working while the menu bar is hidden (presentation)
    return a;
}

void WindowActions::insert(const QString &id, QAction *action)
{
    mActions.insert(id, action);
}

void WindowActions::removeAll(const QString &prefix)
{
    for (auto it = mActions.begin(); it != mActions.end();) {
        if (it.key().startsWith(prefix)) {
            delete it.value();
            it = mActions.erase(it);
        } else {
            ++it;
        }
    }
}

void WindowActions::bindUndoStack(QUndoStack *undo)
{
    for (const auto &c : mUndoConnections)
        disconnect(c);
    mUndoConnections.clear();
    QAction *undoAction = action(QStringLiteral("undo"));
    QAction *redoAction = action(QStringLiteral("redo"));
    // A stack that already has steps (the same document after a data step) names them at once.
    const QString undoText = undo ? undo->undoText() : QString(), redoText = undo ? undo->redoText() : QString();
    undoAction->setText(undoText.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(undoText));
    redoAction->setText(redoText.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(redoText));
    undoAction->setEnabled(undo && undo->canUndo());
    redoAction->setEnabled(undo && undo->canRedo());
    if (!undo)
        return;
    auto &c = mUndoConnections;
    c.push_back(connect(undoAction, &QAction::triggered, undo, &QUndoStack::undo));
    c.push_back(connect(redoAction, &QAction::triggered, undo, &QUndoStack::redo));
    c.push_back(connect(undo, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled));
    c.push_back(connect(undo, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled));
    c.push_back(connect(undo, &QUndoStack::undoTextChanged, undoAction,
        [undoAction](const QString &t) { undoAction->setText(t.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(t)); }));
    c.push_back(connect(undo, &QUndoStack::redoTextChanged, redoAction,
        [redoAction](const QString &t) { redoAction->setText(t.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(t)); }));
}

void WindowActions::setPresenting(bool on)
{
    action(QStringLiteral("presentation"))->setChecked(on);
    for (const char *id : {"presentNext", "presentPrevious", "presentFirst", "presentLast", "presentGoTo", "presentColumns", "presentExit"})
        action(QLatin1String(id))->setEnabled(on);
    for (int n = 0; n <= 9; ++n)
        action(QStringLiteral("presentDigit%1").arg(n))->setEnabled(on);
}

void WindowActions::setPinned(bool pinned)
{
    QAction *pin = action(QStringLiteral("pin"));
    pin->setChecked(pinned);
    pin->setText(pinned ? tr("Un&pin the Comparison") : tr("&Pin for Comparison"));
}

} // namespace ffui
