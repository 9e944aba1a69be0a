// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "jsonscanner.h"

#include <QTest>

#include <string>

using namespace Qt::StringLiterals;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QString str(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString badUtf8(const char *byte)
{
    return u"invalid UTF-8: byte 0x"_s + QLatin1StringView(byte) +
        u" is not valid here (is the file Latin-1? save it as UTF-8)"_s;
}

qsizetype firstNonSpace(const QByteArray &json)
{
    qsizetype i = 0;
    while (i < json.size() && JsonScanner::isWhitespace(json[i]))
        ++i;
    return i;
}

} // namespace

class TstJsonScanner : public QObject
{
    Q_OBJECT

private slots:
    void validValues_data();
    void validValues();
    void valueSpans();
    void topLevelSequence();
    void walkEnvelope();
    void walkNested();
    void walkErrors_data();
    void walkErrors();
    void errors_data();
    void errors();
    void stringsAcrossVectorBoundaries();
    void tolerantUtf8();
    void invalidUtf8Message();
    void pathAt_data();
    void pathAt();
    void stringAtEndOfBuffer();
    void depthLimit();
    void utf8Sequences_data();
    void utf8Sequences();
    void findInvalidUtf8();
    void positions_data();
    void positions();
    void positionCache();
};

void TstJsonScanner::validValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("zero") << "0"_ba;
    QTest::newRow("negative zero") << "-0"_ba;
    QTest::newRow("integer") << "1716883200000"_ba;
    QTest::newRow("fraction") << "-12.5"_ba;
    QTest::newRow("exponent") << "1e10"_ba;
    QTest::newRow("signed exponent") << "1.5E-3"_ba;
    QTest::newRow("plus exponent") << "2e+8"_ba;
    QTest::newRow("true") << "true"_ba;
    QTest::newRow("false") << "false"_ba;
    QTest::newRow("null") << "null"_ba;
    QTest::newRow("empty string") << "\"\""_ba;
    QTest::newRow("escapes") << R"("a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\uD83D\uDE00")"_ba;
    QTest::newRow("utf-8")
        << "\"S\xC3\xA3o Paulo, Z\xC3\xBCrich, \xE6\x9D\xB1\xE4\xBA\xAC, \xF0\x9F\x98\x80\""_ba;
    QTest::newRow("empty object") << "{}"_ba;
    QTest::newRow("empty array") << "[]"_ba;
    QTest::newRow("white space") << " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n"_ba;
    QTest::newRow("nested") << R"({"a":[{"b":[[],{}]},null,true,"x"],"c":{"d":{"e":-1.0e0}}})"_ba;
    QTest::newRow("session")
        << R"({"object":"session","id":"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S","user_id":"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S","actor":null,"last_active_at":1716883200000,"latest_activity":{"is_mobile":false,"city":"San Francisco"},"tasks":[{"key":"choose-organization"}]})"_ba;
}

void TstJsonScanner::validValues()
{
    QFETCH(QByteArray, json);
    JsonScanner scanner(view(json));
    JsonScanner::Span span;
    QVERIFY2(scanner.scanValue(&span), qPrintable(scanner.error().message));
    QVERIFY(!scanner.failed());
    QCOMPARE(qsizetype(span.begin), firstNonSpace(json));
    QVERIFY(!scanner.skipWhitespace()); // the value ran to the end (bar white space)
}

void TstJsonScanner::valueSpans()
{
    const QByteArray json = R"( {"a":1} [true] "s" -2.5e3 null false)"_ba;
    JsonScanner scanner(view(json));
    const struct
    {
        std::size_t begin, end;
        JsonScanner::Kind kind;
    } expected[] = {
        {1, 8, JsonScanner::Kind::Object},   {9, 15, JsonScanner::Kind::Array},
        {16, 19, JsonScanner::Kind::String}, {20, 26, JsonScanner::Kind::Number},
        {27, 31, JsonScanner::Kind::Null},   {32, 37, JsonScanner::Kind::Boolean},
    };
    for (const auto &value : expected) {
        JsonScanner::Span span;
        QVERIFY(scanner.scanValue(&span));
        QCOMPARE(span.begin, value.begin);
        QCOMPARE(span.end, value.end);
        QCOMPARE(span.kind, value.kind);
        QCOMPARE(scanner.offset(), value.end);
    }
    QVERIFY(!scanner.skipWhitespace());
    QCOMPARE(scanner.peek(), '\0');
}

