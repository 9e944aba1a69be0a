// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

class QTextStream;

// The window's headless twin: `sessiondesk --summary FILE…` loads through the same
// SessionLoader, reader and store as the window and prints one JSON object. Exit codes:
// 0 sessions were read (even with records skipped), 2 no input could be read.
class HeadlessRunner
{
public:
    enum ExitCode { Success = 0, NoInput = 2 };

    HeadlessRunner(QTextStream &out, QTextStream &err);

    // Needs a QCoreApplication; runs its own event loop until the load is done.
    int summary(const QStringList &paths);

private:
    QTextStream &m_out;
    QTextStream &m_err;
};
