"""The evaluations app's forms, one module per page they serve."""