void TstJsonScanner::topLevelSequence()
{
    // NDJSON with CRLF and a blank line: three values, found one after the other.
    const QByteArray json = "{\"id\":1}\r\n{\"id\":2}\r\n\r\n{\"id\":3}\r\n"_ba;
    JsonScanner scanner(view(json));
    QList<std::size_t> starts;
    while (scanner.skipWhitespace()) {
        starts.append(scanner.offset());
        QVERIFY(scanner.scanValue());
    }
    QCOMPARE(starts, (QList<std::size_t>{0, 10, 22}));
}

void TstJsonScanner::walkEnvelope()
{
    const QByteArray json = R"({"data": [{"id":"a"}, {"id":"b"} ,{}], "total_count": 3})"_ba;
    JsonScanner scanner(view(json));
    JsonScanner::Container object;
    QVERIFY(scanner.enter(&object));
    QVERIFY(object.object);
    QCOMPARE(object.depth, 1);

    std::string_view key;
    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::Item);
    QCOMPARE(str(key), u"data"_s);
    QCOMPARE(scanner.offset(), std::size_t(9)); // at the value
    QCOMPARE(scanner.peek(), '[');

    JsonScanner::Container array;
    QVERIFY(scanner.enter(&array, object.depth));
    QCOMPARE(array.depth, 2);
    QList<std::pair<std::size_t, std::size_t>> elements;
    while (scanner.next(array) == JsonScanner::Step::Item) {
        JsonScanner::Span span;
        QVERIFY(scanner.scanValue(&span, array.depth));
        elements.append({span.begin, span.end});
    }
    QVERIFY(!scanner.failed());
    const QList<std::pair<std::size_t, std::size_t>> expected{{10, 20}, {22, 32}, {34, 36}};
    QVERIFY(elements == expected);

    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::Item);
    QCOMPARE(str(key), u"total_count"_s);
    JsonScanner::Span count;
    QVERIFY(scanner.scanValue(&count, object.depth));
    QCOMPARE(json.mid(qsizetype(count.begin), qsizetype(count.size())), "3"_ba);
    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::End);
    QCOMPARE(scanner.offset(), std::size_t(json.size()));
}

void TstJsonScanner::walkNested()
{
    // Keys come back raw: escapes are left as they are.
    const QByteArray json = R"({ "a\"b" : {"x":[1]} , "" : [] })"_ba;
    JsonScanner scanner(view(json));
    JsonScanner::Container object;
    QVERIFY(scanner.enter(&object));
    std::string_view key;
    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::Item);
    QCOMPARE(str(key), uR"(a\"b)"_s);
    QVERIFY(scanner.scanValue(nullptr, object.depth));
    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::Item);
    QCOMPARE(str(key), QString());
    JsonScanner::Container array;
    QVERIFY(scanner.enter(&array, object.depth));
    QCOMPARE(scanner.next(array), JsonScanner::Step::End);
    QCOMPARE(scanner.next(object, &key), JsonScanner::Step::End);
}

void TstJsonScanner::walkErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing comma") << R"({"a":1 "b":2})"_ba << qsizetype(7)
                                   << u"expected ',' or '}' after an object member, found '\"'"_s;
    QTest::newRow("trailing comma")
        << R"({"a":1,})"_ba << qsizetype(7) << u"trailing comma before '}'"_s;
    QTest::newRow("missing colon")
        << R"({"a" 1})"_ba << qsizetype(5) << u"expected ':' after an object key, found '1'"_s;
    QTest::newRow("unquoted key") << R"({a:1})"_ba << qsizetype(1)
                                  << u"expected a string key or '}', found 'a'"_s;
    QTest::newRow("end after key")
        << R"({"a")"_ba << qsizetype(4) << u"unexpected end of file: expected ':'"_s;
    QTest::newRow("array missing comma")
        << R"([1 2])"_ba << qsizetype(3)
        << u"expected ',' or ']' after an array element, found '2'"_s;
    QTest::newRow("array trailing comma")
        << R"([1,])"_ba << qsizetype(3) << u"trailing comma before ']'"_s;
    QTest::newRow("array end") << R"([1,)"_ba << qsizetype(3)
                               << u"unexpected end of file: expected a value"_s;
    QTest::newRow("open array end")
        << R"([)"_ba << qsizetype(1) << u"unexpected end of file: expected a value or ']'"_s;
}

