"""Reports made from the records: their figures as plain data (no Qt, no HTML), which the printed
documents (app/services/documents/) and the workbooks draw."""
