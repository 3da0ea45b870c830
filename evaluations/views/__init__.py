"""The evaluations app's pages, one module per person: the participant's (/me/evaluations/),
the rater's (/rate/<token>/) and the coordinator's."""
