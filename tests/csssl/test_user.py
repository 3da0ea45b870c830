"""The person who signs in, as pages name them."""

from csssl.models import User


def test_user_display_name_is_the_full_name():
    user = User(email="sam@example.org", first_name="Sam", last_name="Okafor")

    assert user.display_name == "Sam Okafor"
    assert str(user) == "Sam Okafor"


def test_user_display_name_without_a_name_is_the_email():
    assert User(email="sam@example.org").display_name == "sam@example.org"


def test_user_display_name_with_a_first_name_only():
    assert User(email="sam@example.org", first_name="Sam").display_name == "Sam"
