"""Publishing (DESIGN.md §8): PDF/A and ODF through LibreOffice, the eForms notice fields, the
motivation memo, verification of generated articles, and the accessibility check of documents."""

from __future__ import annotations

from .convert import FORMATS, convert, convert_files, format_entries, require_libreoffice

__all__ = ["FORMATS", "convert", "convert_files", "format_entries", "require_libreoffice"]
