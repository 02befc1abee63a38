#pragma once
// What the import suites share (tst_import, tst_import_prices, tst_machine): the sample files of
// tests/import-files, the shipped data's path, the command line run as a process, and a hash of
// every file of a tree (an import must leave the shipped data byte for byte).
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <string>

#include "files/importers.h"
#include "files/userdata.h"

namespace {

const std::string kData = FF_SOURCE_DATA_DIR;

inline QString fixture(const char *name) { return QStringLiteral(FF_IMPORT_FILES_DIR "/") + QString::fromLatin1(name); }

inline std::string readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

inline ff::LlamaBenchOptions today()
{
    ff::LlamaBenchOptions o;
    o.today = "2026-11-30";
    return o;
}

// Every file of the shipped data directory, hashed: an import must leave them byte for byte.
inline QMap<QString, QByteArray> hashTree(const QString &dir)
{
    QMap<QString, QByteArray> h;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            h[p] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    return h;
}

struct Run {
    int code;
    QString out, err;
};

inline Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FF_APP_PATH), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The layer with one llama-bench import of `file`.
inline ff::UserLayer benchLayer(const ff::DataSet &d, const char *file)
{
    const ff::ImportPreview pv = ff::previewLlamaBench(d, readText(fixture(file)), fixture(file).toStdString(), today());
    return ff::withImport(ff::UserLayer{}, pv.import);
}

} // namespace
