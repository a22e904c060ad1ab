"""Secretariat desk: records of the Uzbekistan–Kazakhstan working group on industrial cooperation."""

# The one place the program's version lives: pyproject, About, window title, the bundle's
# version resource and the exchange workbook's metadata all read it from here.
__version__ = "0.1.0"

APP_NAME = "SecretariatDesk"
ORG_NAME = "UZ-KZ Working Group"
