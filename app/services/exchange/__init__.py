"""The exchange with the other side: snapshot of what travels, the workbook, the three-way merge."""
