"""Uploads are judged by their content, and audit lines cannot be forged through crafted values."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from integration_portal.audit import log_event
from integration_portal.uploads import FileContentValidator


def test_a_pdf_is_accepted_by_its_content():
    FileContentValidator()(SimpleUploadedFile("Anlage.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))


def test_html_named_pdf_is_refused_in_german():
    with pytest.raises(ValidationError) as error:
        FileContentValidator()(SimpleUploadedFile("Anlage.pdf", b"<html><script>alert(1)</script></html>"))
    assert "Dieser Dateityp ist nicht erlaubt" in error.value.messages[0]


def test_too_large_file_is_refused_before_its_type_is_read():
    with pytest.raises(ValidationError) as error:
        FileContentValidator(max_bytes=1024 * 1024)(SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * 1024 * 1024))
    assert "höchstens 1 MB" in error.value.messages[0]


def test_audit_line_keeps_crafted_line_breaks_on_one_line(caplog, kit_user):
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        log_event("export", user=kit_user, file="plan\nINFO event=login user=admin")
    (record,) = caplog.records
    assert "\n" not in record.getMessage()
    assert f"user={kit_user.username} district={kit_user.district_id}" in record.getMessage()
