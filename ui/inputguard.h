#pragma once
// Exploring without surprises: a control that does not have the keyboard focus never takes the
// mouse wheel (the wheel scrolls the panel under it instead), and Undo / Redo always act on the
// scenario, even while a spin box or a combo box has the focus.
#include <QObject>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace ffui {

class InputGuard : public QObject {
    Q_OBJECT
public:
    // Guards every slider, spin box and combo box under `root` (and `root` itself): they take the
    // focus by click or Tab only (Qt::StrongFocus), ignore the wheel without it, and leave the
    // Undo and Redo shortcuts to the window.
    static void install(QWidget *root);
    static InputGuard *instance();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
};

} // namespace ffui
