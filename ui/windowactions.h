#pragma once
// Every action of the window in one place: its id (objectName "action_" + id), text, standard
// shortcut, tip, and the state that follows the session (undo and redo with the undo stack, the
// slide keys with presentation mode, the pin's check and text). The window connects what they do.
#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

#include <vector>

QT_BEGIN_NAMESPACE
class QAction;
class QActionGroup;
class QUndoStack;
class QWidget;
QT_END_NAMESPACE

namespace ffui {

class WindowActions : public QObject
{
    Q_OBJECT
public:
    // Creates every action on `window` (added to it, so shortcuts work while the menu bar is
    // hidden). Undo, redo and the slide keys start disabled.
    explicit WindowActions(QWidget *window);

    QAction *action(const QString &id) const { return mActions.value(id); }
    QActionGroup *themeGroup() const { return mThemeGroup; }
    // An action made elsewhere (the dock's toggle), registered under `id`.
    void insert(const QString &id, QAction *action);
    // A new action; objectName "action_" + id.
    QAction *add(const QString &id, const QString &text, const QList<QKeySequence> &shortcuts, const QString &tip);
    // Removes and deletes every action whose id starts with `prefix` (the presets of other data).
    void removeAll(const QString &prefix);

    // Undo and redo follow `stack` (enabled, "Undo <what>") and trigger it; null unbinds.
    void bindUndoStack(QUndoStack *stack);
    // Presentation on: the slide keys (arrows, Esc) work, and the action is checked.
    void setPresenting(bool on);
    // The pin action checked and worded for a pinned or unpinned scenario.
    void setPinned(bool pinned);

private:
    QWidget *mWindow;
    QHash<QString, QAction *> mActions;
    QActionGroup *mThemeGroup = nullptr;
    std::vector<QMetaObject::Connection> mUndoConnections;
};

} // namespace ffui
