"""The evaluations app's services, one module per topic: framework versions, raters and their
links, self and rater answers, reports, development plans."""
