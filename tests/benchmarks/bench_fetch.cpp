// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_fetch: how fast SessionDesk's Clerk client fetches every session of many users, and how
// much of the rate budget it uses when the limit binds.
//
//   bench_fetch [--scenario all|limited|unlimited] [--users 1200] [--bulk 3]
//               [--bulk-sessions 5000] [--sessions 20000] [--seed N] [--limit 100]
//               [--window-ms 1000] [--client-limit N] [--client-window-ms N] [--latency-ms 5]
//               [--parallel 8] [--max-concurrent 6] [--max-ahead 16] [--mock PATH] [--verbose]
//
// The mock runs as its own process (the clerk-mock executable), so its work does not share this
// event loop. The client is the real one: ClerkClient with its RateLimiter, SessionFetch with
// its paging, one SessionTableModel for every user. A run finds the --bulk users by their email
// addresses (bulk<N>@sessiondesk.test, N sessions each: many pages) and then the first --users
// of GET /users (500 a page), and fetches each user's sessions, --parallel users at a time,
// bulk users first: their fetches are chains (the first page says how many follow), which the
// other users' requests overlap, instead of a tail at the end of the run with nothing to fill
// the windows it waits in.
//
// What should have arrived is known independently: the same seed gives the same data, so a
// MockInstance made here lists every user's sessions. Every fetched row is checked against it:
// none lost, none doubled (the model merges by id, so doubling shows as more sessions applied
// than rows), none unexpected.
//
// Scenarios: "limited", the mock and the client both at --limit per --window-ms (the client's
// budget can be set apart with --client-limit and --client-window-ms), where the figure that
// counts is the share of the budget used (see budgetUse(); goal: at least 90 %); "unlimited",
// neither limits, for the raw throughput. A request refused with 429 means the mock and the
// client's limiter disagreed about a window; the client then holds every request for the
// answer's Retry-After (whole seconds, at least one), which --verbose shows as it happens.

#include "clerkclient.h"
#include "clerkconfig.h"
#include "mockinstance.h"
#include "sessionfetch.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

constexpr std::uint64_t DefaultSeed = 20260512;
constexpr double BudgetGoal = 0.90;
constexpr int MockStartTimeoutMs = 120'000;
constexpr int RunTimeoutMs = 600'000;

struct Settings
{
    QString mock = QStringLiteral(SESSIONDESK_CLERK_MOCK);
    qint64 sessions = 20'000;
    std::uint64_t seed = DefaultSeed;
    int users = 1200;
    int bulkUsers = 3;
    int bulkSessions = 5000;
    int limit = 100;
    qint64 windowMs = 1000;
    int clientLimit = 0; // 0: the mock's
    qint64 clientWindowMs = 0; // 0: the mock's
    int latencyMs = 5;
    int parallel = 8;
    SessionFetch::Options fetch;
    bool verbose = false; // progress on stderr every second
};

struct Scenario
{
    QString name;
    int mockLimit = 0; // 0: unlimited
    qint64 mockWindowMs = 1000;
    int clientLimit = 0; // 0: out of the way
    qint64 clientWindowMs = 1000;
};

// What one run measured.
struct Figures
{
    int users = 0;
    int failedFetches = 0;
    QString firstFailure;
    qint64 expected = 0; // sessions the fetched users have
    qint64 totalCounts = 0; // sum of the total_count each fetch saw
    qint64 applied = 0; // session records applied to the model, over all fetches
    int rows = 0;
    qint64 lost = 0;
    qint64 doubled = 0;
    qint64 unexpected = 0;
    qint64 sent = 0; // HTTP requests put on the wire, retries included
    qint64 discoverySent = 0; // of them, GET /users
    qint64 refused = 0; // answered 429
    qint64 otherFailures = 0; // neither 2xx nor 429
    qint64 retryAfterMs = 0; // sum of the 429s' Retry-After
    int maxInFlight = 0; // requests sent and not yet answered (QNAM opens 6 connections a host)
    // When each request the mock admitted (answered other than 429) was handed to the network,
    // by the client's limiter's clock.
    std::vector<qint64> admittedSentAt;
    qint64 elapsedMs = 0;

