"""Writing the exchange workbook: the sheets, their styles, the instructions, written safely."""
