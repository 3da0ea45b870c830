"""The evaluations app's reads for pages and registries, one module per topic, each a fixed number of queries."""
