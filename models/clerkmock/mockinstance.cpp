// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mockinstance.h"

#include <QJsonArray>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Day = 24 * 60 * Minute;

// Sizes of the generated strings, for reserving the pools: "sess_" and a 27-character KSUID;
// "sess_activity_" and one; an "idn_" id and an img.clerk.com URL (about 190 bytes).
constexpr std::size_t SessionIdBytes = 32;
constexpr std::size_t ActivityIdBytes = 41;
constexpr std::size_t UserUniqueBytes = 31 + 200;

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue nullableTime(bool present, qint64 ms)
{
    return present ? QJsonValue(ms) : QJsonValue(QJsonValue::Null);
}

// A well-mixed 64-bit value from a seed and a string, for per-user traits the generator's value
// API does not carry (password, two-factor, banned, locked).
std::uint64_t traitBits(std::uint64_t seed, const QString &id)
{
    std::uint64_t h = 1469598103934665603ULL ^ seed;
    for (const QChar c : id)
        h = (h ^ c.unicode()) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

// img.clerk.com URLs carry their source as base64url JSON; an uploaded picture is a "proxy".
bool isUploadedImage(const QString &imageUrl)
{
    const qsizetype slash = imageUrl.lastIndexOf(u'/');
    const QByteArray source =
        QByteArray::fromBase64(imageUrl.mid(slash + 1).toLatin1(),
                               QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return source.contains("\"type\":\"proxy\"");
}

} // namespace

MockInstance::MockInstance(const Options &options)
{
    SessionGenerator::Options generator;
    generator.seed = options.seed;
    generator.sessions = std::clamp<qint64>(options.sessions, 0, MaxSessions);
    if (options.now > 0)
        generator.now = options.now;
    m_start = generator.now;
    m_clock.start();

    // Every column is reserved for all the sessions at once, so that none of them is copied to
    // grow while the population streams in.
    qint64 bulkSessions = 0;
    for (const int count : options.bulkUsers)
        bulkSessions += std::clamp(count, 1, int(MaxSessions));
    const std::size_t sessions = std::size_t(generator.sessions + bulkSessions);
    for (auto *column : {&m_sessionUser, &m_sessionClient})
        column->reserve(sessions);
    for (auto *column : {&m_status, &m_flags, &m_tasks})
        column->reserve(sessions);
    for (auto &column : m_sessionText)
        column.reserve(sessions);
    for (auto *column : {&m_createdAt, &m_updatedAt, &m_lastActiveAt, &m_expireAt, &m_abandonAt})
        column->reserve(sessions);
    // So are the two big pools, on the generous side (what is never written is only address
    // space): a session id each, and in m_unique an activity id each plus a user's email id and
    // image URL for every few sessions (users have 4 on average, at least 1).
    m_sessionIds.reserve(sessions, sessions * SessionIdBytes);
    m_unique.reserve(sessions + sessions / 2, sessions * (ActivityIdBytes + UserUniqueBytes / 3));

    // One user at a time: the generator's values (about 1.5 KB a session) never pile up, only
    // the compact copy stays.
    SessionGenerator(generator).forEachUser(
        [this, &options](const SessionGenerator::User &user) { addUser(user, options.seed); });

    m_firstBulkUser = int(m_users.size());
    for (qsizetype n = 0; n < options.bulkUsers.size(); ++n) {
        const int count = std::clamp(options.bulkUsers[n], 1, int(MaxSessions));
        SessionGenerator::Options bulk = generator;
        bulk.seed = options.seed * 0x9e3779b97f4a7c15ULL + 0xb01c + std::uint64_t(n);
        bulk.sessions = count;
        // The generated users merged into one: the first one's identity, everyone's sessions.
        // They have to be ordered as a whole, so this user's sessions are held as values.
        SessionGenerator::User merged;
        bool first = true;
        SessionGenerator(bulk).forEachUser([&](const SessionGenerator::User &part) {
            if (first) {
                first = false;
                merged = part;
                merged.emailAddress = QStringLiteral("bulk%1@sessiondesk.test").arg(count);
                merged.sessions = {};
                merged.sessions.reserve(count);
            }
            merged.createdAt = std::min(merged.createdAt, part.createdAt);
            merged.updatedAt = std::max(merged.updatedAt, part.updatedAt);
            merged.lastSignInAt = std::max(merged.lastSignInAt, part.lastSignInAt);
            merged.lastActiveAt = std::max(merged.lastActiveAt, part.lastActiveAt);
            for (Session session : part.sessions) {
                session.userId = merged.id;
                merged.sessions.append(std::move(session));
            }
        });
        std::stable_sort(
            merged.sessions.begin(), merged.sessions.end(),
            [](const Session &a, const Session &b) { return a.createdAt > b.createdAt; });
        addUser(merged, options.seed);
    }
#ifdef __GLIBC__
    // The pools grew by copying and a bulk user's values were freed: hand those pages back
    // rather than keep them resident for the server's lifetime.
    malloc_trim(0);
#endif

    m_usersByCreation.resize(m_users.size());
    std::iota(m_usersByCreation.begin(), m_usersByCreation.end(), 0);
    std::sort(m_usersByCreation.begin(), m_usersByCreation.end(), [this](int a, int b) {
        const qint64 ta = m_users[std::size_t(a)].createdAt;
        const qint64 tb = m_users[std::size_t(b)].createdAt;
        return ta != tb
            ? ta < tb
            : m_userIds.view(StringPool::Id(a + 1)) < m_userIds.view(StringPool::Id(b + 1));
    });
    m_creationRank.resize(m_users.size());
    for (std::size_t rank = 0; rank < m_usersByCreation.size(); ++rank)
        m_creationRank[std::size_t(m_usersByCreation[rank])] = int(rank);
}

qint64 MockInstance::now() const
{
    return m_start + m_clock.elapsed();
}

QString MockInstance::uniqueEmail(const QString &email)
{
    // Clerk keeps email addresses unique in an instance; the generator's names can repeat.
    const QString lower = email.toLower();
    if (m_emails.find(view(lower.toUtf8())) == StringPool::Null)
        return lower;
    const qsizetype at = lower.indexOf(u'@');
    for (int n = 2;; ++n) {
        QString candidate = lower;
        candidate.insert(at, QString::number(n));
        if (m_emails.find(view(candidate.toUtf8())) == StringPool::Null)
            return candidate;
    }
}

void MockInstance::addUser(const SessionGenerator::User &generated, std::uint64_t seed)
{
    const std::size_t before = m_userIds.size();
    const StringPool::Id userId = m_userIds.intern(view(generated.id.toUtf8()));
    if (m_userIds.size() == before)
        return; // an id seen before: cannot happen with 128 random bits, but never double a user
    const int index = int(userId) - 1;

    UserRecord user;
    user.firstName = m_text.intern(view(generated.firstName.toUtf8()));
    user.lastName = m_text.intern(view(generated.lastName.toUtf8()));
    m_emails.intern(view(uniqueEmail(generated.emailAddress).toUtf8()));
    user.emailAddressId = m_unique.intern(view(generated.emailAddressId.toUtf8()));
    user.imageUrl = m_unique.intern(view(generated.imageUrl.toUtf8()));
    user.createdAt = generated.createdAt;
    user.updatedAt = generated.updatedAt;
    user.lastSignInAt = generated.lastSignInAt;
    user.lastActiveAt = generated.lastActiveAt;
    user.firstSession = sessionCount();

    bool live = false; // has an active or pending session
    for (const Session &session : generated.sessions) {
        const std::size_t known = m_sessionIds.size();
        m_sessionIds.intern(view(session.id.toUtf8()));
        if (m_sessionIds.size() == known)
            continue;
        const std::size_t clients = m_clientIds.size();
        const StringPool::Id client = m_clientIds.intern(view(session.clientId.toUtf8()));
        if (m_clientIds.size() != clients)
            m_clients.push_back({index});
        m_sessionUser.push_back(std::uint32_t(index));
        m_sessionClient.push_back(client - 1);
        m_status.push_back(std::uint8_t(session.status));
        live = live || session.status == SessionStatus::Active ||
            session.status == SessionStatus::Pending;

        auto text = [this](const QString &value) {
            return value.isNull() ? StringPool::Null : m_text.intern(view(value.toUtf8()));
        };
        std::uint8_t flags = 0;
        StringPool::Id activity[SessionTextCount] = {};
        if (session.latestActivity) {
            const SessionActivity &a = *session.latestActivity;
            flags |= HasActivity | (a.isMobile ? IsMobile : 0);
            activity[ActivityId] = m_unique.intern(view(a.id.toUtf8()));
            activity[DeviceType] = text(a.deviceType);
            activity[BrowserName] = text(a.browserName);
            activity[BrowserVersion] = text(a.browserVersion);
            activity[IpAddress] = text(a.ipAddress);
            activity[City] = text(a.city);
            activity[Country] = text(a.country);
        }
        activity[ActorSub] = text(session.actorSub);
        activity[OrganizationId] = text(session.lastActiveOrganizationId);
        std::uint8_t tasks = NoTasks;
        if (session.tasks) {
            tasks = session.tasks->isEmpty() ? EmptyTasks : OneTask;
            if (tasks == OneTask)
                activity[TaskKey] = text(session.tasks->first());
        }
        m_flags.push_back(flags);
        m_tasks.push_back(tasks);
        for (int column = 0; column < SessionTextCount; ++column)
            m_sessionText[column].push_back(activity[column]);
        m_createdAt.push_back(session.createdAt);
        m_updatedAt.push_back(session.updatedAt);
        m_lastActiveAt.push_back(session.lastActiveAt);
        m_expireAt.push_back(session.expireAt);
        m_abandonAt.push_back(session.abandonAt);
    }
    user.sessionCount = sessionCount() - user.firstSession;

    const std::uint64_t traits = traitBits(seed, generated.id);
    if (isUploadedImage(generated.imageUrl))
        user.flags |= HasImage;
    if (traits % 10000 < 8000)
        user.flags |= PasswordEnabled;
    if ((traits >> 16) % 10000 < 1200)
        user.flags |= TwoFactor;
    if (!live && (traits >> 32) % 10000 < 150)
        user.flags |= Banned;
    else if ((traits >> 48) % 10000 < 50)
        user.flags |= Locked;
    m_users.push_back(user);
}

// --- Sessions -------------------------------------------------------------------------------

int MockInstance::findSession(const QString &id) const
{
    return int(m_sessionIds.find(view(id.toUtf8()))) - 1;
}

Session MockInstance::session(int row) const
{
    const std::size_t r = std::size_t(row);
    auto text = [&](SessionText column) { return m_text.string(m_sessionText[column][r]); };
    Session s;
    s.object = QStringLiteral("session");
    s.id = m_sessionIds.string(StringPool::Id(row + 1));
    s.userId = m_userIds.string(StringPool::Id(m_sessionUser[r] + 1));
    s.clientId = m_clientIds.string(StringPool::Id(m_sessionClient[r] + 1));
    s.actorSub = text(ActorSub);
    if (!s.actorSub.isNull())
        s.actorJson =
            QStringLiteral(R"({"sub":"%1","iss":"https://dashboard.clerk.com"})").arg(s.actorSub);
    s.status = SessionStatus(m_status[r]);
    s.statusText = QString::fromLatin1(statusName(s.status));
    s.lastActiveOrganizationId = text(OrganizationId);
    s.lastActiveAt = m_lastActiveAt[r];
    s.expireAt = m_expireAt[r];
    s.abandonAt = m_abandonAt[r];
    s.updatedAt = m_updatedAt[r];
    s.createdAt = m_createdAt[r];
    if (m_flags[r] & HasActivity) {
        SessionActivity a;
        a.object = QStringLiteral("session_activity");
        a.id = m_unique.string(m_sessionText[ActivityId][r]);
        a.deviceType = text(DeviceType);
        a.isMobile = m_flags[r] & IsMobile;
        a.browserName = text(BrowserName);
        a.browserVersion = text(BrowserVersion);
        a.ipAddress = text(IpAddress);
        a.city = text(City);
        a.country = text(Country);
        s.latestActivity = a;
    }
    if (m_tasks[r] == EmptyTasks)
        s.tasks = QStringList();
    else if (m_tasks[r] == OneTask)
        s.tasks = QStringList{text(TaskKey)};
    return s;
}

std::vector<int> MockInstance::sessions(const SessionFilter &filter) const
{
    int user = -1;
    if (!filter.userId.isNull()) {
        user = findUser(filter.userId);
        if (user < 0)
            return {};
    }
    int client = -1;
    if (!filter.clientId.isNull()) {
        client = findClient(filter.clientId);
        if (client < 0)
            return {};
        if (user >= 0 && m_clients[std::size_t(client)].user != user)
            return {};
        user = m_clients[std::size_t(client)].user;
    }
    auto wanted = [&](int row) {
        return (client < 0 || int(m_sessionClient[std::size_t(row)]) == client) &&
            (!filter.status || SessionStatus(m_status[std::size_t(row)]) == *filter.status);
    };
    std::vector<int> rows;
    if (user >= 0) { // a user's rows are stored newest first
        const UserRecord &record = m_users[std::size_t(user)];
        for (int row = record.firstSession; row < record.firstSession + record.sessionCount;
             ++row) {
            if (wanted(row))
                rows.push_back(row);
        }
        return rows;
    }
    for (int row = 0; row < sessionCount(); ++row) {
        if (wanted(row))
            rows.push_back(row);
    }
    std::stable_sort(rows.begin(), rows.end(), [this](int a, int b) {
        return m_createdAt[std::size_t(a)] > m_createdAt[std::size_t(b)];
    });
    return rows;
}

MockInstance::RevokeOutcome MockInstance::revoke(int row)
{
    const std::size_t r = std::size_t(row);
    const auto status = SessionStatus(m_status[r]);
    if (status != SessionStatus::Active && status != SessionStatus::Pending)
        return RevokeOutcome::NotRevocable;
    m_status[r] = std::uint8_t(SessionStatus::Revoked);
    m_updatedAt[r] = std::max(now(), m_updatedAt[r] + 1);
    return RevokeOutcome::Revoked;
}

// --- Users ----------------------------------------------------------------------------------

int MockInstance::findUser(const QString &id) const
{
    return int(m_userIds.find(view(id.toUtf8()))) - 1;
}

int MockInstance::userOfEmail(const QString &email) const
{
    return int(m_emails.find(view(email.toLower().toUtf8()))) - 1;
}

QString MockInstance::userId(int user) const
{
    return m_userIds.string(StringPool::Id(user + 1));
}

QString MockInstance::userEmail(int user) const
{
    return m_emails.string(StringPool::Id(user + 1));
}

QString MockInstance::userFirstName(int user) const
{
    return m_text.string(m_users[std::size_t(user)].firstName);
}

QString MockInstance::userLastName(int user) const
{
    return m_text.string(m_users[std::size_t(user)].lastName);
}

QJsonObject MockInstance::userJson(int index) const
{
    const UserRecord &user = m_users[std::size_t(index)];
    const bool twoFactor = user.flags & TwoFactor;
    const bool password = user.flags & PasswordEnabled;
    const bool locked = user.flags & Locked;
    const QString emailId = m_unique.string(user.emailAddressId);

    const QJsonObject verification{
        {QStringLiteral("object"), QStringLiteral("verification_otp")},
        {QStringLiteral("status"), QStringLiteral("verified")},
        {QStringLiteral("strategy"), QStringLiteral("email_code")},
        {QStringLiteral("attempts"), 1},
        {QStringLiteral("expire_at"), user.createdAt + 10 * Minute},
    };
    const QJsonObject email{
        {QStringLiteral("id"), emailId},
        {QStringLiteral("object"), QStringLiteral("email_address")},
        {QStringLiteral("email_address"), userEmail(index)},
        {QStringLiteral("reserved"), false},
        {QStringLiteral("verification"), verification},
        {QStringLiteral("linked_to"), QJsonArray()},
        {QStringLiteral("matches_sso_connection"), false},
        {QStringLiteral("created_at"), user.createdAt},
        {QStringLiteral("updated_at"), user.createdAt + Minute},
    };
    const QJsonObject empty;
    return QJsonObject{
        {QStringLiteral("id"), userId(index)},
        {QStringLiteral("object"), QStringLiteral("user")},
        {QStringLiteral("external_id"), QJsonValue::Null},
        {QStringLiteral("primary_email_address_id"), emailId},
        {QStringLiteral("primary_phone_number_id"), QJsonValue::Null},
        {QStringLiteral("primary_web3_wallet_id"), QJsonValue::Null},
        {QStringLiteral("username"), QJsonValue::Null},
        {QStringLiteral("first_name"), nullable(userFirstName(index))},
        {QStringLiteral("last_name"), nullable(userLastName(index))},
        {QStringLiteral("locale"), QJsonValue::Null},
        {QStringLiteral("image_url"), m_unique.string(user.imageUrl)},
        {QStringLiteral("has_image"), bool(user.flags & HasImage)},
        {QStringLiteral("public_metadata"), empty},
        {QStringLiteral("private_metadata"), empty},
        {QStringLiteral("unsafe_metadata"), empty},
        {QStringLiteral("email_addresses"), QJsonArray{email}},
        {QStringLiteral("phone_numbers"), QJsonArray()},
        {QStringLiteral("web3_wallets"), QJsonArray()},
        {QStringLiteral("passkeys"), QJsonArray()},
        {QStringLiteral("password_enabled"), password},
        {QStringLiteral("two_factor_enabled"), twoFactor},
        {QStringLiteral("totp_enabled"), twoFactor},
        {QStringLiteral("backup_code_enabled"), twoFactor},
        // Set up at sign-up or soon after, never after the last sign-in.
        {QStringLiteral("mfa_enabled_at"),
         nullableTime(twoFactor,
                      std::max(user.createdAt, std::min(user.createdAt + Day, user.lastSignInAt)))},
        {QStringLiteral("mfa_disabled_at"), QJsonValue::Null},
        {QStringLiteral("password_last_updated_at"), nullableTime(password, user.createdAt)},
        {QStringLiteral("external_accounts"), QJsonArray()},
        {QStringLiteral("saml_accounts"), QJsonArray()},
        {QStringLiteral("enterprise_accounts"), QJsonArray()},
        {QStringLiteral("last_sign_in_at"), nullableTime(user.lastSignInAt > 0, user.lastSignInAt)},
        {QStringLiteral("banned"), bool(user.flags & Banned)},
        {QStringLiteral("locked"), locked},
        {QStringLiteral("deprovisioned"), false},
        {QStringLiteral("lockout_expires_in_seconds"), nullableTime(locked, 1800)},
        {QStringLiteral("verification_attempts_remaining"), locked ? 0 : 100},
        {QStringLiteral("updated_at"), user.updatedAt},
        {QStringLiteral("created_at"), user.createdAt},
        {QStringLiteral("delete_self_enabled"), true},
        {QStringLiteral("create_organization_enabled"), true},
        {QStringLiteral("create_organizations_limit"), QJsonValue::Null},
        // "Unix timestamp of the latest session activity, with day precision."
        {QStringLiteral("last_active_at"),
         nullableTime(user.lastActiveAt > 0, user.lastActiveAt / Day * Day)},
        {QStringLiteral("legal_accepted_at"), QJsonValue::Null},
        {QStringLiteral("bypass_client_trust"), false},
    };
}

bool MockInstance::matches(int user, const UserFilter &filter, const std::vector<int> &wantedIds,
                           const std::vector<int> &excludedIds) const
{
    if (!wantedIds.empty() && !std::binary_search(wantedIds.begin(), wantedIds.end(), user))
        return false;
    if (std::binary_search(excludedIds.begin(), excludedIds.end(), user))
        return false;
    if (!filter.query.isEmpty()) {
        const QString first = userFirstName(user);
        const QString last = userLastName(user);
        const auto has = [&](const QString &text) {
            return text.contains(filter.query, Qt::CaseInsensitive);
        };
        if (!has(userId(user)) && !has(userEmail(user)) && !has(first) && !has(last) &&
            !has(first + u' ' + last))
            return false;
    }
    return true;
}

std::vector<int> MockInstance::users(const UserFilter &filter, UserOrder order,
                                     bool descending) const
{
    // Candidates: the users named by email or id (both: those named by both), else everyone.
    auto lookup = [](const QStringList &keys, auto find) {
        std::vector<int> found;
        for (const QString &key : keys) {
            const int user = find(key);
            if (user >= 0)
                found.push_back(user);
        }
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return found;
    };
    const auto byId = [this](const QString &id) { return findUser(id); };
    std::vector<int> wanted;
    bool constrained = false;
    if (!filter.emailAddresses.isEmpty()) {
        wanted = lookup(filter.emailAddresses, [this](const QString &e) { return userOfEmail(e); });
        constrained = true;
    }
    if (!filter.userIds.isEmpty()) {
        std::vector<int> ids = lookup(filter.userIds, byId);
        if (constrained) {
            std::vector<int> both;
            std::set_intersection(wanted.begin(), wanted.end(), ids.begin(), ids.end(),
                                  std::back_inserter(both));
            wanted = std::move(both);
        } else {
            wanted = std::move(ids);
        }
        constrained = true;
    }
    if (constrained && wanted.empty())
        return {};
    const std::vector<int> excluded = lookup(filter.excludedUserIds, byId);

    std::vector<int> result;
    for (const int user : m_usersByCreation) {
        if (matches(user, filter, wanted, excluded))
            result.push_back(user);
    }

    // Ties are broken by creation in the direction asked for.
    const auto rank = [this](int user) { return m_creationRank[std::size_t(user)]; };
    const auto time = [this, order](int user) -> qint64 {
        const UserRecord &record = m_users[std::size_t(user)];
        switch (order) {
        case UserOrder::UpdatedAt:
            return record.updatedAt;
        case UserOrder::LastActiveAt:
            return record.lastActiveAt;
        case UserOrder::LastSignInAt:
            return record.lastSignInAt;
        default:
            return 0;
        }
    };
    const auto text = [this, order](int user) -> QString {
        switch (order) {
        case UserOrder::EmailAddress:
            return userEmail(user);
        case UserOrder::FirstName:
            return userFirstName(user);
        case UserOrder::LastName:
            return userLastName(user);
        default:
            return {}; // web3 wallet, phone number, username: no user has one
        }
    };
    std::function<int(int, int)> compare;
    switch (order) {
    case UserOrder::CreatedAt:
        compare = [](int, int) { return 0; };
        break;
    case UserOrder::UpdatedAt:
    case UserOrder::LastActiveAt:
    case UserOrder::LastSignInAt:
        compare = [time](int a, int b) {
            const qint64 ta = time(a), tb = time(b);
            return ta < tb ? -1 : ta > tb ? 1 : 0;
        };
        break;
    default:
        compare = [text](int a, int b) {
            return QString::compare(text(a), text(b), Qt::CaseInsensitive);
        };
        break;
    }
    std::stable_sort(result.begin(), result.end(), [&](int a, int b) {
        int c = compare(a, b);
        if (c == 0)
            c = rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0;
        return descending ? c > 0 : c < 0;
    });
    return result;
}

int MockInstance::countUsers(const UserFilter &filter) const
{
    return int(users(filter, UserOrder::CreatedAt, false).size());
}

// --- Clients --------------------------------------------------------------------------------

int MockInstance::findClient(const QString &id) const
{
    return int(m_clientIds.find(view(id.toUtf8()))) - 1;
}

QString MockInstance::clientId(int client) const
{
    return m_clientIds.string(StringPool::Id(client + 1));
}

QJsonObject MockInstance::clientJson(int client) const
{
    const int owner = m_clients[std::size_t(client)].user;
    const UserRecord &user = m_users[std::size_t(owner)];
    qint64 createdAt = std::numeric_limits<qint64>::max();
    qint64 updatedAt = 0;
    QJsonArray ids;
    QJsonArray sessions;
    int lastActive = -1;
    for (int row = user.firstSession; row < user.firstSession + user.sessionCount; ++row) {
        const std::size_t r = std::size_t(row);
        if (int(m_sessionClient[r]) != client)
            continue;
        createdAt = std::min(createdAt, m_createdAt[r]);
        updatedAt = std::max(updatedAt, m_updatedAt[r]);
        // A client still carries its signed-in sessions and, in multi-session mode, the revoked
        // ones (spec: RevokeSession); signed-out, removed, replaced, expired and abandoned
        // sessions have left it.
        const auto status = SessionStatus(m_status[r]);
        if (status != SessionStatus::Active && status != SessionStatus::Pending &&
            status != SessionStatus::Revoked)
            continue;
        ids.append(m_sessionIds.string(StringPool::Id(row + 1)));
        sessions.append(sessionJson(row));
        if (status == SessionStatus::Active &&
            (lastActive < 0 || m_lastActiveAt[r] > m_lastActiveAt[std::size_t(lastActive)]))
            lastActive = row;
    }
    return QJsonObject{
        {QStringLiteral("object"), QStringLiteral("client")},
        {QStringLiteral("id"), clientId(client)},
        {QStringLiteral("session_ids"), ids},
        {QStringLiteral("sessions"), sessions},
        {QStringLiteral("sign_in_id"), QJsonValue::Null},
        {QStringLiteral("sign_up_id"), QJsonValue::Null},
        {QStringLiteral("last_active_session_id"),
         lastActive < 0 ? QJsonValue(QJsonValue::Null)
                        : QJsonValue(m_sessionIds.string(StringPool::Id(lastActive + 1)))},
        {QStringLiteral("last_authentication_strategy"),
         (user.flags & PasswordEnabled) ? QStringLiteral("password")
                                        : QStringLiteral("email_code")},
        {QStringLiteral("updated_at"), updatedAt},
        // The client was made when its first sign-in began, a little before that session.
        {QStringLiteral("created_at"), createdAt - 30'000},
    };
}

std::size_t MockInstance::memoryBytes() const
{
    std::size_t bytes = m_userIds.memoryBytes() + m_emails.memoryBytes() +
        m_clientIds.memoryBytes() + m_sessionIds.memoryBytes() + m_text.memoryBytes() +
        m_unique.memoryBytes();
    bytes += m_users.capacity() * sizeof(UserRecord);
    bytes += (m_usersByCreation.capacity() + m_creationRank.capacity()) * sizeof(int);
    bytes += m_clients.capacity() * sizeof(ClientRecord);
    bytes += (m_sessionUser.capacity() + m_sessionClient.capacity()) * sizeof(std::uint32_t);
    bytes += m_status.capacity() + m_flags.capacity() + m_tasks.capacity();
    for (const auto &column : m_sessionText)
        bytes += column.capacity() * sizeof(StringPool::Id);
    for (const auto *column :
         {&m_createdAt, &m_updatedAt, &m_lastActiveAt, &m_expireAt, &m_abandonAt})
        bytes += column->capacity() * sizeof(qint64);
    return bytes;
}
