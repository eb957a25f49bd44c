"""Members who forgot their password get a reset link by e-mail and set a new one; all in German."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_password_reset_by_email(client, steering_user):
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    page = client.get(reverse("password_reset")).content.decode()
    assert "Passwort vergessen?" in page
    response = client.post(reverse("password_reset"), {"email": steering_user.email}, follow=True)
    assert "E-Mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [steering_user.email]
    assert "Passwort" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Neues Passwort" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Ein-neues-langes-Passwort-2026", "new_password2": "Ein-neues-langes-Passwort-2026"},
        follow=True,
    )
    assert "Ihr Passwort wurde zurückgesetzt. Sie können sich nun anmelden." in response.content.decode()
    steering_user.refresh_from_db()
    assert steering_user.check_password("Ein-neues-langes-Passwort-2026")


def test_unknown_address_sends_nothing(client, steering_user):
    client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert mail.outbox == []
