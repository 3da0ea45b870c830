"""A certificate code typed to check has a limit, kept on the server."""

import pytest

from tests.pages import field_html

pytestmark = pytest.mark.django_db

TYPED_CODE_LENGTH = 40


def test_verify_form_code_too_long_comes_back_beside_the_field(client):
    typed = " ".join(["7KQ4-M2XW-9HTC"] * 3)
    assert len(typed) > TYPED_CODE_LENGTH
    response = client.get("/certificates/verify/", {"code": typed})
    assert response.status_code == 200
    beside = field_html(response.content.decode(), "code")
    assert f"Use {TYPED_CODE_LENGTH} characters or fewer: this has {len(typed)}." in beside
    assert f'value="{typed}"' in beside
    assert f'maxlength="{TYPED_CODE_LENGTH}"' in beside


def test_verify_address_with_a_code_too_long_is_not_looked_up(client, django_assert_num_queries):
    code = "A" * 5000
    with django_assert_num_queries(0):
        response = client.get(f"/certificates/verify/{code}/")
    assert response.status_code == 404
    assert "Use 40 characters or fewer: this has 5,000." in field_html(
        response.content.decode(), "code"
    )