    qint64 admitted() const { return sent - refused; }
    bool rowsExact() const
    {
        return failedFetches == 0 && lost == 0 && doubled == 0 && unexpected == 0 &&
            totalCounts == expected && rows == expected;
    }
};

QString number(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

QString decimal(double value, int precision = 1)
{
    return QLocale(QLocale::English).toString(value, 'f', precision);
}

// clerk-mock as a child process: started with its options, ready once it printed its URL and
// key; terminated with the object.
class MockProcess
{
public:
    ~MockProcess()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QString &program, const QStringList &arguments, QString *error)
    {
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10'000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
            return false;
        }
        QElapsedTimer clock;
        clock.start();
        QStringList lines;
        while (lines.size() < 2) {
            if (m_process.canReadLine()) {
                lines.append(QString::fromUtf8(m_process.readLine()).trimmed());
                continue;
            }
            if (m_process.state() == QProcess::NotRunning || clock.elapsed() > MockStartTimeoutMs) {
                *error = QStringLiteral("clerk-mock did not start: %1")
                             .arg(QString::fromUtf8(m_process.readAllStandardError()).trimmed());
                return false;
            }
            m_process.waitForReadyRead(100);
        }
        url = lines[0];
        key = lines[1];
        startupMs = clock.elapsed();
        return true;
    }

    QString url;
    QString key;
    qint64 startupMs = 0;

private:
    QProcess m_process;
};

// A QNetworkAccessManager that notes when each request was handed to it, by `clock`, so that
// each answer can be put in the window its request went out in.
class TimedManager : public QNetworkAccessManager
{
public:
    std::function<qint64()> clock;
    std::unordered_map<const QNetworkReply *, qint64> sentAt;

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        QNetworkReply *reply =
            QNetworkAccessManager::createRequest(operation, request, outgoingData);
        sentAt[reply] = clock ? clock() : 0;
        return reply;
    }
};

class FetchRun
{
public:
    FetchRun(const Settings &settings, const Scenario &scenario, const MockInstance &truth)
        : m_settings(settings)
        , m_scenario(scenario)
        , m_truth(truth)
    { }

    // Runs the scenario against a mock at `url`; false (with *error) when it could not be run.
    bool run(const QString &url, const QString &key, Figures &figures, QString *error);

private:
    void findBulkUsers();
    void listUsers(int offset);
    void beginFetches();
    void startFetches();
    void fetchFinished(const SessionFetch::Result &result);
    void fail(const QString &message);
    void countAnswer(QNetworkReply *reply);
    void verify();

    const Settings &m_settings;
    const Scenario &m_scenario;
    const MockInstance &m_truth;
    Figures *m_figures = nullptr;
    TimedManager *m_manager = nullptr;
    ClerkClient *m_client = nullptr;
    SessionTableModel *m_model = nullptr;
    QEventLoop *m_loop = nullptr;
    QObject *m_context = nullptr;
    QString m_error;
    std::vector<QString> m_userIds; // bulk users first
    int m_listed = 0; // users taken from GET /users
    std::deque<QString> m_queue;
    int m_running = 0;
    int m_inFlight = 0;
    QElapsedTimer m_clock;
};

