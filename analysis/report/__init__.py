"""Reporting: parameters, statistics, charts, findings, notebook helpers and rendering the reports."""
