// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "headlessrunner.h"

#include "insightsdata.h"

#include "auditlog.h"
#include "clerkclient.h"
#include "clerkconfig.h"
#include "loadsummary.h"
#include "revocationplan.h"
#include "revocationrun.h"
#include "sessionexporter.h"
#include "sessionfetch.h"
#include "sessionfilter.h"
#include "sessionfiltermatcher.h"
#include "sessionloader.h"
#include "sessionrecheck.h"
#include "sessiontablemodel.h"
#include "usersearch.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTextStream>

#include <numeric>

namespace {

using Status = ClerkResult::Status;

// Makes one ClerkClient call and waits for its result in a local event loop (the command line
// has nothing else to do meanwhile). `call` gets the context and the callback to pass on.
template<typename Call>
ClerkResult awaitResult(Call call)
{
    QEventLoop loop;
    ClerkResult result;
    bool done = false;
    call(&loop, [&](const ClerkResult &r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return result;
}

// Calls `start`, then waits in a local event loop for `signal` of `sender` and returns its
// argument.
template<typename Value, typename Sender, typename Signal, typename Start>
Value waitForSignal(Sender *sender, Signal signal, Start start)
{
    QEventLoop loop;
    Value value;
    bool done = false;
    QObject::connect(sender, signal, &loop, [&](const Value &v) {
        value = v;
        done = true;
        loop.quit();
    });
    start();
    if (!done)
        loop.exec();
    return value;
}

// " (HTTP 401, trace id: …)": what a person quotes to Clerk's support.
QString failureContext(const ClerkResult &result)
{
    QStringList parts;
    if (result.httpStatus > 0 && !result.summary().contains(u"HTTP"))
        parts.append(QStringLiteral("HTTP %1").arg(result.httpStatus));
    if (!result.traceId.isEmpty())
        parts.append(QStringLiteral("trace id: %1").arg(result.traceId));
    return parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(u", "));
}

// One `--summary --user/--client/--email` run: the fetches, one after the other, into one
// table, and what each came to, as a LoadResult of one FileReport per user or client.
class ApiSummary
{
public:
    ApiSummary(const ClerkConfig &config, QTextStream &err)
        : m_client(&m_manager, config)
        , m_secretKey(config.secretKey())
        , m_redactedKey(config.redactedKey())
        , m_err(err)
    {
        m_model.setAnomalyRules(AnomalyRules::fromSettings()); // as the window flags
    }

    // False when the API failed: nothing more is asked of it.
    bool fetchTarget(const HeadlessRunner::Target &target)
    {
        using Kind = HeadlessRunner::Target::Kind;
        switch (target.kind) {
        case Kind::User:
            return fetch({target.value, {}, {}}, true);
        case Kind::Client:
            return fetch({{}, target.value, {}}, true);
        case Kind::Email:
            return fetchEmail(target.value);
        }
        return true;
    }

    LoadResult result(qint64 elapsedMs) const
    {
        LoadResult load = m_load;
        load.elapsedMs = elapsedMs;
        return load;
    }
    const SessionTableModel &model() const { return m_model; }
    ClerkClient &client() { return m_client; }
    bool apiFailed() const { return m_apiFailed; }
    bool anyFetched() const { return m_anyFetched; }

private:
    static QString sourceName(const QString &id) { return QStringLiteral("clerk:") + id; }

    // The users with this email address (UserSearch, as the window's "Find user"), then the
    // sessions of each.
    bool fetchEmail(const QString &address)
    {
        FileReport file;
        file.path = sourceName(address);
        file.shape = QStringLiteral("api");
        if (UserSearch::kindOf(address) != UserSearch::Kind::EmailAddress) {
            // UserSearch would search the text as a part of names and ids instead.
            notFound(file, QStringLiteral("\"%1\" is not an email address").arg(address));
            return true;
        }
        UserSearch search(&m_client);
        search.setLimit(ClerkClient::MaxPageSize);
        const UserSearch::Result found = waitForSignal<UserSearch::Result>(
            &search, &UserSearch::finished, [&] { search.search(address); });
        if (!found.outcome.ok()) {
            apiFailure(file, found.outcome.message() + failureContext(found.outcome));
            return false;
        }
        if (found.users.isEmpty()) {
            notFound(file, QStringLiteral("no user has the email address %1").arg(address));
            return true;
        }
        for (const UserSummary &user : std::as_const(found.users)) {
            if (!fetch({user.id, {}, {}}, false))
                return false;
        }
        return true;
    }

    // Every session of a user or a client, as the window fetches them. `verify`: when there
    // are none, ask whether the user (client) exists at all, since GET /sessions lists nothing
    // both for an id without sessions and for an id it does not know.
    bool fetch(const ClerkClient::SessionQuery &query, bool verify)
    {
        const bool isUser = !query.userId.isEmpty();
        const QString id = isUser ? query.userId : query.clientId;
        SessionFetch fetch(&m_client, &m_model, query);
        const SessionFetch::Result result = waitForSignal<SessionFetch::Result>(
            &fetch, &SessionFetch::finished, [&] { fetch.start(); });

        const LoadResult one = result.toLoadResult(sourceName(id));
        FileReport file = one.files.value(0);
        m_load.bytes += one.bytes;
        m_load.newSessions += one.newSessions;
        if (!result.complete()) {
            apiFailure(file, result.message() + failureContext(result.outcome));
            return false;
        }
        if (verify && result.totalCount == 0) {
            const ClerkResult exists =
                awaitResult([&](QObject *context, ClerkClient::Callback back) {
                    if (isUser)
                        m_client.getUser(id, context, std::move(back));
                    else
                        m_client.getClient(id, context, std::move(back));
                });
            if (exists.status == Status::NotFound) {
                notFound(file,
                         isUser ? QStringLiteral("no user has the id %1").arg(id)
                                : QStringLiteral("no client has the id %1").arg(id));
                return true;
            }
            if (!exists.ok()) {
                apiFailure(file, exists.message() + failureContext(exists));
                return false;
            }
        }
        m_anyFetched = true;
        m_load.files.append(file);
        return true;
    }

    void notFound(FileReport file, const QString &message)
    {
        file.error = withoutKey(message);
        m_err << "sessiondesk: " << file.error << '\n';
        m_load.files.append(file);
    }

    void apiFailure(FileReport file, const QString &message)
    {
        file.error = withoutKey(message);
        m_err << "sessiondesk: " << file.errorText() << '\n';
        m_load.files.append(file);
        m_apiFailed = true;
    }

    // No text that could hold the key (an echo of a request, say) goes out with it.
    QString withoutKey(QString text) const
    {
        if (!m_secretKey.isEmpty())
            text.replace(m_secretKey, m_redactedKey);
        return text;
    }

    QNetworkAccessManager m_manager;
    ClerkClient m_client;
    SessionTableModel m_model;
    QString m_secretKey;
    QString m_redactedKey;
    QTextStream &m_err;
    LoadResult m_load;
    bool m_apiFailed = false;
    bool m_anyFetched = false;
};

} // namespace

HeadlessRunner::HeadlessRunner(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{ }

int HeadlessRunner::summary(const QStringList &paths)
{
    if (paths.isEmpty()) {
        m_err << "sessiondesk: --summary and --export need at least one FILE (or --user, --client, "
                 "--email)\n";
        return NoInput;
    }
    SessionTableModel model;
    model.setAnomalyRules(AnomalyRules::fromSettings()); // as the window flags
    SessionLoader loader(&model);
    LoadResult result;
    QEventLoop loop;
    QObject::connect(&loader, &SessionLoader::finished, &loop, [&](const LoadResult &r) {
        result = r;
        loop.quit();
    });
    model.setAnomaliesPaused(true); // flagged once, when everything is read
    loader.start(paths);
    loop.exec();
    model.setAnomaliesPaused(false);

    for (const FileReport &file : std::as_const(result.files)) {
        if (file.failed())
            m_err << "sessiondesk: " << file.errorText() << '\n';
    }
    const bool written = report(result, model);
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
    return written ? Success : WriteFailed;
}

int HeadlessRunner::summaryFromApi(const ClerkConfig &config, const QList<Target> &targets)
{
    if (targets.isEmpty()) {
        m_err << "sessiondesk: no user, client or email address to fetch\n";
        return NoInput;
    }
    if (const QString error = config.validationError(); !error.isEmpty()) {
        m_err << "sessiondesk: " << error << '\n';
        return NoInput;
    }
    QElapsedTimer timer;
    timer.start();
    ApiSummary run(config, m_err);
    for (const Target &target : targets) {
        if (!run.fetchTarget(target))
            break;
    }
    const bool written = report(run.result(timer.elapsed()), run.model());
    if (run.apiFailed())
        return ApiError;
    if (!run.anyFetched())
        return NoInput;
    return written ? Success : WriteFailed;
}

bool HeadlessRunner::report(const LoadResult &result, const SessionTableModel &model)
{
    const SessionStore &store = model.store();
    const AnomalyDetector &anomalies = model.anomalies();
    // The rows the filter keeps, in load order: what is counted and what is exported.
    std::vector<int> rows;
    if (m_filter) {
        SessionFilterMatcher matcher(*m_filter, store);
        matcher.setAnomalyFlags(&anomalies.allFlags());
        matcher.prepare();
        rows = matcher.matchRows(0, store.size());
    } else {
        rows.resize(std::size_t(store.size()));
        std::iota(rows.begin(), rows.end(), 0);
    }
    if (m_printSummary) {
        QJsonObject json = LoadSummary::toJson(result, store, &anomalies);
        if (m_filter)
            json.insert(u"filter", LoadSummary::filterJson(*m_filter, store, rows, &anomalies));
        if (m_insights)
            json.insert(u"insights", LoadSummary::insightsJson(InsightsData::count(store, rows)));
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        m_out.flush();
    }
    bool written = true;
    if (!m_exportPath.isEmpty() && store.size() > 0) {
        QString error;
        written = SessionExporter::write(m_exportPath, SessionExporter::formatFor(m_exportPath),
                                         store, rows, &error);
        if (written) {
            const QLocale locale;
            m_err << "sessiondesk: wrote " << locale.toString(qint64(rows.size())) << " of "
                  << locale.toString(store.size()) << " sessions to " << m_exportPath << '\n';
        } else {
            m_err << "sessiondesk: " << error << '\n';
        }
    }
    m_err.flush();
    return written;
}

namespace {

// The rows `filter` keeps (all without one), in load order.
std::vector<int> matchingRows(const SessionTableModel &model,
                              const std::optional<SessionFilter> &filter)
{
    const SessionStore &store = model.store();
    std::vector<int> rows;
    if (filter) {
        SessionFilterMatcher matcher(*filter, store);
        matcher.setAnomalyFlags(&model.anomalies().allFlags());
        matcher.prepare();
        rows = matcher.matchRows(0, store.size());
    } else {
        rows.resize(std::size_t(store.size()));
        std::iota(rows.begin(), rows.end(), 0);
    }
    return rows;
}

QList<Session> sessionsOf(const SessionTableModel &model, const std::vector<int> &rows)
{
    QList<Session> sessions;
    sessions.reserve(qsizetype(rows.size()));
    for (const int row : rows)
        sessions.append(model.store().session(row));
    return sessions;
}

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// One line of `--revoke --yes`.
QJsonObject revocationLine(const RevocationTarget &target, const QString &result, int httpStatus,
                           const QString &traceId, const QString &message)
{
    QJsonObject line{
        {QStringLiteral("id"), target.sessionId},
        {QStringLiteral("previous_status"), target.statusText},
        {QStringLiteral("result"), result},
        {QStringLiteral("http_status"), httpStatus},
        {QStringLiteral("trace_id"), nullable(traceId)},
    };
    if (!message.isEmpty())
        line.insert(u"message", message);
    return line;
}

} // namespace

int HeadlessRunner::revoke(const ClerkConfig &config, const QList<Target> &targets,
                           const QStringList &paths, const RevokeOptions &options)
{
    if (targets.isEmpty() && paths.isEmpty()) {
        m_err << "sessiondesk: --revoke needs --user ID (or --client, --email) or FILE…\n";
        return NoInput;
    }
    if (const QString error = config.validationError(); !error.isEmpty()) {
        m_err << "sessiondesk: " << error << '\n';
        return NoInput;
    }

    // The sessions to plan from, and the client that revokes them (the same one, so that the
    // listing and the revocations share one rate budget).
    ApiSummary api(config, m_err);
    RevocationPlan plan;
    int matched = 0;
    if (!targets.isEmpty()) {
        for (const Target &target : targets) {
            if (!api.fetchTarget(target))
                break;
        }
        if (api.apiFailed())
            return ApiError;
        if (!api.anyFetched())
            return NoInput;
        const std::vector<int> rows = matchingRows(api.model(), m_filter);
        matched = int(rows.size());
        plan = RevocationPlan::fromSessions(sessionsOf(api.model(), rows));
    } else {
        SessionTableModel model;
        model.setAnomalyRules(AnomalyRules::fromSettings());
        SessionLoader loader(&model);
        const LoadResult loaded = waitForSignal<LoadResult>(&loader, &SessionLoader::finished,
                                                            [&] { loader.start(paths); });
        for (const FileReport &file : std::as_const(loaded.files)) {
            if (file.failed())
                m_err << "sessiondesk: " << file.errorText() << '\n';
        }
        if (model.rowCount() == 0) {
            m_err << "sessiondesk: no sessions could be read\n";
            m_err.flush();
            return NoInput;
        }
        const std::vector<int> rows = matchingRows(model, m_filter);
        matched = int(rows.size());
        // A file's sessions may be old, or of another instance: each is read back first.
        SessionRecheck recheck(&api.client(), sessionsOf(model, rows));
        const SessionRecheck::Result checked = waitForSignal<SessionRecheck::Result>(
            &recheck, &SessionRecheck::finished, [&] { recheck.start(); });
        if (!checked.complete()) {
            m_err << "sessiondesk: the sessions could not be checked on the instance, nothing "
                     "was revoked: "
                  << checked.outcome.message() << failureContext(checked.outcome) << '\n';
            m_err.flush();
            return ApiError;
        }
        plan = checked.plan();
    }

    if (!options.execute) {
        QJsonArray sessions;
        int notFound = 0;
        for (const RevocationTarget &target : std::as_const(plan.toRevoke)) {
            sessions.append(
                QJsonObject{{QStringLiteral("id"), target.sessionId},
                            {QStringLiteral("user_id"), target.userId},
                            {QStringLiteral("status"), target.statusText},
                            {QStringLiteral("action"), QStringLiteral("would revoke")}});
        }
        for (const auto &[target, reason] : std::as_const(plan.skipped)) {
            notFound += reason == SessionRecheck::notFoundReason() ? 1 : 0;
            sessions.append(
                QJsonObject{{QStringLiteral("id"), target.sessionId},
                            {QStringLiteral("user_id"), target.userId},
                            {QStringLiteral("status"), target.statusText},
                            {QStringLiteral("action"), QStringLiteral("skip: ") + reason}});
        }
        const QJsonObject json{
            {QStringLiteral("dry_run"), true},
            {QStringLiteral("instance"),
             QJsonObject{{QStringLiteral("api_url"), config.apiUrl().toString()},
                         {QStringLiteral("key_kind"), ClerkConfig::keyKindName(config.keyKind())}}},
            {QStringLiteral("filter"), m_filter ? QJsonValue(m_filter->query()) : QJsonValue()},
            {QStringLiteral("matched"), matched},
            {QStringLiteral("would_revoke"), plan.size()},
            {QStringLiteral("skipped"), int(plan.skipped.size())},
            {QStringLiteral("not_found"), notFound},
            {QStringLiteral("users"), int(plan.userIds().size())},
            {QStringLiteral("sessions"), sessions},
        };
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        m_out.flush();
        m_err << "sessiondesk: dry run, nothing was revoked; add --yes to revoke " << plan.size()
              << (plan.size() == 1 ? " session\n" : " sessions\n");
        m_err.flush();
        return Success;
    }

    auto print = [this](const QJsonObject &line) {
        m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
        m_out.flush();
    };
    for (const auto &[target, reason] : std::as_const(plan.skipped)) {
        const bool notFound = reason == SessionRecheck::notFoundReason();
        print(revocationLine(target,
                             notFound ? QStringLiteral("not_found") : QStringLiteral("skipped"), 0,
                             {}, reason));
    }

    AuditLog log(options.auditLogPath.isEmpty() ? AuditLog::defaultPath() : options.auditLogPath);
    RevocationRun run(&api.client(), &log, plan, options.reason, config);
    QObject::connect(&run, &RevocationRun::outcomeRecorded, &run, [&](int index) {
        const RevocationRun::Outcome &outcome = run.outcomes().at(index);
        print(revocationLine(outcome.target, RevocationRun::resultName(outcome.result),
                             outcome.httpStatus, outcome.traceId, outcome.message));
    });
    QEventLoop loop;
    QObject::connect(&run, &RevocationRun::finished, &loop, &QEventLoop::quit);
    run.start();
    if (run.isRunning())
        loop.exec();
    for (const RevocationRun::Outcome &outcome : run.outcomes()) {
        if (outcome.result == RevocationRun::Result::Cancelled)
            print(revocationLine(outcome.target, RevocationRun::resultName(outcome.result), 0, {},
                                 outcome.message));
    }

    using Result = RevocationRun::Result;
    const int failed = run.count(Result::Failed) + run.count(Result::Cancelled);
    m_err << "sessiondesk: revoked " << run.count(Result::Revoked) << ", already inactive "
          << run.count(Result::AlreadyInactive) << ", not found " << run.count(Result::NotFound)
          << ", failed " << run.count(Result::Failed) << ", skipped " << plan.skipped.size()
          << "; audit log: " << log.path() << '\n';
    if (!run.auditError().isEmpty())
        m_err << "sessiondesk: " << run.auditError() << "; stopped\n";
    m_err.flush();
    // A revocation without its audit line is a failure too.
    return failed > 0 || !run.auditError().isEmpty() ? RevocationFailed : Success;
}
