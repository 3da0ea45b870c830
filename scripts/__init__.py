"""Commands run from the repository root (``python -m scripts.prod_check``) and the modules they
share with the tests."""
