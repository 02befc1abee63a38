#pragma once
// Help > Model and equations (the model's README, rendered) and Help > Data sources (where every
// catalog entry and assumption comes from, searchable). Both are non-modal.
#include <QDialog>
#include <QList>
#include <QStringList>

#include "data/dataset.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTextBrowser;
QT_END_NAMESPACE

namespace ffui {

class ModelDialog : public QDialog {
    Q_OBJECT
public:
    explicit ModelDialog(const QString &dataDir, QWidget *parent = nullptr);

    // The model document for a data directory: <dataDir>/../MODEL.md (installed), then
    // <dataDir>/../model/README.md (source tree). Empty when neither exists.
    static QString locate(const QString &dataDir);
    static QStringList candidates(const QString &dataDir);
    QString path() const { return mPath; }
    QTextBrowser *browser() const { return mBrowser; }

private:
    QString mPath;
    QTextBrowser *mBrowser = nullptr;
};

class DataSourcesDialog : public QDialog {
    Q_OBJECT
public:
    explicit DataSourcesDialog(const ff::DataSet &data, QWidget *parent = nullptr);

    // Kind, name, source, origin (shipped or imported): one row per catalog entry (parts, open and frontier models, quantization,
    // measurements, trend figures), per assumption and for the settings.
    static QList<QStringList> rows(const ff::DataSet &data);
    void setFilter(const QString &text);
    int visibleRows() const;
    // The size it opens at on a screen whose available area is `screen`: 1100x700, or 95% of a
    // smaller screen (a 1280x720 projector).
    static QSize sizeFor(const QSize &screen);
    QTableView *view() const { return mView; }

private:
    QLineEdit *mFilter = nullptr;
    QTableView *mView = nullptr;
    QStandardItemModel *mModel = nullptr;
    QSortFilterProxyModel *mProxy = nullptr;
    QLabel *mCount = nullptr;
};

} // namespace ffui
