"""The Qt user interface. Widgets call services; no SQL and no business rules here."""
