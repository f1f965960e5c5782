"""English date formats for visitor pages: the month spelled out ("December 2, 2026")."""

DATE_FORMAT = "F j, Y"