bool FetchRun::run(const QString &url, const QString &key, Figures &figures, QString *error)
{
    ClerkConfig config;
    config.setSecretKey(key);
    if (!config.setApiUrl(url, error))
        return false;
    // Out of the way when unlimited: the limiter lets this many through at once.
    if (m_scenario.clientLimit > 0)
        config.setRateLimit(m_scenario.clientLimit, m_scenario.clientWindowMs);
    else
        config.setRateLimit(std::numeric_limits<int>::max(), 1);

    TimedManager manager;
    ClerkClient client(&manager, config);
    manager.clock = [&client] { return client.rateLimiter().now(); };
    SessionTableModel model;
    QEventLoop loop;
    QObject context;
    m_figures = &figures;
    m_manager = &manager;
    m_client = &client;
    m_model = &model;
    m_loop = &loop;
    m_context = &context;

    QObject::connect(&client, &ClerkClient::requestSent, &context, [this](const QString &op) {
        ++m_figures->sent;
        if (op.endsWith(QLatin1String("/users")))
            ++m_figures->discoverySent;
        m_figures->maxInFlight = std::max(m_figures->maxInFlight, ++m_inFlight);
    });
    QObject::connect(&manager, &QNetworkAccessManager::finished, &context,
                     [this](QNetworkReply *reply) { countAnswer(reply); });
    QTimer::singleShot(RunTimeoutMs, &context, [this] {
        fail(QStringLiteral("the run took longer than %1 s").arg(RunTimeoutMs / 1000));
    });

    QTimer progress;
    if (m_settings.verbose) {
        QObject::connect(&progress, &QTimer::timeout, &context, [this] {
            std::fprintf(
                stderr,
                "  %6.1f s: sent %lld, refused %lld, in flight %d, rows %d, fetching %d, "
                "queued %zu, limiter waiting %d, held %lld ms more\n",
                double(m_clock.elapsed()) / 1000.0, static_cast<long long>(m_figures->sent),
                static_cast<long long>(m_figures->refused), m_inFlight, m_model->rowCount(),
                m_running, m_queue.size(), m_client->rateLimiter().waiting(),
                static_cast<long long>(std::max<qint64>(
                    0, m_client->rateLimiter().heldUntil() - m_client->rateLimiter().now())));
        });
        progress.start(1000);
    }
    m_clock.start();
    findBulkUsers();
    loop.exec();
    figures.elapsedMs = m_clock.elapsed();
    client.cancelAll();
    if (!m_error.isEmpty()) {
        *error = m_error;
        return false;
    }
    verify();
    return true;
}

void FetchRun::countAnswer(QNetworkReply *reply)
{
    --m_inFlight;
    const auto sent = m_manager->sentAt.extract(reply);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 429 && !sent.empty())
        m_figures->admittedSentAt.push_back(sent.mapped());
    if (status == 429) {
        ++m_figures->refused;
        m_figures->retryAfterMs +=
            std::max<qint64>(0, ClerkClient::parseRetryAfter(reply->rawHeader("Retry-After"), 0));
    } else if (status < 200 || status >= 300) {
        ++m_figures->otherFailures;
    }
}

void FetchRun::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    m_loop->quit();
}

// The bulk users first, by their email addresses (one request): their fetches are chains of
// dependent requests (the first page says how many follow), which the other users' requests
// then overlap, rather than leaving them for the end of the run, where nothing else would fill
// the windows they wait in.
void FetchRun::findBulkUsers()
{
    if (m_settings.bulkUsers <= 0) {
        listUsers(0);
        return;
    }
    ClerkClient::UserQuery query;
    query.limit = ClerkClient::MaxIdsPerRequest;
    for (int n = 0; n < m_settings.bulkUsers; ++n)
        query.emailAddresses.append(m_truth.userEmail(m_truth.bulkUser(n)));
    m_client->listUsers(query, m_context, [this](const ClerkResult &result) {
        if (!result.ok()) {
            fail(QStringLiteral("GET /users?email_address= failed: %1").arg(result.message()));
            return;
        }
        for (const QJsonValue &user : result.json().array())
            m_userIds.push_back(user.toObject().value(QStringLiteral("id")).toString());
        listUsers(0);
    });
}

