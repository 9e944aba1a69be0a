// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionexporter.h"

#include "session.h"
#include "sessionstore.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <iterator>

namespace {

const char *const CsvColumns[] = {
    "id",
    "status",
    "user_id",
    "client_id",
    "created_at",
    "updated_at",
    "last_active_at",
    "expire_at",
    "abandon_at",
    "browser",
    "browser_version",
    "device_type",
    "is_mobile",
    "ip_address",
    "city",
    "country",
    "impersonated_by",
    "last_active_organization_id",
    "tasks",
};

QString isoTime(qint64 ms)
{
    if (ms == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray csvLine(const Session &session)
{
    const SessionActivity activity = session.latestActivity.value_or(SessionActivity());
    const QString cells[] = {
        session.id,
        session.statusText,
        session.userId,
        session.clientId,
        isoTime(session.createdAt),
        isoTime(session.updatedAt),
        isoTime(session.lastActiveAt),
        isoTime(session.expireAt),
        isoTime(session.abandonAt),
        activity.browserName,
        activity.browserVersion,
        activity.deviceType,
        session.latestActivity
            ? (activity.isMobile ? QStringLiteral("true") : QStringLiteral("false"))
            : QString(),
        activity.ipAddress,
        activity.city,
        activity.country,
        session.actorSub,
        session.lastActiveOrganizationId,
        session.tasks ? session.tasks->join(u' ') : QString(),
    };
    QByteArray line;
    for (std::size_t i = 0; i < std::size(cells); ++i) {
        if (i > 0)
            line += ',';
        line += SessionExporter::csvCell(cells[i]);
    }
    line += "\r\n";
    return line;
}

} // namespace

SessionExporter::Format SessionExporter::formatFor(const QString &path)
{
    return QFileInfo(path).suffix().compare(u"csv", Qt::CaseInsensitive) == 0 ? Format::Csv
                                                                              : Format::Json;
}

QString SessionExporter::csvHeader()
{
    QStringList names;
    for (const char *name : CsvColumns)
        names.append(QLatin1StringView(name));
    return names.join(u',');
}

bool SessionExporter::write(const QString &path, Format format, const SessionStore &store,
                            const std::vector<int> &rows, QString *error)
{
    QSaveFile file(path);
    auto fail = [&] {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail();

    // Buffered: one write() per ~1 MB, not per row.
    QByteArray buffer;
    buffer.reserve(1 << 20);
    auto flush = [&](bool force) {
        if (!force && buffer.size() < (1 << 20))
            return true;
        const bool ok = file.write(buffer) == buffer.size();
        buffer.clear();
        return ok;
    };

    if (format == Format::Csv) {
        buffer += csvHeader().toUtf8() + "\r\n";
        for (int row : rows) {
            buffer += csvLine(store.session(row));
            if (!flush(false))
                return fail();
        }
    } else {
        buffer += "{\"data\":[";
        bool first = true;
        for (int row : rows) {
            if (!first)
                buffer += ',';
            first = false;
            buffer += QJsonDocument(store.session(row).toJson()).toJson(QJsonDocument::Compact);
            if (!flush(false))
                return fail();
        }
        buffer += "],\"total_count\":" + QByteArray::number(qint64(rows.size())) + "}\n";
    }
    if (!flush(true) || !file.commit())
        return fail();
    return true;
}

QByteArray SessionExporter::csvCell(const QString &value)
{
    QString text = value;
    // A spreadsheet runs a cell that starts like a formula; an export must not carry one in.
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    const bool quote =
        text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (!quote)
        return text.toUtf8();
    text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return '"' + text.toUtf8() + '"';
}
