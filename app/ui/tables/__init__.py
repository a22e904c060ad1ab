"""Tables of records: Qt models over precomputed rows, the filter proxy, the list pages."""
