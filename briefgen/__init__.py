"""briefgen: cited, structured briefings from Dutch-language government documents."""

__version__ = "0.1.0"
