// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class ClerkConfig;

// One line of the revocation audit log: one attempt to revoke one session, and what came of it.
// The instance is named by its API URL and its key's kind, never by the key.
//
// JSON keys: time (ISO 8601, UTC, milliseconds), api_url, key_kind, operator, session_id,
// user_id, previous_status, result, http_status, clerk_trace_id, reason, message.
struct AuditEntry
{
    qint64 time = 0; // milliseconds since the epoch
    QString apiUrl;
    QString keyKind; // "development" | "production" | "unknown"
    QString operatorName; // the OS user
    QString sessionId;
    QString userId;
    QString previousStatus;
    QString result; // "revoked" | "already_inactive" | "failed" | "not_found"
    int httpStatus = 0; // of the revocation request; 0 when no HTTP answer arrived
    QString traceId; // clerk_trace_id
    QString reason; // the operator's, optional
    QString message; // what went wrong, or what the read-back showed

    // apiUrl and keyKind of this instance (never the key), the operator and the time now.
    static AuditEntry forInstance(const ClerkConfig &instance);

    QJsonObject toJson() const;
    // Null when a required field (time, session_id, result) is missing or of the wrong type.
    static std::optional<AuditEntry> fromJson(const QJsonObject &object, QString *error = nullptr);

    bool operator==(const AuditEntry &) const = default;
};

Q_DECLARE_METATYPE(AuditEntry)

// The revocation audit log: append-only JSON Lines, one AuditEntry a line. append() opens the
// file for appending, writes the whole line in one write, flushes and fsyncs it, and closes the
// file before it returns, so that a crash or a kill in the middle of a batch leaves a valid log of
// every attempt made before it (at worst one incomplete last line, which read() reports).
class AuditLog
{
public:
    // QStandardPaths::AppDataLocation + "/revocations.jsonl".
    static QString defaultPath();
    explicit AuditLog(QString path = defaultPath());

    // Creates the folder and the file (mode 0600) when needed. False, with *error, when the line
    // could not be written and synced: the caller must not go on as if it had been.
    bool append(const AuditEntry &entry, QString *error = nullptr);

    // Every entry of the file, in order. A line that is not an entry is reported in *errors as
    // "line N: why" (1-based) and skipped; empty lines are ignored. A missing file is no entry
    // and no error.
    static QList<AuditEntry> read(const QString &path, QStringList *errors = nullptr);
    QList<AuditEntry> read(QStringList *errors = nullptr) const { return read(m_path, errors); }

    QString path() const { return m_path; }

    // The OS user running this (USER, USERNAME or LOGNAME, else the account of the process);
    // "unknown" when none is known.
    static QString operatorName();

private:
    QString m_path;
};
