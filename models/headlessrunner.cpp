// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "headlessrunner.h"

#include "loadsummary.h"
#include "sessionloader.h"
#include "sessiontablemodel.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QTextStream>

HeadlessRunner::HeadlessRunner(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{ }

int HeadlessRunner::summary(const QStringList &paths)
{
    if (paths.isEmpty()) {
        m_err << "sessiondesk: --summary needs at least one FILE\n";
        return NoInput;
    }
    SessionTableModel model;
    SessionLoader loader(&model);
    LoadResult result;
    QEventLoop loop;
    QObject::connect(&loader, &SessionLoader::finished, &loop, [&](const LoadResult &r) {
        result = r;
        loop.quit();
    });
    loader.start(paths);
    loop.exec();

    for (const FileReport &file : std::as_const(result.files)) {
        if (file.failed())
            m_err << "sessiondesk: " << file.errorText() << '\n';
    }
    m_out << QJsonDocument(LoadSummary::toJson(result, model.store()))
                 .toJson(QJsonDocument::Indented);
    m_out.flush();
    m_err.flush();
    if (model.rowCount() == 0) {
        // Say why: the first few skipped records, when that is all there was.
        constexpr int MaxListed = 5;
        int listed = 0;
        for (const FileReport &file : std::as_const(result.files)) {
            for (const RecordError &error : file.errors) {
                if (listed++ == MaxListed)
                    break;
                m_err << "sessiondesk: " << file.path << ':' << error.line << ':' << error.column
                      << ": record " << error.record << (error.field.isEmpty() ? "" : ", ")
                      << error.field << ": " << error.message << '\n';
            }
        }
        m_err << "sessiondesk: no sessions could be read\n";
        m_err.flush();
        return NoInput;
    }
    return Success;
}
