// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "anomalyrules.h"
#include "session.h"
#include "usersummary.h"

#include <QList>
#include <QWidget>

#include <functional>
#include <optional>

class DetailForm;
class QAbstractButton;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;
class SelectionSummaryView;
class UserCache;

// The selected session in full, for the dock beside the table: its status as a badge with what
// it means, impersonation (highlighted), the user behind it, every time in local time and UTC
// with its age, the latest activity, the organization and tasks, and the raw JSON. A selection
// of several sessions shows a summary instead (SelectionSummaryView).
//
// Passive (as KeePassXC's EntryPreviewWidget): the window pushes sessions and users in and acts
// on the signals; nothing here reaches for the network or the table. Copy buttons put the value
// on the clipboard as plain text (ids, addresses and JSON are no secrets) and say so with
// copied(). Every value has an object name ("sessionIdValue", "lastActiveAge", …) for tests.
class SessionInspector : public QWidget
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    // Where the user section stands while no UserSummary is shown.
    enum class UserState {
        Offline, // no connection: nothing to look the user up with
        Loading,
        Missing, // the API does not know the id
        Failed, // the look-up failed
    };

    explicit SessionInspector(QWidget *parent = nullptr);
    QSize sizeHint() const override;

    // Ages ("last active 5 min ago") are computed against this clock; tests set a fixed one.
    void setClock(Clock clock);

    // Shows one session. The user section keeps its content when the user is the same, else
    // goes back to Offline until setUser()/setUserState()/updateUser() say more.
    void setSession(const Session &session);
    // None: clear(); one: setSession(); more: a summary (count by status, users, countries).
    // `selected` is the size of the whole selection when `sessions` are only its first rows
    // (a million selected rows are not all materialised); -1: all of it.
    void setSessions(const QList<Session> &sessions, qint64 selected = -1);
    void clear();

    // The user section, for the shown session's user; a user with another id is ignored (an
    // answer that arrives after the selection moved on).
    void setUser(const UserSummary &user);
    void setUserState(UserState state);
    // Either of the above, from what the cache knows of the shown session's user (null: none).
    // A user neither known, missing nor failed is taken as Loading: ask the cache for it.
    void updateUser(const UserCache *cache);

    // Whether sessions can be revoked now (a connection is there). Revoke is offered for
    // active and pending sessions only, and only while this is true (default false).
    void setRevokeAvailable(bool available);

    // The shown session's anomaly flags (AnomalyRules::Flag bits), as badges under the status,
    // each explained in the tooltip. setSession() hides them until this is called again.
    void setFlags(quint8 flags, const AnomalyRules &rules = {});
    quint8 flags() const { return m_flags; }

    // Recomputes the ages against the clock (the window's timer calls it).
    void refreshTimes();

    // The session shown; none for no selection or several.
    const std::optional<Session> &session() const { return m_session; }
    qint64 selectedCount() const { return m_count; }

    // What a status means, in one sentence ("The user is signed in: …").
    static QString statusMeaning(SessionStatus status, const QString &statusText);
    // The badge's text: "Active", or the API's text for a status this version does not know.
    static QString statusBadgeText(SessionStatus status, const QString &statusText);

signals:
    // A value was put on the clipboard: what it was ("session ID") and the text.
    void copied(const QString &what, const QString &text);
    void showUserRequested(const QString &userId);
    void revokeRequested(const QString &sessionId);

private:
    struct TimeRow
    {
        QLabel *age;
        QLabel *local;
        QLabel *utc;
        QString (*phrase)(qint64 at, qint64 now);
        qint64 at = 0;
    };

    QWidget *createSessionPage();
    QWidget *createHeader();
    QFrame *createImpersonationFrame();
    DetailForm *addForm(DetailForm *form);
    void addTime(DetailForm *form, const QString &label, const QString &name,
                 QString (*phrase)(qint64, qint64));
    void copy(const QString &what, const QString &text, QAbstractButton *source);

    void showImpersonation(const Session &session);
    void showActivity(const Session &session);
    void updateTimes();
    void updateButtons();

    Clock m_clock;
    std::optional<Session> m_session;
    qint64 m_count = 0;
    bool m_revokeAvailable = false;

    QStackedWidget *m_pages;
    SelectionSummaryView *m_summary;
    // The header.
    QLabel *m_badge = nullptr;
    QLabel *m_meaning = nullptr;
    QLabel *m_flagBadges = nullptr;
    quint8 m_flags = 0;
    QPushButton *m_showUser = nullptr;
    QPushButton *m_revoke = nullptr;
    // Impersonation.
    QFrame *m_impersonation = nullptr;
    QLabel *m_impersonationTitle = nullptr;
    DetailForm *m_impersonationForm = nullptr;
    QLabel *m_actor = nullptr;
    QPlainTextEdit *m_actorJson = nullptr;
    // The session.
    QLabel *m_sessionId = nullptr;
    QLabel *m_userId = nullptr;
    QLabel *m_clientId = nullptr;
    QLabel *m_statusText = nullptr;
    QLabel *m_organization = nullptr;
    QToolButton *m_copyOrganization = nullptr;
    QLabel *m_tasks = nullptr;
    QLabel *m_object = nullptr;
    // The user.
    DetailForm *m_userForm = nullptr;
    QLabel *m_userState = nullptr;
    QLabel *m_userName = nullptr;
    QLabel *m_userEmail = nullptr;
    QLabel *m_userCreated = nullptr;
    QLabel *m_userLastSignIn = nullptr;
    QLabel *m_userAccess = nullptr;
    // Times and activity.
    QList<TimeRow> m_times;
    DetailForm *m_activityForm = nullptr;
    QLabel *m_noActivity = nullptr;
    QLabel *m_browser = nullptr;
    QLabel *m_deviceType = nullptr;
    QLabel *m_mobile = nullptr;
    QLabel *m_ipAddress = nullptr;
    QLabel *m_city = nullptr;
    QLabel *m_country = nullptr;
    QLabel *m_activityId = nullptr;
    QPlainTextEdit *m_json = nullptr;
};
