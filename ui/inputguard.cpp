#include "inputguard.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QKeyEvent>
#include <QKeySequence>
#include <QWheelEvent>
#include <QWidget>

namespace ffui {

namespace {
bool guarded(const QObject *o)
{
    return qobject_cast<const QAbstractSlider *>(o) || qobject_cast<const QAbstractSpinBox *>(o) ||
           qobject_cast<const QComboBox *>(o);
}
} // namespace

InputGuard *InputGuard::instance()
{
    static InputGuard *guard = new InputGuard(QCoreApplication::instance());
    return guard;
}

void InputGuard::install(QWidget *root)
{
    if (!root)
        return;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        if (!guarded(w) || w->property("ffInputGuard").toBool())
            continue;
        w->setProperty("ffInputGuard", true);
        w->setFocusPolicy(Qt::StrongFocus);
        w->installEventFilter(instance());
    }
}

bool InputGuard::eventFilter(QObject *watched, QEvent *event)
{
    auto *w = qobject_cast<QWidget *>(watched);
    if (!w)
        return false;
    if (event->type() == QEvent::Wheel && !w->hasFocus()) {
        // Not consumed: QApplication passes an ignored wheel event on to the parent (the scroll area).
        event->ignore();
        return true;
    }
    if (event->type() == QEvent::ShortcutOverride) {
        // A spin box's line edit claims Ctrl+Z for its own text; the scenario's undo comes first.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->ignore();
            return true;
        }
    }
    return false;
}

} // namespace ffui
