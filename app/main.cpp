// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Entry point: the window, or with --summary its headless twin (no QApplication, no display).
#include "clerkconfig.h"
#include "demoserver.h"
#include "headlessrunner.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QMessageBox>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {
// Options that print and exit, or go with --summary (and are refused without it, which needs no
// display either).
bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--summary" || arg == "--revoke" || arg == "--yes" || arg == "--help" ||
            arg == "-h" || arg == "--version" || arg == "-v" || arg == "--help-all")
            return true;
        for (const QByteArrayView option : {"--user", "--client", "--email", "--export", "--filter",
                                            "--insights", "--reason", "--audit-log"}) {
            if (arg == option ||
                (arg.startsWith(option) && arg.size() > option.size() &&
                 arg.at(option.size()) == '='))
                return true;
        }
    }
    return false;
}

// The window keeps what it shows (the sample, or the files): the demo is an extra.
void showDemoFailure(QWidget *window, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Critical, QObject::tr("SessionDesk demo"),
                                QObject::tr("The demo's local Clerk API (clerk-mock) is not "
                                            "available, so the window is not connected to it."),
                                QMessageBox::Ok, window);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// `--summary --user/--client/--email`: the targets, or an error message.
QList<HeadlessRunner::Target> targetsOf(const QCommandLineParser &parser,
                                        const QList<QCommandLineOption> &options, QString *error)
{
    using Kind = HeadlessRunner::Target::Kind;
    const Kind kinds[] = {Kind::User, Kind::Client, Kind::Email};
    QList<HeadlessRunner::Target> targets;
    for (qsizetype i = 0; i < options.size(); ++i) {
        for (const QString &value : parser.values(options.at(i))) {
            if (value.trimmed().isEmpty()) {
                *error = QStringLiteral("--%1 needs a value").arg(options.at(i).names().first());
                return {};
            }
            if (kinds[i] == Kind::Email && !value.contains(u'@')) {
                *error = QStringLiteral("--email needs an email address, not \"%1\"").arg(value);
                return {};
            }
            targets.append({kinds[i], value.trimmed()});
        }
    }
    return targets;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("SessionDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("SessionDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SESSIONDESK_VERSION));

    // Headless commands must run on machines without a display, so no QApplication for them.
    std::unique_ptr<QCoreApplication> app = wantsHeadless(argc, argv)
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "SessionDesk: a desktop admin for Clerk authentication sessions.\n"
        "Without options it opens the window (FILE… are loaded into it).\n"
        "--user, --client and --email read Clerk's Backend API with the secret key in "
        "CLERK_SECRET_KEY, at CLERK_API_URL (default https://api.clerk.com).\n"
        "Exit status of --summary: 0 sessions were read, 2 nothing could be read (or bad "
        "usage), 3 Clerk's API failed.\n"
        "--revoke prints what a revocation would do and changes nothing; with --yes it "
        "revokes, one JSON line per session, each attempt written to the audit log. It needs "
        "--filter QUERY, or --user ID (sign the user out everywhere), so that it never revokes "
        "every session of a file by accident. Exit status: 0 done, 2 bad usage, 3 Clerk's API "
        "failed before anything was revoked, 4 a revocation failed."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption summary(
        QStringLiteral("summary"),
        QStringLiteral("Without a window, print a JSON summary of FILE…, or of the sessions "
                       "fetched with --user, --client or --email."));
    const QList<QCommandLineOption> targetOptions = {
        {QStringLiteral("user"),
         QStringLiteral("With --summary: fetch every session of the user with this id "
                        "(repeatable)."),
         QStringLiteral("ID")},
        {QStringLiteral("client"),
         QStringLiteral("With --summary: fetch every session of the client with this id "
                        "(repeatable)."),
         QStringLiteral("ID")},
        {QStringLiteral("email"),
         QStringLiteral("With --summary: fetch every session of the user with this email "
                        "address (repeatable)."),
         QStringLiteral("ADDRESS")},
    };
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Start clerk-mock, a local Clerk API with generated users and sessions, "
                       "and connect the window to it: no key or internet needed."));
    const QCommandLineOption filter(
        QStringLiteral("filter"),
        QStringLiteral("With --summary or --export: only the sessions that match QUERY, in the "
                       "filter bar's query language (e.g. \"status:active country:DE "
                       "last_active<2h\")."),
        QStringLiteral("QUERY"));
    const QCommandLineOption exportTo(
        QStringLiteral("export"),
        QStringLiteral("Write the (matching) sessions to OUT: .json in the API's paginated "
                       "envelope, or .csv. Written atomically; the input is never changed."),
        QStringLiteral("OUT"));
    const QCommandLineOption insights(
        QStringLiteral("insights"),
        QStringLiteral("With --summary: add \"insights\", the (matching) sessions counted by "
                       "status, country, browser, device type and creation day, as the window's "
                       "Insights panel shows them, each with the query that selects it."));
    const QCommandLineOption revoke(
        QStringLiteral("revoke"),
        QStringLiteral("Without a window, plan the revocation of the sessions that match "
                       "--filter among those of --user (--client, --email), fetched afresh, or "
                       "of FILE…, each read back from the instance first. Prints the plan (a "
                       "dry run) and changes nothing unless --yes is given."));
    const QCommandLineOption yes(
        QStringLiteral("yes"),
        QStringLiteral("With --revoke: revoke the planned sessions, printing one JSON line per "
                       "session; exit status 4 when any failed."));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    QStringLiteral("With --revoke --yes: why, for the audit log."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption auditLog(
        QStringLiteral("audit-log"),
        QStringLiteral("With --revoke --yes: the audit log to append to (default: "
                       "revocations.jsonl in the application's data folder)."),
        QStringLiteral("FILE"));
    parser.addOption(summary);
    parser.addOption(revoke);
    parser.addOption(yes);
    parser.addOption(reason);
    parser.addOption(auditLog);
    parser.addOptions(targetOptions);
    parser.addOption(insights);
    parser.addOption(filter);
    parser.addOption(exportTo);
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("JSON or NDJSON files of Clerk sessions."),
                                 QStringLiteral("[FILE…]"));
    parser.process(*app);

    QTextStream err(stderr);
    QString error;
    const QList<HeadlessRunner::Target> targets = targetsOf(parser, targetOptions, &error);
    if (!error.isEmpty()) {
        err << "sessiondesk: " << error << '\n';
        return HeadlessRunner::NoInput;
    }
    const bool revoking = parser.isSet(revoke);
    if (revoking && (parser.isSet(summary) || parser.isSet(exportTo) || parser.isSet(insights))) {
        err << "sessiondesk: --revoke does not go with --summary, --export or --insights\n";
        return HeadlessRunner::NoInput;
    }
    for (const QCommandLineOption *option : {&yes, &reason, &auditLog}) {
        if (parser.isSet(*option) && !revoking) {
            err << "sessiondesk: --" << option->names().first() << " goes with --revoke\n";
            return HeadlessRunner::NoInput;
        }
    }
    const bool headless = parser.isSet(summary) || parser.isSet(exportTo) || revoking;
    if (parser.isSet(insights) && !parser.isSet(summary)) {
        err << "sessiondesk: --insights goes with --summary\n";
        return HeadlessRunner::NoInput;
    }
    if (parser.isSet(filter) && !headless) {
        err << "sessiondesk: --filter goes with --summary, --export or --revoke\n";
        return HeadlessRunner::NoInput;
    }
    if (!headless && !targets.isEmpty()) {
        // (--revoke is headless too, so this is said only without it.)
        err << "sessiondesk: --user, --client and --email go with --summary or --export\n";
        return HeadlessRunner::NoInput;
    }
    if (headless) {
        QTextStream out(stdout);
        HeadlessRunner runner(out, err);
        runner.setPrintSummary(parser.isSet(summary));
        runner.setInsights(parser.isSet(insights));
        if (parser.isSet(exportTo))
            runner.setExportPath(parser.value(exportTo));
        if (parser.isSet(filter)) {
            const QString query = parser.value(filter);
            FilterError error;
            const std::optional<SessionFilter> parsed =
                SessionFilter::parse(query, QDateTime::currentMSecsSinceEpoch(), &error);
            if (!parsed) {
                // The query, and a caret under where it goes wrong.
                err << "sessiondesk: --filter: " << error.message << '\n'
                    << "  " << query << '\n'
                    << "  " << QString(error.start, u' ')
                    << QString(std::max(error.length, 1), u'^') << '\n';
                return HeadlessRunner::NoInput;
            }
            runner.setFilter(*parsed);
        }
        if (parser.isSet(demo)) {
            err << (revoking ? "sessiondesk: --demo opens the window; it does not go with "
                               "--revoke\n"
                             : "sessiondesk: --demo opens the window; it does not go with "
                               "--summary or --export\n");
            return HeadlessRunner::NoInput;
        }
        if (revoking) {
            const bool hasUser = std::any_of(targets.begin(), targets.end(), [](const auto &t) {
                return t.kind == HeadlessRunner::Target::Kind::User;
            });
            if (!parser.isSet(filter) && !hasUser) {
                // Revoking every session of a file or a client is never what a typo should do.
                err << "sessiondesk: --revoke needs --filter QUERY (e.g. --filter "
                       "\"status:active country:DE\"), or --user ID to sign a user out "
                       "everywhere; it does not revoke every session of its input unasked\n";
                return HeadlessRunner::NoInput;
            }
            if (!targets.isEmpty() && !parser.positionalArguments().isEmpty()) {
                err << "sessiondesk: --revoke reads either FILE… or --user, --client and "
                       "--email, not both\n";
                return HeadlessRunner::NoInput;
            }
            if (targets.isEmpty() && parser.positionalArguments().isEmpty()) {
                err << "sessiondesk: --revoke needs --user ID (or --client, --email) or FILE…\n";
                return HeadlessRunner::NoInput;
            }
            const ClerkConfig config = ClerkConfig::fromEnvironment();
            if (!config.hasSecretKey()) {
                err << "sessiondesk: CLERK_SECRET_KEY is not set: --revoke works on Clerk's "
                       "Backend API with your instance's secret key\n";
                return HeadlessRunner::NoInput;
            }
            HeadlessRunner::RevokeOptions revokeOptions;
            revokeOptions.execute = parser.isSet(yes);
            revokeOptions.reason = parser.value(reason);
            revokeOptions.auditLogPath = parser.value(auditLog);
            return runner.revoke(config, targets, parser.positionalArguments(), revokeOptions);
        }
        if (targets.isEmpty())
            return runner.summary(parser.positionalArguments());
        if (!parser.positionalArguments().isEmpty()) {
            err << "sessiondesk: --summary reads either FILE… or --user, --client and --email, "
                   "not both\n";
            return HeadlessRunner::NoInput;
        }
        const ClerkConfig config = ClerkConfig::fromEnvironment();
        if (!config.hasSecretKey()) {
            err << "sessiondesk: CLERK_SECRET_KEY is not set: --user, --client and --email read "
                   "Clerk's Backend API with your instance's secret key (sk_live_… or "
                   "sk_test_…, from the Clerk Dashboard's API keys page)\n";
            return HeadlessRunner::NoInput;
        }
        return runner.summaryFromApi(config, targets);
    }

    MainWindow window;
    window.show();
    if (const QStringList files = parser.positionalArguments(); !files.isEmpty())
        window.openFiles(files);
    else
        window.openSample();

    // Declared after the window, so destroyed before it: clerk-mock stops with the app.
    std::unique_ptr<DemoServer> demoServer;
    if (parser.isSet(demo)) {
        demoServer = std::make_unique<DemoServer>();
        QObject::connect(demoServer.get(), &DemoServer::ready, &window,
                         [&window](const QUrl &url, const QString &key) {
                             ClerkConfig config;
                             config.setSecretKey(key);
                             QString urlError;
                             if (!config.setApiUrl(url.toString(), &urlError)) {
                                 showDemoFailure(&window, urlError);
                                 return;
                             }
                             window.connectToClerk(config);
                             window.showDemoWelcome(DemoServer::exampleEmail());
                         });
        QObject::connect(demoServer.get(), &DemoServer::failed, &window,
                         [&window](const QString &message) { showDemoFailure(&window, message); });
        demoServer->start();
    } else {
        window.restoreConnection();
    }
    return app->exec();
}
