// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "loadsummary.h"

#include "anomalydetector.h"
#include "insightsdata.h"
#include "sessionfilter.h"
#include "sessionloader.h"
#include "sessionstore.h"

#include <QJsonArray>

#include <array>
#include <map>

namespace LoadSummary {

QJsonObject toJson(const LoadResult &result, const SessionStore &store,
                   const AnomalyDetector *anomalies)
{
    QJsonArray files;
    for (const FileReport &file : result.files) {
        QJsonArray errors;
        for (const RecordError &error : file.errors) {
            QJsonObject e{{QStringLiteral("record"), error.record},
                          {QStringLiteral("field"), error.field},
                          {QStringLiteral("message"), error.message}};
            if (error.line > 0) {
                e.insert(u"line", error.line);
                e.insert(u"column", error.column);
            }
            errors.append(e);
        }
        QJsonObject f{{QStringLiteral("path"), file.path},
                      {QStringLiteral("shape"), file.shape},
                      {QStringLiteral("sessions"), file.sessions},
                      {QStringLiteral("skipped"), file.skipped},
                      {QStringLiteral("errors"), errors}};
        if (!file.casing.isEmpty())
            f.insert(u"casing", file.casing);
        if (file.failed()) {
            f.insert(u"error", file.error);
            if (file.errorLine > 0) {
                f.insert(u"line", file.errorLine);
                f.insert(u"column", file.errorColumn);
            }
        }
        if (file.cancelled)
            f.insert(u"cancelled", true);
        files.append(f);
    }

    const qint64 sessions = store.size();
    QJsonObject json{
        {QStringLiteral("files"), files},
        {QStringLiteral("sessions"), sessions},
        {QStringLiteral("skipped"), result.skipped()},
        {QStringLiteral("duplicates"), result.duplicates()},
        {QStringLiteral("by_status"), byStatus(store)},
        {QStringLiteral("load_ms"), result.elapsedMs},
        {QStringLiteral("bytes_per_session"),
         sessions > 0 ? qint64(store.memoryBytes() / std::size_t(sessions)) : 0},
    };
    if (anomalies)
        json.insert(u"flags", flagCounts(*anomalies));
    return json;
}

QJsonObject flagCounts(const AnomalyDetector &anomalies, const std::vector<int> *rows)
{
    std::array<qint64, AnomalyRules::FlagCount> counts{};
    auto add = [&](int row) {
        const quint8 flags = anomalies.flags(row);
        for (int i = 0; i < AnomalyRules::FlagCount; ++i)
            counts[std::size_t(i)] += (flags & AnomalyRules::Flags[std::size_t(i)]) != 0;
    };
    if (rows) {
        for (const int row : *rows)
            add(row);
    } else {
        for (int row = 0; row < anomalies.size(); ++row)
            add(row);
    }
    QJsonObject json;
    for (int i = 0; i < AnomalyRules::FlagCount; ++i)
        json.insert(AnomalyRules::name(AnomalyRules::Flags[std::size_t(i)]),
                    counts[std::size_t(i)]);
    return json;
}

QJsonObject insightsJson(const InsightsData &insights)
{
    static const char *const keys[InsightsData::DimensionCount] = {"by_status", "by_country",
                                                                   "by_browser", "by_device"};
    QJsonObject json{{QStringLiteral("sessions"), insights.total}};
    for (int dimension = 0; dimension < InsightsData::DimensionCount; ++dimension) {
        QJsonArray buckets;
        for (const InsightsData::Bucket &bucket : insights.buckets[std::size_t(dimension)]) {
            QJsonObject b{{QStringLiteral("value"), bucket.label},
                          {QStringLiteral("count"), bucket.count}};
            if (bucket.kind == InsightsData::Bucket::Kind::Other)
                b.insert(u"values", bucket.values);
            if (bucket.kind == InsightsData::Bucket::Kind::None)
                b.insert(u"value", QJsonValue::Null);
            if (!bucket.filter.isEmpty())
                b.insert(u"filter", bucket.filter);
            buckets.append(b);
        }
        json.insert(QLatin1StringView(keys[dimension]), buckets);
    }
    static const char *const periods[] = {"day", "week", "month", "year"};
    QJsonArray created;
    for (const InsightsData::PeriodBucket &bucket : insights.created) {
        created.append(QJsonObject{{QStringLiteral("start"), bucket.start.toString(Qt::ISODate)},
                                   {QStringLiteral("count"), bucket.count},
                                   {QStringLiteral("filter"), bucket.filter}});
    }
    json.insert(
        u"created",
        QJsonObject{{QStringLiteral("period"), QLatin1StringView(periods[int(insights.period)])},
                    {QStringLiteral("buckets"), created},
                    {QStringLiteral("missing"), insights.createdMissing}});
    return json;
}

QJsonObject byStatus(const SessionStore &store, const std::vector<int> *rows)
{
    // Every known status appears, 0 included; unknown ones under their own text. (QJsonObject
    // writes keys in alphabetical order, here as everywhere in the summary.)
    std::vector<qint64> known(KnownStatusCount, 0);
    std::map<QString, qint64> unknown;
    auto count = [&](int row) {
        const SessionStatus status = store.status(row);
        if (status == SessionStatus::Unknown)
            ++unknown[store.string(row, SessionStore::Status)];
        else
            ++known[std::size_t(status)];
    };
    if (rows) {
        for (int row : *rows)
            count(row);
    } else {
        for (int row = 0; row < store.size(); ++row)
            count(row);
    }
    QJsonObject result;
    for (int i = 0; i < KnownStatusCount; ++i) {
        const std::string_view name = statusName(SessionStatus(i));
        result.insert(QString::fromLatin1(name.data(), qsizetype(name.size())), known[i]);
    }
    for (const auto &[text, n] : unknown)
        result.insert(text, n);
    return result;
}

QJsonObject filterJson(const SessionFilter &filter, const SessionStore &store,
                       const std::vector<int> &rows, const AnomalyDetector *anomalies)
{
    QJsonObject json{
        {QStringLiteral("query"), filter.query()},
        {QStringLiteral("matching"), qint64(rows.size())},
        {QStringLiteral("by_status"), byStatus(store, &rows)},
    };
    if (anomalies)
        json.insert(u"flags", flagCounts(*anomalies, &rows));
    return json;
}

} // namespace LoadSummary
