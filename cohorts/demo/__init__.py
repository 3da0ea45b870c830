"""The cohorts app's demo: programmes, cohorts, organisations and logins.

``data`` holds the tables (the published programme facts, the historic cohorts' dates, the
councils and partners, the demo accounts); ``load`` writes them, and is what
``manage.py load_demo`` runs.
"""
