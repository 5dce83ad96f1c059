"""Writers: each turns the numbered document tree into one output format."""