void TstJsonScanner::walkErrors()
{
    // The same errors are found when walking a container member by member as when scanning it
    // whole.
    QFETCH(QByteArray, json);
    QFETCH(qsizetype, offset);
    QFETCH(QString, message);
    JsonScanner scanner(view(json));
    JsonScanner::Container container;
    QVERIFY(scanner.enter(&container));
    JsonScanner::Step step;
    while ((step = scanner.next(container)) == JsonScanner::Step::Item) {
        if (!scanner.scanValue(nullptr, container.depth))
            break;
    }
    QVERIFY(scanner.failed());
    QCOMPARE(scanner.error().message, message);
    QCOMPARE(qsizetype(scanner.error().offset), offset);

    JsonScanner whole(view(json));
    QVERIFY(!whole.scanValue());
    QCOMPARE(whole.error().message, message);
    QCOMPARE(qsizetype(whole.error().offset), offset);
}

void TstJsonScanner::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("message");

    // Structure
    QTest::newRow("array element then brace")
        << R"([{"a":1}})"_ba << qsizetype(8)
        << u"expected ',' or ']' after an array element, found '}'"_s;
    QTest::newRow("member then bracket")
        << R"({"a":1])"_ba << qsizetype(6)
        << u"expected ',' or '}' after an object member, found ']'"_s;
    QTest::newRow("key then string")
        << R"({"a" "b"})"_ba << qsizetype(5) << u"expected ':' after an object key, found '\"'"_s;
    QTest::newRow("trailing comma array")
        << "[1,2,\n]"_ba << qsizetype(6) << u"trailing comma before ']'"_s;
    QTest::newRow("trailing comma object")
        << R"({"a":1, })"_ba << qsizetype(8) << u"trailing comma before '}'"_s;
    QTest::newRow("comma then number key")
        << R"({"a":1,2})"_ba << qsizetype(7) << u"expected a string key, found '2'"_s;
    QTest::newRow("value missing")
        << R"({"a":})"_ba << qsizetype(5) << u"expected a value, found '}'"_s;
    QTest::newRow("array value missing")
        << R"([1,,2])"_ba << qsizetype(3) << u"expected a value, found ','"_s;
    QTest::newRow("single quotes")
        << R"(['a'])"_ba << qsizetype(1) << u"expected a value, found \"'\""_s;
    QTest::newRow("top-level junk") << R"(})"_ba << qsizetype(0) << u"unexpected character '}'"_s;
    QTest::newRow("top-level html") << "<html>"_ba << qsizetype(0) << u"unexpected character '<'"_s;
    QTest::newRow("top-level control")
        << "\x01"_ba << qsizetype(0) << u"unexpected character U+0001"_s;
    QTest::newRow("non-ASCII outside string")
        << "[\xC3\xA9]"_ba << qsizetype(1) << u"expected a value, found '\u00e9'"_s;
    QTest::newRow("invalid UTF-8 outside string") << "[\xFF]"_ba << qsizetype(1) << badUtf8("FF");

    // End of file
    QTest::newRow("eof in object")
        << R"({"a":1)"_ba << qsizetype(6) << u"unexpected end of file: expected ',' or '}'"_s;
    QTest::newRow("eof in array") << R"([{"a":1})"_ba << qsizetype(8)
                                  << u"unexpected end of file: expected ',' or ']'"_s;
    QTest::newRow("eof after brace")
        << R"({)"_ba << qsizetype(1) << u"unexpected end of file: expected a string key or '}'"_s;
    QTest::newRow("eof after comma")
        << R"({"a":1,)"_ba << qsizetype(7) << u"unexpected end of file: expected a string key"_s;
    QTest::newRow("eof after colon")
        << R"({"a":)"_ba << qsizetype(5) << u"unexpected end of file: expected a value"_s;
    QTest::newRow("empty") << ""_ba << qsizetype(0)
                           << u"unexpected end of file: expected a value"_s;

    // Literals and numbers
    QTest::newRow("short literal")
        << "[tru]"_ba << qsizetype(1) << u"invalid literal 'tru': expected true, false or null"_s;
    QTest::newRow("python True") << "[True]"_ba << qsizetype(1)
                                 << u"invalid literal 'True': expected true, false or null"_s;
    QTest::newRow("NaN") << "[NaN]"_ba << qsizetype(1)
                         << u"invalid literal 'NaN': expected true, false or null"_s;
    QTest::newRow("literal glued") << "[nullx]"_ba << qsizetype(1)
                                   << u"invalid literal 'nullx': expected true, false or null"_s;
    QTest::newRow("leading zero") << "[01]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("bare minus") << "[-]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("dot without digits") << "[1.]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("leading dot") << "[.5]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("plus sign") << "[+1]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("exponent without digits") << "[1e]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("hex") << "[0x1F]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("two dots") << "[1.2.3]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("number then letters") << "[12abc]"_ba << qsizetype(1) << u"invalid number"_s;
    QTest::newRow("number at end") << "-"_ba << qsizetype(0) << u"invalid number"_s;

    // Strings
    QTest::newRow("unterminated") << R"(["abc)"_ba << qsizetype(1) << u"unterminated string"_s;
    QTest::newRow("unterminated after escape")
        << R"(["abc\)"_ba << qsizetype(1) << u"unterminated string"_s;
    QTest::newRow("bad escape") << R"(["a\qb"])"_ba << qsizetype(3)
                                << u"invalid escape '\\q' in a string"_s;
    QTest::newRow("bad unicode escape")
        << R"(["\u12G4"])"_ba << qsizetype(2) << u"invalid escape '\\u12G4' in a string"_s;
    QTest::newRow("short unicode escape")
        << R"(["\u12"])"_ba << qsizetype(2) << u"invalid escape '\\u12' in a string"_s;
    QTest::newRow("escaped control")
        << "[\"\\\x01\"]"_ba << qsizetype(2) << u"invalid escape '\\U+0001' in a string"_s;
    QTest::newRow("raw tab") << "[\"a\tb\"]"_ba << qsizetype(3)
                             << u"unescaped control character U+0009 in a string"_s;
    QTest::newRow("raw newline") << "[\"a\nb\"]"_ba << qsizetype(3)
                                 << u"unescaped control character U+000A in a string"_s;
    QTest::newRow("raw NUL") << QByteArray("[\"a\0b\"]", 6) << qsizetype(3)
                             << u"unescaped control character U+0000 in a string"_s;
    QTest::newRow("latin-1") << "[\"S\xE3o\"]"_ba << qsizetype(3) << badUtf8("E3");
    QTest::newRow("overlong") << "[\"\xC0\xAF\"]"_ba << qsizetype(2) << badUtf8("C0");
    QTest::newRow("surrogate") << "[\"\xED\xA0\x80\"]"_ba << qsizetype(2) << badUtf8("ED");
    QTest::newRow("cut sequence") << "[\"\xE6\x9D\"]"_ba << qsizetype(2) << badUtf8("E6");
    QTest::newRow("key with control")
        << "{\"a\rb\":1}"_ba << qsizetype(3) << u"unescaped control character U+000D in a string"_s;
}

