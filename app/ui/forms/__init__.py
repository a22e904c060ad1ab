"""Forms to edit records: one editor widget per kind of field, a form built from the field specs."""
