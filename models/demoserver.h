// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QProcess;

// The demo's Clerk: the clerk-mock executable, run as a child process on a free loopback port
// (`sessiondesk --demo`). start() returns at once; ready() brings the URL and the test key that
// clerk-mock prints on its first two lines of stdout, failed() says why there will be none (no
// executable, it exited or crashed, it printed nothing usable in time), or that it stopped after
// it was ready. Exactly one of them is emitted for a start, then failed() at most once more.
//
// The child never outlives its parent: the destructor (and stop()) terminates it, then kills it
// after a short grace, and on Linux it is asked to receive SIGTERM when the parent dies, a
// crash included.
class DemoServer : public QObject
{
    Q_OBJECT

public:
    static constexpr const char ProgramName[] = "clerk-mock";
    static constexpr int DefaultStartTimeoutMs = 15'000;
    static constexpr int StopGraceMs = 1'000;

    struct Options
    {
        // The executable; empty: locateMock(searchDirectory, searchPath).
        QString program;
        QString searchDirectory; // empty: QCoreApplication::applicationDirPath()
        bool searchPath = true; // then the directories of $PATH
        QStringList arguments = demoArguments(); // `--port 0` is always added
        int startTimeoutMs = DefaultStartTimeoutMs;
    };

    explicit DemoServer(QObject *parent = nullptr);
    explicit DemoServer(const Options &options, QObject *parent = nullptr);
    // Stops the child (terminate, then kill after StopGraceMs); no signal is emitted.
    ~DemoServer() override;

    // Starts clerk-mock; false (and nothing emitted) when already started.
    bool start();
    // Stops the child, as the destructor does; no signal is emitted.
    void stop();

    bool isReady() const { return m_ready; }
    QUrl apiUrl() const { return m_apiUrl; } // empty until ready()
    // The test key clerk-mock accepts. Not secret (the mock's data is generated), but treated
    // like any key: passed on in a ClerkConfig, never logged.
    QString secretKey() const { return m_secretKey; }
    qint64 processId() const; // 0 when no child runs
    QString program() const { return m_program; } // the executable started, once start()ed

    // The executable in `directory`, else (when searchPath) in $PATH; empty when found nowhere.
    // `directory` empty: QCoreApplication::applicationDirPath().
    static QString locateMock(const QString &directory = {}, bool searchPath = true);
    // A demo that reads well: a few thousand sessions in a population of users, one user with
    // 1,500 to page through, and the real clock, so that "2 minutes ago" means just that.
    static QStringList demoArguments();
    // The demo's user with many sessions (its --bulk-user), to suggest as a first search.
    static constexpr int ExampleUserSessions = 1500;
    static QString exampleEmail();

signals:
    void ready(const QUrl &apiUrl, const QString &secretKey);
    void failed(const QString &message);

private:
    void readOutput();
    void readErrors();
    void fail(const QString &message);
    void endChild();
    QString errorTail() const;

    Options m_options;
    QProcess *m_process = nullptr;
    QTimer m_startTimer;
    QString m_program;
    QByteArray m_stdout; // until both lines are in
    QByteArray m_stderr; // its last MaxErrorBytes, for the failure message
    QUrl m_apiUrl;
    QString m_secretKey;
    bool m_started = false;
    bool m_ready = false;
    bool m_failed = false;
    bool m_stopped = false;

    static constexpr qsizetype MaxErrorBytes = 4096;
    static constexpr qsizetype MaxLineBytes = 4096;
};
