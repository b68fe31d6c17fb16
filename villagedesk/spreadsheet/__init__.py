"""Reading and writing the spreadsheets offices exchange (.xlsx through openpyxl, .csv)."""