// Then the first --users of GET /users, 500 a page.
void FetchRun::listUsers(int offset)
{
    ClerkClient::UserQuery query;
    query.limit = ClerkClient::MaxPageSize;
    query.offset = offset;
    m_client->listUsers(query, m_context, [this, offset](const ClerkResult &result) {
        if (!result.ok()) {
            fail(QStringLiteral("GET /users failed: %1").arg(result.message()));
            return;
        }
        const QJsonArray users = result.json().array();
        for (const QJsonValue &user : users) {
            const QString id = user.toObject().value(QStringLiteral("id")).toString();
            if (m_listed < m_settings.users &&
                std::find(m_userIds.begin(), m_userIds.end(), id) == m_userIds.end()) {
                m_userIds.push_back(id);
                ++m_listed;
            }
        }
        if (m_listed < m_settings.users && users.size() == ClerkClient::MaxPageSize)
            listUsers(offset + ClerkClient::MaxPageSize);
        else
            beginFetches();
    });
}

// Every user found, --parallel at a time.
void FetchRun::beginFetches()
{
    m_queue.assign(m_userIds.begin(), m_userIds.end());
    m_figures->users = int(m_userIds.size());
    startFetches();
}

void FetchRun::startFetches()
{
    while (m_running < m_settings.parallel && !m_queue.empty()) {
        auto *fetch = new SessionFetch(m_client, m_model, {m_queue.front(), {}, {}},
                                       m_settings.fetch, m_context);
        m_queue.pop_front();
        QObject::connect(fetch, &SessionFetch::finished, m_context,
                         [this, fetch](const SessionFetch::Result &result) {
                             fetch->deleteLater();
                             fetchFinished(result);
                         });
        ++m_running;
        fetch->start();
    }
    if (m_running == 0)
        m_loop->quit();
}

void FetchRun::fetchFinished(const SessionFetch::Result &result)
{
    --m_running;
    m_figures->applied += result.sessions;
    m_figures->totalCounts += std::max<qint64>(result.totalCount, 0);
    if (!result.complete()) {
        ++m_figures->failedFetches;
        if (m_figures->firstFailure.isEmpty())
            m_figures->firstFailure = result.message();
    }
    startFetches();
}

// Every row against what the mock has: a row of a fetched user's, once.
void FetchRun::verify()
{
    Figures &figures = *m_figures;
    std::unordered_map<std::string, std::string> owner; // session id → user id
    for (const QString &userId : m_userIds) {
        const int user = m_truth.findUser(userId);
        if (user < 0)
            continue;
        MockInstance::SessionFilter filter;
        filter.userId = userId;
        for (const int row : m_truth.sessions(filter))
            owner.emplace(m_truth.session(row).id.toStdString(), userId.toStdString());
    }
    figures.expected = qint64(owner.size());

    const SessionStore &store = m_model->store();
    figures.rows = store.size();
    std::unordered_set<std::string> seen;
    for (int row = 0; row < store.size(); ++row) {
        const std::string id(store.id(row));
        const auto it = owner.find(id);
        if (it == owner.end() || it->second != store.text(row, SessionStore::UserId) ||
            !seen.insert(id).second)
            ++figures.unexpected;
    }
    figures.lost = figures.expected - qint64(seen.size());
    // The model merges by session id, so a session delivered twice shows as one row: count what
    // was applied against the rows.
    figures.doubled = figures.applied - figures.rows;
}

// The share of the rate budget used, as the pace of the requests the mock admitted against the
// pace of a client that uses the whole budget. Under a sliding window such a client sends
// `limit` requests at once, then `limit` more each window: N requests take ⌈N / limit⌉ - 1
// windows from the first to the last. So the share is that ideal over the time the run took from
// its first to its last admitted request (send times, by the limiter's clock): requests per
// window / limit in the steady state, without the first window's burst flattering a short run.
// The whole run's admitted / (limit × elapsed / window), which that burst does flatter, is shown
// too.
struct Budget
{
    double share = 0;
    double wholeRun = 0;
    double windows = 0; // from the first admitted request to the last, in windows
    bool measurable = false; // more than one window's worth of requests
};

