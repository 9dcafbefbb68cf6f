"""The funder's figures: the yearly report, its charts and downloads, and the import of earlier years."""
