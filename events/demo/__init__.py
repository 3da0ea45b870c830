"""The events app's demo: venues, every demo cohort's events and completion rule, and CSSSL
Cohort 1's registers and certificates.

``data`` holds the tables (venues, agendas, seminar leads, Cohort 1's participants and their
marks); ``load`` writes them, and is what ``manage.py load_demo`` runs.
"""