Budget budgetUse(const Figures &f, const Scenario &scenario)
{
    Budget budget;
    const double window = double(scenario.mockWindowMs);
    const double limit = double(scenario.mockLimit);
    budget.wholeRun =
        double(f.admitted()) * window / (double(std::max<qint64>(f.elapsedMs, 1)) * limit);
    const qint64 admitted = qint64(f.admittedSentAt.size());
    if (admitted <= scenario.mockLimit)
        return budget;
    const auto [first, last] =
        std::minmax_element(f.admittedSentAt.begin(), f.admittedSentAt.end());
    budget.windows = double(*last - *first) / window;
    const double ideal = std::ceil(double(admitted) / limit) - 1;
    budget.share = ideal / std::max(budget.windows, 1e-9);
    budget.measurable = true;
    return budget;
}

void printFigures(const Scenario &scenario, const Figures &f, bool &allPassed)
{
    const double seconds = double(f.elapsedMs) / 1000.0;
    std::printf("  users %s   sessions %s   requests %s (GET /users %s, refused 429 %s, "
                "other failures %s)\n",
                qPrintable(number(f.users)), qPrintable(number(f.rows)), qPrintable(number(f.sent)),
                qPrintable(number(f.discoverySent)), qPrintable(number(f.refused)),
                qPrintable(number(f.otherFailures)));
    std::printf("  elapsed %s s   requests/s %s   sessions/s %s   most in flight %d   "
                "Retry-After waited %s s\n",
                qPrintable(decimal(seconds, 2)), qPrintable(decimal(double(f.sent) / seconds)),
                qPrintable(number(qint64(double(f.rows) / seconds))), f.maxInFlight,
                qPrintable(decimal(double(f.retryAfterMs) / 1000.0)));
    std::printf("  rows: %s expected, %s total_count, %s applied, %s in the table; lost %s, "
                "doubled %s, unexpected %s, failed fetches %d\n",
                qPrintable(number(f.expected)), qPrintable(number(f.totalCounts)),
                qPrintable(number(f.applied)), qPrintable(number(f.rows)),
                qPrintable(number(f.lost)), qPrintable(number(f.doubled)),
                qPrintable(number(f.unexpected)), f.failedFetches);
    if (!f.firstFailure.isEmpty())
        std::printf("  first failure: %s\n", qPrintable(f.firstFailure));

    const bool rowsOk = f.rowsExact();
    allPassed = allPassed && rowsOk;
    if (scenario.mockLimit > 0) {
        const Budget budget = budgetUse(f, scenario);
        std::printf(
            "  budget used: %s %% (limit %d per %s ms: %s admitted requests, sent over "
            "%s windows where a client using the whole budget needs %s); whole run: %s "
            "admitted / (limit x %s windows) = %s %%\n",
            qPrintable(decimal(100.0 * budget.share)), scenario.mockLimit,
            qPrintable(number(scenario.mockWindowMs)), qPrintable(number(f.admitted())),
            qPrintable(decimal(budget.windows, 2)),
            qPrintable(number(qint64(std::ceil(double(f.admitted()) / scenario.mockLimit) - 1))),
            qPrintable(number(f.admitted())),
            qPrintable(decimal(double(f.elapsedMs) / double(scenario.mockWindowMs), 2)),
            qPrintable(decimal(100.0 * budget.wholeRun)));
        if (!budget.measurable)
            std::printf("  (too few requests for more than one window: nothing to measure)\n");
        const bool budgetOk = budget.measurable && budget.share >= BudgetGoal;
        allPassed = allPassed && budgetOk;
        std::printf("  verdict %s: budget used %s %% (goal >= %d %%): %s\n",
                    qPrintable(scenario.name), qPrintable(decimal(100.0 * budget.share)),
                    int(BudgetGoal * 100), budgetOk ? "PASS" : "FAIL");
    }
    std::printf("  verdict %s: rows lost %s, doubled %s (goal 0): %s\n", qPrintable(scenario.name),
                qPrintable(number(f.lost + f.unexpected)), qPrintable(number(f.doubled)),
                rowsOk ? "PASS" : "FAIL");
}

