// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

// Real HTTP over loopback to an in-process ClerkMockServer, for the mock's tests: each call
// sends one request with QNetworkAccessManager and waits for its answer with QSignalSpy (tests
// only; production code never waits).

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QUrl>

#include <memory>

struct MockAnswer
{
    int status = 0; // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonDocument json; // null when the body is not JSON
    QJsonParseError parseError{};
    QByteArray contentType;
    QByteArray traceId; // X-Clerk-Trace-Id
    QByteArray retryAfter;
    qint64 contentLength = -1;
    qint64 elapsedMs = 0;
};

class MockHttp
{
public:
    MockHttp(const QUrl &base, const QString &key)
        : m_base(base)
        , m_key(key)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
    }

    void setKey(const QString &key) { m_key = key; }

    QNetworkReply *start(const QByteArray &verb, const QString &pathAndQuery)
    {
        QNetworkRequest request(m_base.resolved(QUrl(pathAndQuery)));
        if (!m_key.isNull())
            request.setRawHeader("Authorization", "Bearer " + m_key.toUtf8());
        return m_manager.sendCustomRequest(request, verb);
    }

    static MockAnswer finish(QNetworkReply *reply, const QElapsedTimer &timer = {})
    {
        std::unique_ptr<QNetworkReply, void (*)(QNetworkReply *)> owner(
            reply, [](QNetworkReply *r) { r->deleteLater(); });
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(15000);
        }
        MockAnswer answer;
        answer.elapsedMs = timer.isValid() ? timer.elapsed() : 0;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.error = reply->error();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body, &answer.parseError);
        answer.contentType = reply->rawHeader("Content-Type");
        answer.traceId = reply->rawHeader("X-Clerk-Trace-Id");
        answer.retryAfter = reply->rawHeader("Retry-After");
        bool ok = false;
        const qint64 length = reply->rawHeader("Content-Length").toLongLong(&ok);
        answer.contentLength = ok ? length : -1;
        return answer;
    }

    MockAnswer send(const QByteArray &verb, const QString &pathAndQuery)
    {
        QElapsedTimer timer;
        timer.start();
        return finish(start(verb, pathAndQuery), timer);
    }
    MockAnswer get(const QString &pathAndQuery) { return send("GET", pathAndQuery); }
    MockAnswer post(const QString &pathAndQuery) { return send("POST", pathAndQuery); }

    QNetworkAccessManager &manager() { return m_manager; }

private:
    QNetworkAccessManager m_manager;
    QUrl m_base;
    QString m_key;
};
