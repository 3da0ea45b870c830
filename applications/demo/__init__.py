"""The applications app's demo: a field of expressions of interest at every stage and an
allocation board ready to score.

``data`` holds the tables (the sample applications and their endorsers' answers, the
criteria, targets, members and scores); ``load`` makes them through the application and
allocation services, and is what ``manage.py load_demo`` runs.
"""
