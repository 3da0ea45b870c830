"""The evaluations app's demo: a sample leadership-quality framework for each programme.

``data`` holds the frameworks and their qualities; ``load`` writes them, and is what
``manage.py load_demo`` runs.
"""
