"""The API's numeric limits that code reading answers needs without the value rules.

:mod:`._rules` builds its rules from these, so the transport and paging side can use a limit
without importing the rules (and their cost) before a first request is checked.
"""

MAX_PAGE_SIZE = 1000
"""Largest ``size`` of a paged list: the longest page the API serves."""
