// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "auditlog.h"

#include "clerkconfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <utility>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>
#endif

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

#ifndef Q_OS_WIN
// write() the whole buffer, resuming after a partial write or a signal.
bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, std::size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += written;
        left -= written;
    }
    return true;
}
#endif

} // namespace

AuditEntry AuditEntry::forInstance(const ClerkConfig &instance)
{
    AuditEntry entry;
    entry.time = QDateTime::currentMSecsSinceEpoch();
    entry.apiUrl = instance.apiUrl().toString();
    entry.keyKind = ClerkConfig::keyKindName(instance.keyKind());
    entry.operatorName = AuditLog::operatorName();
    return entry;
}

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject{
        {QStringLiteral("time"), timeText(time)},
        {QStringLiteral("api_url"), apiUrl},
        {QStringLiteral("key_kind"), keyKind},
        {QStringLiteral("operator"), operatorName},
        {QStringLiteral("session_id"), sessionId},
        {QStringLiteral("user_id"), nullable(userId)},
        {QStringLiteral("previous_status"), nullable(previousStatus)},
        {QStringLiteral("result"), result},
        {QStringLiteral("http_status"), httpStatus},
        {QStringLiteral("clerk_trace_id"), nullable(traceId)},
        {QStringLiteral("reason"), nullable(reason)},
        {QStringLiteral("message"), nullable(message)},
    };
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &object, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<AuditEntry> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    // Optional text: absent or null is a null string; anything else must be a string.
    bool wrongType = false;
    QString wrongKey;
    auto text = [&](const char *key) {
        const QJsonValue value = object.value(QLatin1StringView(key));
        if (value.isUndefined() || value.isNull())
            return QString();
        if (!value.isString() && !wrongType) {
            wrongType = true;
            wrongKey = QLatin1StringView(key);
        }
        return value.toString();
    };

    AuditEntry entry;
    const QJsonValue time = object.value(u"time");
    if (!time.isString())
        return fail(QStringLiteral("\"time\" is missing or not a string"));
    const QDateTime parsed = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
    if (!parsed.isValid())
        return fail(QStringLiteral("\"time\" is not an ISO 8601 date: %1").arg(time.toString()));
    entry.time = parsed.toMSecsSinceEpoch();
    entry.sessionId = text("session_id");
    entry.result = text("result");
    if (entry.sessionId.isEmpty())
        return fail(QStringLiteral("\"session_id\" is missing"));
    if (entry.result.isEmpty())
        return fail(QStringLiteral("\"result\" is missing"));
    entry.apiUrl = text("api_url");
    entry.keyKind = text("key_kind");
    entry.operatorName = text("operator");
    entry.userId = text("user_id");
    entry.previousStatus = text("previous_status");
    entry.traceId = text("clerk_trace_id");
    entry.reason = text("reason");
    entry.message = text("message");
    if (wrongType)
        return fail(QStringLiteral("\"%1\" is not a string").arg(wrongKey));
    const QJsonValue http = object.value(u"http_status");
    if (!http.isUndefined() && !http.isNull() && !http.isDouble())
        return fail(QStringLiteral("\"http_status\" is not a number"));
    entry.httpStatus = http.toInt();
    return entry;
}

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
        QStringLiteral("/revocations.jsonl");
}

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{ }

QString AuditLog::operatorName()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
#ifndef Q_OS_WIN
    if (const passwd *account = ::getpwuid(::getuid()); account && account->pw_name)
        return QString::fromLocal8Bit(account->pw_name);
#endif
    return QStringLiteral("unknown");
}

bool AuditLog::append(const AuditEntry &entry, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("cannot write the audit log %1: %2").arg(m_path, why);
        return false;
    };
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(QStringLiteral("cannot create its folder"));
    const QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';

#ifdef Q_OS_WIN
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return fail(file.errorString());
    if (file.write(line) != line.size() || !file.flush())
        return fail(file.errorString());
    if (::_commit(file.handle()) != 0)
        return fail(QStringLiteral("cannot flush it to disk"));
    return true;
#else
    const QByteArray native = QFile::encodeName(m_path);
    const bool created = !info.exists();
    const int fd = ::open(native.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(QString::fromLocal8Bit(std::strerror(errno)));
    // One write() of the whole line: with O_APPEND it lands at the end as a unit.
    const bool written = writeAll(fd, line);
    const int writeErrno = errno;
    const bool synced = written && ::fsync(fd) == 0;
    const int syncErrno = errno;
    ::close(fd);
    if (!written)
        return fail(QString::fromLocal8Bit(std::strerror(writeErrno)));
    if (!synced)
        return fail(QString::fromLocal8Bit(std::strerror(syncErrno)));
    if (created) {
        // The new file's directory entry must reach the disk too.
        const QByteArray folder = QFile::encodeName(info.absolutePath());
        const int dirFd = ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirFd >= 0) {
            ::fsync(dirFd);
            ::close(dirFd);
        }
    }
    return true;
#endif
}

QList<AuditEntry> AuditLog::read(const QString &path, QStringList *errors)
{
    QList<AuditEntry> entries;
    QFile file(path);
    if (!file.exists())
        return entries;
    if (!file.open(QIODevice::ReadOnly)) {
        if (errors)
            errors->append(QStringLiteral("%1: %2").arg(path, file.errorString()));
        return entries;
    }
    const QByteArray all = file.readAll();
    const QList<QByteArray> lines = all.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const int number = int(i + 1);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        QString why;
        if (document.isNull())
            why = parseError.errorString();
        else if (!document.isObject())
            why = QStringLiteral("not a JSON object");
        else if (std::optional<AuditEntry> entry = AuditEntry::fromJson(document.object(), &why))
            entries.append(*entry);
        if (!why.isEmpty() && errors)
            errors->append(QStringLiteral("line %1: %2").arg(number).arg(why));
    }
    return entries;
}
