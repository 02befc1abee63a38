#pragma once
// The imports panel under Help > Data Sources: every import with its origin and row count, "Use
// shipped data only" and "Remove this import" (each one click, one undoable step of the store's
// QUndoStack), and Undo/Redo for those steps.
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QListWidget;
class QPushButton;
class QToolButton;
QT_END_NAMESPACE

namespace ffui {

class UserDataStore;

class UserDataPanel : public QWidget {
    Q_OBJECT
public:
    UserDataPanel(UserDataStore *store, QWidget *parent = nullptr);

    // The buttons' actions, for tests and the menu: false (with a message shown) when refused.
    bool setShippedOnly(bool on);
    bool removeImport(int row);
    QListWidget *list() const { return mList; }

private:
    void refresh();

    UserDataStore *mStore;
    QLabel *mState = nullptr;
    QListWidget *mList = nullptr;
    QPushButton *mShippedOnly = nullptr;
    QPushButton *mRemove = nullptr;
    QToolButton *mUndo = nullptr;
    QToolButton *mRedo = nullptr;
};

} // namespace ffui
