"""Tables of records: Qt models of precomputed rows that filter themselves, and the list pages."""
