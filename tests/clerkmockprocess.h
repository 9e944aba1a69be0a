// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QUrlQuery>

#include <memory>

// The real clerk-mock executable (CLERK_MOCK_BINARY), as `sessiondesk --demo` runs it, for tests
// that run the real binaries against each other.
struct ClerkMockProcess
{
    QProcess process;
    QString url;
    QString key;

    bool start(const QStringList &arguments)
    {
        process.setProgram(QStringLiteral(CLERK_MOCK_BINARY));
        process.setArguments(arguments);
        process.start();
        if (!process.waitForStarted(10'000))
            return false;
        // Ready once it has printed its URL and key, a line each.
        while (process.peek(4096).count('\n') < 2) {
            if (!process.waitForReadyRead(30'000))
                return false;
        }
        url = QString::fromUtf8(process.readLine()).trimmed();
        key = QString::fromUtf8(process.readLine()).trimmed();
        return !url.isEmpty() && !key.isEmpty();
    }

    ~ClerkMockProcess()
    {
        process.terminate();
        if (!process.waitForFinished(5'000))
            process.kill();
        process.waitForFinished(5'000);
    }

    // GET /v1/<path>?<query> with the key, as JSON; asked again after an (injected) failure.
    QJsonDocument get(const QString &path, const QUrlQuery &query = {}) const
    {
        QUrl endpoint(url + QStringLiteral("/v1/") + path);
        endpoint.setQuery(query);
        QNetworkRequest request(endpoint);
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        QNetworkAccessManager manager;
        for (int attempt = 0; attempt < 30; ++attempt) {
            std::unique_ptr<QNetworkReply> reply(manager.get(request));
            QSignalSpy done(reply.get(), &QNetworkReply::finished);
            if (!done.wait(10'000))
                return {};
            const QJsonDocument document = QJsonDocument::fromJson(reply->readAll());
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 &&
                !document.isNull())
                return document;
        }
        return {};
    }

    // CLERK_SECRET_KEY (this mock's key unless another is given) and CLERK_API_URL.
    QProcessEnvironment environment(const QString &secretKey = {}) const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("CLERK_SECRET_KEY"), secretKey.isEmpty() ? key : secretKey);
        env.insert(QStringLiteral("CLERK_API_URL"), url);
        return env;
    }
};
