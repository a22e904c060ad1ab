"""All behaviour of the program, in plain Python: no Qt widgets here."""