void TstJsonScanner::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(qsizetype, offset);
    QFETCH(QString, message);
    JsonScanner scanner(view(json));
    JsonScanner::Span span;
    QVERIFY(!scanner.scanValue(&span));
    QVERIFY(scanner.failed());
    QCOMPARE(scanner.error().message, message);
    QCOMPARE(qsizetype(scanner.error().offset), offset);
    QCOMPARE(qsizetype(scanner.offset()), offset);

    // seek() clears the error.
    scanner.seek(0);
    QVERIFY(!scanner.failed());
}

void TstJsonScanner::stringsAcrossVectorBoundaries()
{
    // Strings are scanned 16 bytes at a time: put each special byte at every position around
    // those boundaries, and at the very end of the buffer.
    for (int at = 0; at < 40; ++at) {
        const QByteArray before(at, 'x');
        const QByteArray after(40 - at, 'y');
        {
            const QByteArray json = '"' + before + "\\n" + after + '"';
            JsonScanner scanner(view(json));
            QVERIFY2(scanner.scanValue(), qPrintable(scanner.error().message));
            QCOMPARE(scanner.offset(), std::size_t(json.size()));
        }
        {
            const QByteArray json = '"' + before + "\xC3\xA9" + after + '"';
            JsonScanner scanner(view(json));
            QVERIFY(scanner.scanValue());
        }
        {
            const QByteArray json = '"' + before + '\x1F' + after + '"';
            JsonScanner scanner(view(json));
            QVERIFY(!scanner.scanValue());
            QCOMPARE(qsizetype(scanner.error().offset), 1 + at);
        }
        {
            const QByteArray json = '"' + before + '\xFF' + after + '"';
            JsonScanner scanner(view(json));
            QVERIFY(!scanner.scanValue());
            QCOMPARE(scanner.error().message, badUtf8("FF"));
            QCOMPARE(qsizetype(scanner.error().offset), 1 + at);
        }
        {
            // Tolerant: the string scans whole, and the bad byte is remembered.
            const QByteArray json = '"' + before + '\xFF' + after + '"';
            JsonScanner scanner(view(json));
            scanner.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
            QVERIFY2(scanner.scanValue(), qPrintable(scanner.error().message));
            QCOMPARE(scanner.offset(), std::size_t(json.size()));
            QCOMPARE(qsizetype(scanner.invalidUtf8()), 1 + at);
        }
        {
            // The closing quote at every distance from the start.
            const QByteArray json = '"' + before + '"';
            JsonScanner scanner(view(json));
            QVERIFY(scanner.scanValue());
            QCOMPARE(scanner.offset(), std::size_t(json.size()));
        }
    }
}

