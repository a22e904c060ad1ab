"""Reading the other side's workbook and merging it: guard → reader → lineage → merge and plan
checks → the preview → apply; the errors sent back in their own workbook."""
