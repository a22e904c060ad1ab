"""The exchange workbook's format, both ways: its layout, the snapshot and the row checksums it
carries, cell values and what a cell expects."""
