// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Entry point: the window, or with --summary its headless twin (no QApplication, no display).
#include "headlessrunner.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {
bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--summary" || arg == "--help" || arg == "-h" || arg == "--version" ||
            arg == "-v" || arg == "--help-all")
            return true;
    }
    return false;
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
    parser.setApplicationDescription(
        QStringLiteral("SessionDesk: a desktop admin for Clerk authentication sessions.\n"
                       "Without options it opens the window (FILE… are loaded into it)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption summary(
        QStringLiteral("summary"),
        QStringLiteral("Load FILE… without a window and print a JSON summary."));
    parser.addOption(summary);
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("JSON or NDJSON files of Clerk sessions."),
                                 QStringLiteral("[FILE…]"));
    parser.process(*app);

    if (parser.isSet(summary)) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        return HeadlessRunner(out, err).summary(parser.positionalArguments());
    }

    MainWindow window;
    window.show();
    if (const QStringList files = parser.positionalArguments(); !files.isEmpty())
        window.openFiles(files);
    else
        window.openSample();
    return app->exec();
}
