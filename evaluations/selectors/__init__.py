"""Read queries for the evaluation pages, one module per person whose pages they serve. Each
is a fixed number of queries whatever the data, as the tests prove at two sizes."""
