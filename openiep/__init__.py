"""OpenIEP: the special-education IEP process for a school district."""

__version__ = "0.1.0"
