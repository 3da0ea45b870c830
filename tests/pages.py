"""Reading the pages forms render, for tests."""


def field_html(body: str, name: str) -> str:
    """What crispy forms renders for the field ``name``: its label, its box with the value in
    it, its help and its errors, up to the next field."""
    start = body.index(f'id="div_id_{name}"')
    end = body.find('id="div_id_', start + 1)
    return body[start : end if end != -1 else len(body)]