void TstJsonScanner::tolerantUtf8()
{
    // Two Latin-1 records in an array: the walk goes on, and each element says where its first
    // bad byte is.
    const QByteArray json = "[{\"city\":\"S\xE9ville\"}, {\"city\":\"Z\xFCrich \xE9\"}, {}]"_ba;
    {
        JsonScanner strict(view(json));
        QVERIFY(!strict.scanValue());
        QCOMPARE(strict.error().message, badUtf8("E9"));
        QCOMPARE(strict.error().offset, std::size_t(11));
    }
    JsonScanner scanner(view(json));
    scanner.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    QCOMPARE(scanner.invalidUtf8(), std::string_view::npos);
    JsonScanner::Container array;
    QVERIFY(scanner.enter(&array));
    QList<std::size_t> bad;
    while (scanner.next(array) == JsonScanner::Step::Item) {
        scanner.clearInvalidUtf8();
        QVERIFY2(scanner.scanValue(nullptr, array.depth), qPrintable(scanner.error().message));
        bad.append(scanner.invalidUtf8());
    }
    QVERIFY(!scanner.failed());
    QCOMPARE(scanner.offset(), std::size_t(json.size()));
    QCOMPARE(bad, (QList<std::size_t>{11, 31, std::string_view::npos}));

    // Without a clear, the first bad byte is kept; seek() clears it.
    JsonScanner whole(view(json));
    whole.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    QVERIFY(whole.scanValue());
    QCOMPARE(whole.invalidUtf8(), std::size_t(11));
    whole.seek(0);
    QCOMPARE(whole.invalidUtf8(), std::string_view::npos);

    // In a key too.
    JsonScanner key("{\"cit\xE9\":1}");
    key.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    QVERIFY(key.scanValue());
    QCOMPARE(key.invalidUtf8(), std::size_t(5));

    // Outside a string the structure is broken: a syntax error either way.
    JsonScanner outside("[1, \xE9]");
    outside.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    QVERIFY(!outside.scanValue());
    QCOMPARE(outside.error().message, badUtf8("E9"));
    QCOMPARE(outside.error().offset, std::size_t(4));

    // Other string errors still fail.
    JsonScanner control("[\"\xE9\x01\"]");
    control.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    QVERIFY(!control.scanValue());
    QCOMPARE(control.error().message, u"unescaped control character U+0001 in a string"_s);
}

void TstJsonScanner::invalidUtf8Message()
{
    QCOMPARE(
        JsonScanner::invalidUtf8Message(0xE9),
        u"invalid UTF-8: byte 0xE9 is not valid here (is the file Latin-1? save it as UTF-8)"_s);
    QCOMPARE(JsonScanner::invalidUtf8Message(0x80), badUtf8("80"));
}

void TstJsonScanner::pathAt_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("marker"); // the offset asked for is where this first occurs
    QTest::addColumn<QString>("path");
    const QByteArray session =
        R"({"id":"sess_1","latest_activity":{"object":"session_activity","city":"@city"},)"
        R"("tasks":[{"key":"a"},{"key":"@b"}],"actor":{"sub":"x"},"n":[1,[2,"@deep"]]})"_ba;
    QTest::newRow("top-level member") << session << "sess_1"_ba << u"id"_s;
    QTest::newRow("nested member") << session << "@city"_ba << u"latest_activity.city"_s;
    QTest::newRow("in an array") << session << "@b"_ba << u"tasks[1].key"_s;
    QTest::newRow("arrays in arrays") << session << "@deep"_ba << u"n[1][1]"_s;
    QTest::newRow("in a key") << session << "cit"_ba << u"latest_activity"_s;
    QTest::newRow("top-level key") << session << "tasks"_ba << QString();
    QTest::newRow("event")
        << R"({"object":"event","type":"session.created","data":{"latest_activity":{"city":"@"}}})"_ba
        << "@"_ba << u"data.latest_activity.city"_s;
    QTest::newRow("escaped key") << R"({"ci\u0074y":"@"})"_ba
                                 << "@"_ba << uR"(ci\u0074y)"_s;
    QTest::newRow("not a container") << R"("@")"_ba
                                     << "@"_ba << QString();
}

