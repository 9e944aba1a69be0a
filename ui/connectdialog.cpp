// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "connectdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

constexpr QLatin1StringView ErrorStyle("color: #c62828;");
constexpr QLatin1StringView ProductionStyle("color: #c62828; font-weight: bold;");
constexpr QLatin1StringView WarningStyle("color: #a15c00;");

// An eye, struck through when `crossed`: Qt ships no such icon and icon themes may be missing.
QIcon drawnEyeIcon(bool crossed, const QColor &color)
{
    QIcon icon;
    for (const int size : {16, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        painter.setPen(QPen(color, 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QPainterPath outline;
        outline.moveTo(1.5, 8);
        outline.cubicTo(4, 3.2, 12, 3.2, 14.5, 8);
        outline.cubicTo(12, 12.8, 4, 12.8, 1.5, 8);
        painter.drawPath(outline);
        painter.setBrush(color);
        painter.drawEllipse(QPointF(8, 8), 2.1, 2.1);
        if (crossed) {
            painter.setPen(QPen(color, 1.5, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(2.5, 13.5), QPointF(13.5, 2.5));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

// ClerkConfig's errors are sentence middles ("plain http is refused …"): start them upper-case.
QString sentence(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString initialApiUrl()
{
    const QString fromEnvironment = qEnvironmentVariable("CLERK_API_URL").trimmed();
    return fromEnvironment.isEmpty() ? QString::fromLatin1(ClerkConfig::DefaultApiUrl)
                                     : fromEnvironment;
}

} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_urlEdit(new QLineEdit(this))
    , m_urlError(new QLabel(this))
    , m_keyEdit(new QLineEdit(this))
    , m_showKey(nullptr)
    , m_keyKind(new QLabel(this))
    , m_remember(new QCheckBox(tr("&Remember in the system keychain"), this))
    , m_keychainNote(new QLabel(this))
    , m_connect(nullptr)
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to Clerk"));
    setMinimumWidth(520);

    auto *intro = new QLabel(tr("SessionDesk talks to Clerk's Backend API with your instance's "
                                "secret key (Clerk Dashboard, API keys)."),
                             this);
    intro->setWordWrap(true);

    m_urlEdit->setObjectName(QStringLiteral("apiUrlEdit"));
    m_urlEdit->setPlaceholderText(QString::fromLatin1(ClerkConfig::DefaultApiUrl));
    m_urlEdit->setClearButtonEnabled(true);
    m_urlEdit->setText(initialApiUrl());
    m_urlError->setObjectName(QStringLiteral("urlErrorLabel"));
    m_urlError->setWordWrap(true);
    m_urlError->setStyleSheet(ErrorStyle);
    m_urlError->setTextFormat(Qt::PlainText);

    m_keyEdit->setObjectName(QStringLiteral("secretKeyEdit"));
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData |
                                   Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_keyEdit->setPlaceholderText(QStringLiteral("sk_test_… / sk_live_…"));
    m_keyEdit->setText(qEnvironmentVariable("CLERK_SECRET_KEY").trimmed());
    m_showKey = m_keyEdit->addAction(drawnEyeIcon(false, palette().color(QPalette::Text)),
                                     QLineEdit::TrailingPosition);
    m_showKey->setObjectName(QStringLiteral("showKeyAction"));
    m_showKey->setCheckable(true);
    m_showKey->setToolTip(tr("Show the key"));
    m_keyKind->setObjectName(QStringLiteral("keyKindLabel"));
    m_keyKind->setWordWrap(true);
    m_keyKind->setTextFormat(Qt::PlainText);

    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setToolTip(tr("The key goes into the system keychain (Secret Service, KWallet, "
                              "macOS Keychain, Windows Credential Manager) for this API URL."));
    m_keychainNote->setObjectName(QStringLiteral("keychainNoteLabel"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setTextFormat(Qt::PlainText);
    setKeychainMessage(QString());

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("API &URL:"), m_urlEdit);
    form->addRow(QString(), m_urlError);
    form->addRow(tr("Secret &key:"), m_keyEdit);
    form->addRow(QString(), m_keyKind);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_keychainNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_urlEdit, &QLineEdit::textChanged, this, &ConnectDialog::updateState);
    connect(m_keyEdit, &QLineEdit::textChanged, this, &ConnectDialog::updateState);
    connect(m_showKey, &QAction::toggled, this, &ConnectDialog::setKeyVisible);
    updateState();
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::setApiUrl(const QString &url)
{
    m_urlEdit->setText(url.trimmed());
}

void ConnectDialog::setSecretKey(const QString &key)
{
    m_keyEdit->setText(key.trimmed());
}

void ConnectDialog::setRemember(bool remember)
{
    m_remember->setChecked(remember);
}

void ConnectDialog::setKeychainMessage(const QString &message)
{
    if (message.isEmpty()) {
        m_keychainNote->setText(tr("The key is never written to the settings file."));
        m_keychainNote->setStyleSheet(
            QStringLiteral("color: %1;").arg(palette().color(QPalette::PlaceholderText).name()));
    } else {
        m_keychainNote->setText(message);
        m_keychainNote->setStyleSheet(WarningStyle);
    }
}

ClerkConfig ConnectDialog::config() const
{
    if (m_accepted)
        return *m_accepted;
    return typedConfig(nullptr);
}

bool ConnectDialog::rememberKey() const
{
    return m_remember->isChecked();
}

QString ConnectDialog::validationError() const
{
    QString urlError;
    const ClerkConfig typed = typedConfig(&urlError);
    return urlError.isEmpty() ? typed.validationError() : urlError;
}

QString ConnectDialog::keyKindText(const QString &key)
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return tr("Paste the secret key from the Clerk Dashboard, API keys.");
    switch (ClerkConfig::keyKindOf(trimmed)) {
    case ClerkConfig::KeyKind::Development:
        return tr("Development instance (sk_test_…): %1 requests per %2 s")
            .arg(ClerkConfig::DevelopmentRateLimit)
            .arg(ClerkConfig::DefaultRateWindowMs / 1000);
    case ClerkConfig::KeyKind::Production:
        return tr("Production instance (sk_live_…)");
    case ClerkConfig::KeyKind::Unknown:
        break;
    }
    return tr("Not a Clerk secret key: it should start with sk_test_ or sk_live_");
}

void ConnectDialog::done(int result)
{
    if (result == Accepted) {
        if (!validationError().isEmpty())
            return; // Connect is disabled then; Enter must not get past it either
        m_accepted = typedConfig(nullptr);
        emit connectRequested(*m_accepted, rememberKey());
    } else {
        m_accepted.reset();
    }
    m_showKey->setChecked(false);
    m_keyEdit->setText(QString()); // unlike clear(), also drops the undo history
    QDialog::done(result);
}

void ConnectDialog::showEvent(QShowEvent *event)
{
    m_accepted.reset();
    QDialog::showEvent(event);
}

void ConnectDialog::updateState()
{
    QString urlError;
    const ClerkConfig typed = typedConfig(&urlError);

    m_urlError->setText(sentence(urlError));
    m_urlError->setVisible(!urlError.isEmpty());

    const QString key = m_keyEdit->text().trimmed();
    const QString configError = typed.validationError();
    if (!key.isEmpty() && !configError.isEmpty()) {
        // The key is there but unusable (spaces, line breaks, non-ASCII).
        m_keyKind->setText(sentence(configError));
        m_keyKind->setStyleSheet(ErrorStyle);
    } else {
        m_keyKind->setText(keyKindText(key));
        switch (ClerkConfig::keyKindOf(key)) {
        case ClerkConfig::KeyKind::Production:
            m_keyKind->setStyleSheet(ProductionStyle);
            break;
        case ClerkConfig::KeyKind::Development:
            m_keyKind->setStyleSheet(QString());
            break;
        case ClerkConfig::KeyKind::Unknown:
            m_keyKind->setStyleSheet(
                key.isEmpty() ? QStringLiteral("color: %1;")
                                    .arg(palette().color(QPalette::PlaceholderText).name())
                              : QString(WarningStyle));
            break;
        }
    }

    m_connect->setEnabled(urlError.isEmpty() && configError.isEmpty());
    m_connect->setToolTip(sentence(urlError.isEmpty() ? configError : urlError));
}

void ConnectDialog::setKeyVisible(bool visible)
{
    m_keyEdit->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_showKey->setIcon(drawnEyeIcon(visible, palette().color(QPalette::Text)));
    m_showKey->setToolTip(visible ? tr("Hide the key") : tr("Show the key"));
}

ClerkConfig ConnectDialog::typedConfig(QString *urlError) const
{
    ClerkConfig typed;
    QString error;
    if (!typed.setApiUrl(m_urlEdit->text(), &error) && urlError)
        *urlError = error;
    typed.setSecretKey(m_keyEdit->text());
    return typed;
}
