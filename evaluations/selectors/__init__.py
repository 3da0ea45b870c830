"""Read queries of the evaluations app for its pages, one module per person."""
