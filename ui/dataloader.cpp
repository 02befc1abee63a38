#include "dataloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>

#include "data/dataset.h"
#include "solver/forecast.h"
#include "solver/forecastable.h"
#include "qtstrings.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

namespace ffui {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ffui::DataLoader", text);
}
} // namespace

std::shared_ptr<const ff::Engine> DataLoader::load(const QString &dir)
{
    return std::make_shared<const ff::Engine>(ff::loadDataSet(QDir(dir).absolutePath().toStdString()));
}

std::shared_ptr<const ff::Engine> DataLoader::load(const QString &dir, QString *error)
{
    try {
        return load(dir);
    } catch (const ff::DataError &e) {
        QString where = qs(e.file());
        if (!e.field().empty())
            where = tr("%1, field %2").arg(where, qs(e.field()));
        *error = tr("In %1: %2").arg(where, qs(e.what()));
    } catch (const std::exception &e) {
        *error = qs(e.what());
    }
    return nullptr;
}

QString DataLoader::choose(QWidget *parent, const QString &current)
{
    return QFileDialog::getExistingDirectory(parent, tr("Open Data Directory"), current);
}

ff::Scenario DataLoader::carry(const ff::Engine &to, const ff::Scenario &from, QStringList *dropped)
{
    const ff::CarriedScenario carried = ff::carryScenario(to, from);
    for (const std::string &name : carried.droppedValues)
        *dropped << qs(name);
    if (!carried.droppedTarget.empty())
        *dropped << tr("target model %1").arg(qs(carried.droppedTarget));
    if (carried.droppedAsOf)
        *dropped << tr("as of %1").arg(qs(ff::formatMonth(*carried.droppedAsOf)));
    return carried.scenario;
}

} // namespace ffui