// Reads option `name` into `out` when set; false (with a message) when it is not a number in
// [minimum, maximum].
template<typename T>
bool readNumber(const QCommandLineParser &parser, const char *name, T minimum, T maximum, T &out)
{
    const QString key = QString::fromLatin1(name);
    if (!parser.isSet(key))
        return true;
    bool ok = false;
    const qlonglong value = parser.value(key).toLongLong(&ok);
    if (!ok || value < qlonglong(minimum) || value > qlonglong(maximum)) {
        std::fprintf(stderr, "bench_fetch: --%s must be a number from %lld to %lld\n", name,
                     static_cast<long long>(minimum), static_cast<long long>(maximum));
        return false;
    }
    out = T(value);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fetches every session of many users from clerk-mock with ClerkClient and SessionFetch; "
        "prints requests/s, sessions/s and, when the rate limit binds, the share of the budget "
        "used."));
    parser.addHelpOption();
    const auto option = [](const char *name, const char *help, const char *value,
                           const QString &fallback) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(value), fallback);
    };
    const Settings defaults;
    parser.addOptions({
        option("scenario", "all, limited or unlimited.", "name", QStringLiteral("all")),
        option("sessions", "Sessions in the mock's population (users have 1-20).", "n",
               QString::number(defaults.sessions)),
        option("seed", "The mock's seed.", "n", QString::number(defaults.seed)),
        option("users", "Users of the population to fetch (the first of GET /users).", "n",
               QString::number(defaults.users)),
        option("bulk", "Bulk users to fetch as well (many pages each).", "n",
               QString::number(defaults.bulkUsers)),
        option("bulk-sessions", "Sessions of the first bulk user (the next one more, and so on).",
               "n", QString::number(defaults.bulkSessions)),
        option("limit", "The rate limit: requests per window (limited scenario).", "n",
               QString::number(defaults.limit)),
        option("window-ms", "The rate limit's window.", "ms", QString::number(defaults.windowMs)),
        option("client-limit", "The client's budget per window (default: the mock's).", "n",
               QStringLiteral("0")),
        option("client-window-ms", "The client's window (default: the mock's).", "ms",
               QStringLiteral("0")),
        option("latency-ms", "Delay the mock adds to every answer.", "ms",
               QString::number(defaults.latencyMs)),
        option("parallel", "Users fetched at once.", "n", QString::number(defaults.parallel)),
        option("max-concurrent", "SessionFetch: pages in flight per user.", "n",
               QString::number(defaults.fetch.maxConcurrent)),
        option("max-ahead", "SessionFetch: pages requested beyond the next to apply.", "n",
               QString::number(defaults.fetch.maxAhead)),
        option("mock", "The clerk-mock executable.", "path", defaults.mock),
    });
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Progress on stderr every second."));
    parser.addOption(verbose);
    parser.process(app);

    Settings settings;
    settings.mock = parser.value(QStringLiteral("mock"));
    settings.verbose = parser.isSet(verbose);
    qint64 seed = qint64(DefaultSeed);
    const bool ok =
        readNumber<qint64>(parser, "sessions", 0, MockInstance::MaxSessions, settings.sessions) &&
        readNumber<qint64>(parser, "seed", 0, std::numeric_limits<qint64>::max(), seed) &&
        readNumber(parser, "users", 0, int(MockInstance::MaxSessions), settings.users) &&
        readNumber(parser, "bulk", 0, 100, settings.bulkUsers) &&
        readNumber(parser, "bulk-sessions", 1, 100'000, settings.bulkSessions) &&
        readNumber(parser, "limit", 1, 1'000'000, settings.limit) &&
        readNumber<qint64>(parser, "window-ms", 1, 3'600'000, settings.windowMs) &&
        readNumber(parser, "client-limit", 0, 1'000'000, settings.clientLimit) &&
        readNumber<qint64>(parser, "client-window-ms", 0, 3'600'000, settings.clientWindowMs) &&
        readNumber(parser, "latency-ms", 0, 10'000, settings.latencyMs) &&
        readNumber(parser, "parallel", 1, 1000, settings.parallel) &&
        readNumber(parser, "max-concurrent", 1, 100, settings.fetch.maxConcurrent) &&
        readNumber(parser, "max-ahead", 1, 1000, settings.fetch.maxAhead);
    const QString which = parser.value(QStringLiteral("scenario"));
    if (!ok || (which != u"all" && which != u"limited" && which != u"unlimited")) {
        if (ok)
            std::fprintf(stderr, "bench_fetch: --scenario is all, limited or unlimited\n");
        return 2;
    }
    settings.seed = std::uint64_t(seed);

    // The same data as the mock's, to check the rows against.
    MockInstance::Options data;
    data.seed = settings.seed;
    data.sessions = settings.sessions;
    for (int n = 0; n < settings.bulkUsers; ++n)
        data.bulkUsers.append(settings.bulkSessions + n); // distinct emails: bulk<N>@…
    const MockInstance truth(data);

    std::vector<Scenario> scenarios;
    if (which != u"unlimited") {
        scenarios.push_back(
            {QStringLiteral("limited"), settings.limit, settings.windowMs,
             settings.clientLimit > 0 ? settings.clientLimit : settings.limit,
             settings.clientWindowMs > 0 ? settings.clientWindowMs : settings.windowMs});
    }
    if (which != u"limited")
        scenarios.push_back({QStringLiteral("unlimited"), 0, settings.windowMs, 0, 1});

    std::printf("bench_fetch: clerk-mock with %s sessions of %s users (seed %llu) and %d bulk "
                "users of %s+ sessions; latency %d ms; %d users at once, SessionFetch "
                "maxConcurrent %d, maxAhead %d\n",
                qPrintable(number(truth.sessionCount())), qPrintable(number(truth.userCount())),
                static_cast<unsigned long long>(settings.seed), settings.bulkUsers,
                qPrintable(number(settings.bulkSessions)), settings.latencyMs, settings.parallel,
                settings.fetch.maxConcurrent, settings.fetch.maxAhead);
    bool allPassed = true;
    for (const Scenario &scenario : scenarios) {
        QStringList arguments = {
            QStringLiteral("--sessions"),   QString::number(settings.sessions),
            QStringLiteral("--seed"),       QString::number(settings.seed),
            QStringLiteral("--rate-limit"), QString::number(scenario.mockLimit),
            QStringLiteral("--latency-ms"), QString::number(settings.latencyMs),
        };
        if (scenario.mockLimit > 0)
            arguments << QStringLiteral("--rate-window-ms")
                      << QString::number(scenario.mockWindowMs);
        for (const int count : data.bulkUsers)
            arguments << QStringLiteral("--bulk-user") << QString::number(count);

        std::printf("\nscenario %s: mock %s, client %s\n", qPrintable(scenario.name),
                    scenario.mockLimit > 0 ? qPrintable(QStringLiteral("%1 per %2 ms")
                                                            .arg(scenario.mockLimit)
                                                            .arg(scenario.mockWindowMs))
                                           : "unlimited",
                    scenario.clientLimit > 0 ? qPrintable(QStringLiteral("%1 per %2 ms")
                                                              .arg(scenario.clientLimit)
                                                              .arg(scenario.clientWindowMs))
                                             : "unlimited");
        std::fflush(stdout);
        MockProcess mock;
        QString error;
        if (!mock.start(settings.mock, arguments, &error)) {
            std::fprintf(stderr, "bench_fetch: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("  clerk-mock ready in %s s\n",
                    qPrintable(decimal(double(mock.startupMs) / 1000.0, 2)));
        Figures figures;
        FetchRun run(settings, scenario, truth);
        if (!run.run(mock.url, mock.key, figures, &error)) {
            std::fprintf(stderr, "bench_fetch: scenario %s: %s\n", qPrintable(scenario.name),
                         qPrintable(error));
            return 1;
        }
        printFigures(scenario, figures, allPassed);
        std::fflush(stdout);
    }
    std::printf("\nverdict: %s\n", allPassed ? "PASS" : "FAIL");
    return allPassed ? 0 : 1;
}
