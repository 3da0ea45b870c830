"""Read queries of the evaluations app, one module per page: each a fixed number of queries."""
