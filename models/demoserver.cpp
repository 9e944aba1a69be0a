// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "demoserver.h"

#include "clerkconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace {

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 1);
}

} // namespace

DemoServer::DemoServer(QObject *parent)
    : DemoServer(Options(), parent)
{ }

DemoServer::DemoServer(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_startTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("clerk-mock did not get ready within %1 s%2")
                 .arg(seconds(m_options.startTimeoutMs), errorTail()));
    });
}

DemoServer::~DemoServer()
{
    stop();
}

QStringList DemoServer::demoArguments()
{
    return {QStringLiteral("--sessions"),  QStringLiteral("5000"),
            QStringLiteral("--bulk-user"), QString::number(ExampleUserSessions),
            QStringLiteral("--now"),       QStringLiteral("now")};
}

QString DemoServer::exampleEmail()
{
    // clerk-mock names a --bulk-user N bulk<N>@sessiondesk.test.
    return QStringLiteral("bulk%1@sessiondesk.test").arg(ExampleUserSessions);
}

QString DemoServer::locateMock(const QString &directory, bool searchPath)
{
    const QString name = QString::fromLatin1(ProgramName);
    const QString dir = directory.isEmpty() ? QCoreApplication::applicationDirPath() : directory;
    QString found = QStandardPaths::findExecutable(name, {dir});
    if (found.isEmpty() && searchPath)
        found = QStandardPaths::findExecutable(name); // $PATH
    return found;
}

bool DemoServer::start()
{
    if (m_started)
        return false;
    m_started = true;
    const QString directory = m_options.searchDirectory.isEmpty()
        ? QCoreApplication::applicationDirPath()
        : m_options.searchDirectory;
    m_program = m_options.program.isEmpty() ? locateMock(directory, m_options.searchPath)
                                            : m_options.program;
    if (m_program.isEmpty()) {
        // Asynchronously, as every other outcome: the caller connects after start() too.
        const QString message =
            QStringLiteral("clerk-mock was not found next to sessiondesk (looked in %1%2)")
                .arg(QDir::toNativeSeparators(directory),
                     m_options.searchPath ? QStringLiteral(" and in $PATH") : QString());
        QMetaObject::invokeMethod(
            this, [this, message] { fail(message); }, Qt::QueuedConnection);
        return true;
    }

    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    m_process->setArguments(QStringList{QStringLiteral("--port"), QStringLiteral("0")} +
                            m_options.arguments);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setInputChannelMode(QProcess::ManagedInputChannel);
#ifdef Q_OS_LINUX
    // Dies with us, even when we are killed: a SIGTERM when the thread that started it ends.
    // If we died before prctl() took effect, the child has been re-parented already.
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(1);
    });
#endif
    connect(m_process, &QProcess::readyReadStandardOutput, this, &DemoServer::readOutput);
    connect(m_process, &QProcess::readyReadStandardError, this, &DemoServer::readErrors);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        // The other errors end in finished(), which says more.
        if (error == QProcess::FailedToStart)
            fail(QStringLiteral("clerk-mock could not be started (%1): %2")
                     .arg(QDir::toNativeSeparators(m_program), m_process->errorString()));
    });
    connect(
        m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
            readErrors();
            const QString how = status == QProcess::CrashExit
                ? QStringLiteral("crashed")
                : QStringLiteral("exited with code %1").arg(exitCode);
            fail(m_ready
                     ? QStringLiteral("clerk-mock stopped: it %1%2").arg(how, errorTail())
                     : QStringLiteral("clerk-mock %1 before it was ready%2").arg(how, errorTail()));
        });
    m_startTimer.start(m_options.startTimeoutMs);
    m_process->start();
    return true;
}

void DemoServer::stop()
{
    m_stopped = true;
    m_startTimer.stop();
    endChild();
}

void DemoServer::endChild()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        // clerk-mock ends at once on SIGTERM; the waits are bounded, and only at shutdown or
        // after a failure.
        m_process->terminate();
        if (!m_process->waitForFinished(StopGraceMs)) {
            m_process->kill();
            m_process->waitForFinished(StopGraceMs);
        }
    }
    // Later: this may run in one of its own signals.
    m_process->deleteLater();
    m_process = nullptr;
}

qint64 DemoServer::processId() const
{
    return m_process && m_process->state() != QProcess::NotRunning ? m_process->processId() : 0;
}

void DemoServer::readOutput()
{
    const QByteArray bytes = m_process->readAllStandardOutput();
    if (m_ready || m_failed)
        return; // nothing more is expected; drained so that the pipe never fills
    m_stdout += bytes;
    const qsizetype first = m_stdout.indexOf('\n');
    const qsizetype second = first < 0 ? -1 : m_stdout.indexOf('\n', first + 1);
    if (second < 0) {
        if (m_stdout.size() > 2 * MaxLineBytes)
            fail(QStringLiteral("clerk-mock printed no URL and key%1").arg(errorTail()));
        return;
    }
    const QString urlText = QString::fromUtf8(m_stdout.left(first)).trimmed();
    const QString key = QString::fromUtf8(m_stdout.mid(first + 1, second - first - 1)).trimmed();
    m_stdout.clear();
    const QUrl url(urlText, QUrl::StrictMode);
    // Plain http, so only ever to this machine (ClerkConfig would refuse anything else too).
    if (!url.isValid() || url.scheme() != u"http" || !ClerkConfig::isLoopbackHost(url.host()) ||
        url.port() <= 0) {
        fail(QStringLiteral("clerk-mock printed \"%1\" where its loopback URL should be")
                 .arg(urlText.left(200)));
        return;
    }
    if (key.isEmpty()) {
        fail(QStringLiteral("clerk-mock printed no secret key"));
        return;
    }
    m_startTimer.stop();
    m_stderr.clear(); // what it says from now on explains a later stop, not its start
    m_apiUrl = url;
    m_secretKey = key;
    m_ready = true;
    emit ready(m_apiUrl, m_secretKey);
}

void DemoServer::readErrors()
{
    if (!m_process)
        return;
    m_stderr += m_process->readAllStandardError();
    if (m_stderr.size() > MaxErrorBytes)
        m_stderr = m_stderr.right(MaxErrorBytes);
}

// ": <what clerk-mock wrote on stderr>", or nothing when it wrote nothing.
QString DemoServer::errorTail() const
{
    const QString text = QString::fromUtf8(m_stderr).trimmed();
    return text.isEmpty() ? QString() : QStringLiteral(": ") + text;
}

void DemoServer::fail(const QString &message)
{
    if (m_failed || m_stopped)
        return;
    m_failed = true;
    m_startTimer.stop();
    endChild(); // e.g. running but silent: not left behind
    emit failed(message);
}
