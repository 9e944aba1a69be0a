// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// clerk-mock: a local, faithful stand-in for Clerk's Backend API, for the demo, the tests and the
// benchmark. It listens on 127.0.0.1 only and prints two lines on stdout when it is ready: its
// URL (http://127.0.0.1:PORT, the value for CLERK_API_URL) and its test secret key.

#include "clerkmockserver.h"
#include "mockinstance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cstdio>
#include <limits>
#include <memory>
#include <type_traits>

namespace {

// Reads option `name` as a number in [minimum, maximum]; prints an error and returns false if it
// is not one.
template<typename T>
bool readNumber(const QCommandLineParser &parser, const QString &name, T minimum, T maximum, T &out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    T value{};
    if constexpr (std::is_floating_point_v<T>)
        value = T(text.toDouble(&ok));
    else if constexpr (std::is_unsigned_v<T>)
        value = T(text.toULongLong(&ok));
    else
        value = T(text.toLongLong(&ok));
    if (!ok || value < minimum || value > maximum) {
        std::fprintf(stderr, "clerk-mock: --%s must be a number from %s to %s, not \"%s\"\n",
                     qPrintable(name), qPrintable(QString::number(minimum)),
                     qPrintable(QString::number(maximum)), qPrintable(text));
        return false;
    }
    out = value;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clerk-mock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SESSIONDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local Clerk Backend API (sessions, users, clients) over generated data, for "
        "SessionDesk's demo and tests. Listens on 127.0.0.1 only; prints its URL and test key "
        "on stdout, one line each."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QList<QCommandLineOption> options = {
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (0: any free port)."),
         QStringLiteral("port"), QStringLiteral("0")},
        {QStringLiteral("sessions"),
         QStringLiteral("Sessions to generate, up to 1,000,000 (users have 1-20 each)."),
         QStringLiteral("n"), QStringLiteral("1000")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the data, trace ids and faults."),
         QStringLiteral("seed"), QStringLiteral("1")},
        {QStringLiteral("now"),
         QStringLiteral("The instance's clock at start, ms since the epoch, or \"now\" for "
                        "the real clock (default: 2026-11-26T00:00:00Z, the generator's, so "
                        "that a seed always gives the same data)."),
         QStringLiteral("ms")},
        {QStringLiteral("bulk-user"),
         QStringLiteral("Add a user with n sessions, email bulk<n>@sessiondesk.test "
                        "(repeatable)."),
         QStringLiteral("n")},
        {QStringLiteral("key"), QStringLiteral("The secret key to accept."), QStringLiteral("key"),
         QString::fromLatin1(ClerkMockServer::DefaultSecretKey)},
        {QStringLiteral("rate-limit"),
         QStringLiteral("Requests admitted per window (0: no limit)."), QStringLiteral("n"),
         QString::number(MockRateLimiter::DefaultLimit)},
        {QStringLiteral("rate-window-ms"), QStringLiteral("The rate limit's window."),
         QStringLiteral("ms"), QString::number(MockRateLimiter::DefaultWindowMs)},
        {QStringLiteral("latency-ms"), QStringLiteral("Delay added to every answer."),
         QStringLiteral("ms"), QStringLiteral("0")},
        {QStringLiteral("error-rate"),
         QStringLiteral("Fraction of requests answered 500, 502 or 503."),
         QStringLiteral("fraction"), QStringLiteral("0")},
        {QStringLiteral("drop-rate"),
         QStringLiteral("Fraction of answers whose connection closes mid-body."),
         QStringLiteral("fraction"), QStringLiteral("0")},
        {QStringLiteral("malformed-rate"),
         QStringLiteral("Fraction of answers with a malformed JSON body."),
         QStringLiteral("fraction"), QStringLiteral("0")},
    };
    parser.addOptions(options);
    parser.process(app);

    MockInstance::Options data;
    ClerkMockServer::Options server;
    quint16 port = 0;
    qint64 latency = 0;
    bool ok = readNumber<quint16>(parser, QStringLiteral("port"), 0, 65535, port) &&
        readNumber<qint64>(parser, QStringLiteral("sessions"), 0, MockInstance::MaxSessions,
                           data.sessions) &&
        readNumber<std::uint64_t>(parser, QStringLiteral("seed"), 0,
                                  std::numeric_limits<std::uint64_t>::max(), data.seed) &&
        (parser.value(QStringLiteral("now")) == u"now"
             ? (data.now = QDateTime::currentMSecsSinceEpoch(), true)
             : readNumber<qint64>(parser, QStringLiteral("now"), 1,
                                  std::numeric_limits<qint64>::max() / 2, data.now)) &&
        readNumber<int>(parser, QStringLiteral("rate-limit"), 0, 1'000'000, server.rateLimit) &&
        readNumber<qint64>(parser, QStringLiteral("rate-window-ms"), 1, 3'600'000,
                           server.rateWindowMs) &&
        readNumber<qint64>(parser, QStringLiteral("latency-ms"), 0, 600'000, latency) &&
        readNumber<double>(parser, QStringLiteral("error-rate"), 0, 1, server.faults.serverError) &&
        readNumber<double>(parser, QStringLiteral("drop-rate"), 0, 1, server.faults.drop) &&
        readNumber<double>(parser, QStringLiteral("malformed-rate"), 0, 1, server.faults.malformed);
    for (const QString &text : parser.values(QStringLiteral("bulk-user"))) {
        const int count = text.toInt(&ok);
        if (!ok || count < 1 || count > MockInstance::MaxSessions) {
            std::fprintf(stderr, "clerk-mock: --bulk-user must be a number from 1 to 1000000\n");
            ok = false;
            break;
        }
        data.bulkUsers.append(count);
    }
    if (!ok)
        return 2;
    server.latencyMs = int(latency);
    server.seed = data.seed;
    server.secretKey = parser.value(QStringLiteral("key"));
    if (server.secretKey.isEmpty()) {
        std::fprintf(stderr, "clerk-mock: --key must not be empty\n");
        return 2;
    }

    auto instance = std::make_unique<MockInstance>(data);
    const QLocale english(QLocale::English);
    std::fprintf(stderr, "clerk-mock: %s sessions of %s users in %s clients, seed %llu\n",
                 qPrintable(english.toString(instance->sessionCount())),
                 qPrintable(english.toString(instance->userCount())),
                 qPrintable(english.toString(instance->clientCount())),
                 static_cast<unsigned long long>(data.seed));
    for (qsizetype n = 0; n < data.bulkUsers.size(); ++n) {
        const int user = instance->bulkUser(int(n));
        std::fprintf(stderr, "clerk-mock: bulk user %s <%s> has %d sessions\n",
                     qPrintable(instance->userId(user)), qPrintable(instance->userEmail(user)),
                     instance->userSessionCount(user));
    }

    ClerkMockServer mock(std::move(instance), server);
    if (mock.listen(port) == 0) {
        std::fprintf(stderr, "clerk-mock: cannot listen on 127.0.0.1:%u\n", unsigned(port));
        return 1;
    }
    std::printf("%s\n%s\n", qPrintable(mock.url().toString()), qPrintable(mock.secretKey()));
    std::fflush(stdout);
    return app.exec();
}