void TstJsonScanner::pathAt()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, marker);
    QFETCH(QString, path);
    // Inside a longer text, at an offset: as the reader asks for a record in a file.
    const QByteArray text = "[1, " + json + "]";
    const qsizetype at = text.indexOf(marker);
    QVERIFY(at > 0);
    QCOMPARE(JsonScanner::pathAt(view(text), 4, std::size_t(at)), path);
}

void TstJsonScanner::stringAtEndOfBuffer()
{
    // The text ends inside a string with a quote right after it in memory: the scanner must not
    // look past the end it was given.
    const QByteArray memory = R"(["abcdefghijklmnopqrstuvwxyz0123456789"])"_ba;
    for (qsizetype size = 2; size <= memory.size() - 2; ++size) {
        JsonScanner scanner(std::string_view(memory.constData(), std::size_t(size)));
        QVERIFY(!scanner.scanValue());
        QCOMPARE(scanner.error().message, u"unterminated string"_s);
        QCOMPARE(scanner.error().offset, std::size_t(1));
    }
}

void TstJsonScanner::depthLimit()
{
    {
        JsonScanner scanner("[[[1]]]", 3);
        QVERIFY(scanner.scanValue());
    }
    {
        JsonScanner scanner("[[[[1]]]]", 3);
        QVERIFY(!scanner.scanValue());
        QCOMPARE(scanner.error().message, u"nesting too deep: more than 3 levels"_s);
        QCOMPARE(scanner.error().offset, std::size_t(3));
    }
    {
        // Walking counts the levels already entered.
        JsonScanner scanner(R"({"a":[[1]]})", 2);
        JsonScanner::Container object;
        QVERIFY(scanner.enter(&object));
        QCOMPARE(scanner.next(object), JsonScanner::Step::Item);
        QVERIFY(!scanner.scanValue(nullptr, object.depth));
        QCOMPARE(scanner.error().offset, std::size_t(6));
    }
    {
        // A hostile depth costs no stack: the scanner is iterative.
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        JsonScanner scanner(view(deep));
        QVERIFY(!scanner.scanValue());
        QCOMPARE(scanner.error().message, u"nesting too deep: more than 1024 levels"_s);
        QCOMPARE(scanner.error().offset, std::size_t(1024));
        JsonScanner unlimited(view(deep), 200000);
        QVERIFY(unlimited.scanValue());
    }
}

void TstJsonScanner::utf8Sequences_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("length");
    QTest::newRow("ascii") << "a"_ba << 1;
    QTest::newRow("2 bytes") << "\xC3\xA9"_ba << 2;
    QTest::newRow("3 bytes") << "\xE6\x9D\xB1"_ba << 3;
    QTest::newRow("4 bytes") << "\xF0\x9F\x98\x80"_ba << 4;
    QTest::newRow("max code point") << "\xF4\x8F\xBF\xBF"_ba << 4;
    QTest::newRow("above max") << "\xF4\x90\x80\x80"_ba << 0;
    QTest::newRow("overlong 2") << "\xC1\xBF"_ba << 0;
    QTest::newRow("overlong 3") << "\xE0\x9F\xBF"_ba << 0;
    QTest::newRow("overlong 4") << "\xF0\x8F\xBF\xBF"_ba << 0;
    QTest::newRow("surrogate") << "\xED\xB0\x80"_ba << 0;
    QTest::newRow("lone continuation") << "\x80"_ba << 0;
    QTest::newRow("bad continuation") << "\xE6\x41\xB1"_ba << 0;
    QTest::newRow("cut") << "\xF0\x9F\x98"_ba << 0;
    QTest::newRow("F5") << "\xF5\x80\x80\x80"_ba << 0;
}

void TstJsonScanner::utf8Sequences()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, length);
    QCOMPARE(JsonScanner::utf8SequenceLength(bytes.constData(), bytes.constData() + bytes.size()),
             length);
}

void TstJsonScanner::findInvalidUtf8()
{
    QCOMPARE(JsonScanner::findInvalidUtf8("plain ascii"), std::string_view::npos);
    QCOMPARE(JsonScanner::findInvalidUtf8("S\xC3\xA3o Paulo"), std::string_view::npos);
    QCOMPARE(JsonScanner::findInvalidUtf8("S\xE3o Paulo"), std::size_t(1));
    // A sequence cut by the end of a window is fine only when the window may cut it.
    QCOMPARE(JsonScanner::findInvalidUtf8("ab\xE6\x9D"), std::size_t(2));
    QCOMPARE(JsonScanner::findInvalidUtf8("ab\xE6\x9D", true), std::string_view::npos);
    QCOMPARE(JsonScanner::findInvalidUtf8("ab\xFF", true), std::size_t(2));
}

void TstJsonScanner::positions_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<qint64>("column");
    QTest::newRow("start") << "abc"_ba << qsizetype(0) << 1LL << 1LL;
    QTest::newRow("first line") << "abc"_ba << qsizetype(2) << 1LL << 3LL;
    QTest::newRow("end") << "abc"_ba << qsizetype(3) << 1LL << 4LL;
    QTest::newRow("second line") << "ab\ncd"_ba << qsizetype(4) << 2LL << 2LL;
    QTest::newRow("at LF") << "ab\ncd"_ba << qsizetype(2) << 1LL << 3LL;
    QTest::newRow("after LF") << "ab\ncd"_ba << qsizetype(3) << 2LL << 1LL;
    QTest::newRow("CRLF is one break") << "ab\r\ncd\r\nef"_ba << qsizetype(9) << 3LL << 2LL;
    QTest::newRow("at CR") << "ab\r\ncd"_ba << qsizetype(2) << 1LL << 3LL;
    QTest::newRow("lone CR is no break") << "ab\rcd"_ba << qsizetype(4) << 1LL << 5LL;
    QTest::newRow("code points") << "\"S\xC3\xA3o\" x"_ba << qsizetype(7) << 1LL << 7LL;
    QTest::newRow("4-byte code point") << "\xF0\x9F\x98\x80x"_ba << qsizetype(4) << 1LL << 2LL;
    QTest::newRow("BOM is not a column") << "\xEF\xBB\xBF[1]"_ba << qsizetype(4) << 1LL << 2LL;
    QTest::newRow("BOM on line 2 is") << "x\n\xEF\xBB\xBF[1]"_ba << qsizetype(5) << 2LL << 2LL;
    QTest::newRow("beyond end") << "ab\nc"_ba << qsizetype(99) << 2LL << 2LL;
}

void TstJsonScanner::positions()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, offset);
    QFETCH(qint64, line);
    QFETCH(qint64, column);
    const JsonScanner::Position position = JsonScanner::position(view(text), std::size_t(offset));
    QCOMPARE(position.line, line);
    QCOMPARE(position.column, column);
}

void TstJsonScanner::positionCache()
{
    // With a cache, positions asked in file order continue from the last one; asking for an
    // earlier one starts over. Both give the same answers as without a cache.
    QByteArray text;
    for (int i = 0; i < 200; ++i)
        text += "{\"city\":\"Z\xC3\xBCrich\",\"n\":" + QByteArray::number(i) + "}\r\n";
    JsonScanner::PositionCache cache;
    const std::size_t offsets[] = {0, 5, 17, 30, 31, 500, 501, 502, 3000, 1200, 1201, 6000, 99999};
    for (const std::size_t offset : offsets) {
        const JsonScanner::Position cached = JsonScanner::position(view(text), offset, &cache);
        const JsonScanner::Position fresh = JsonScanner::position(view(text), offset);
        QCOMPARE(cached.line, fresh.line);
        QCOMPARE(cached.column, fresh.column);
    }
    const JsonScanner::Position line3 =
        JsonScanner::position(view(text), std::size_t(text.indexOf("\"n\":2")));
    QCOMPARE(line3.line, qint64(3));
    QCOMPARE(line3.column, qint64(18)); // {"city":"Zürich", is 17 characters
}

QTEST_GUILESS_MAIN(TstJsonScanner)
#include "tst_jsonscanner.moc"
