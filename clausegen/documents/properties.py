"""The core and custom document properties every generated document carries (title, subject,
keywords, author; the tender reference, profile, library fingerprint and kind that `verify` and
the register read back), built in one place for the annexes, contracts and the memo."""

from __future__ import annotations

from ..model import Tender, authority_name


def document_properties(
    title: str,
    tender: Tender,
    keyword: str,
    profile: tuple[str, int],
    library_fingerprint: str,
    kind: str,
) -> tuple[dict[str, str], dict[str, str]]:
    """(core, custom) for a DocumentSpec. `keyword` is the middle keyword (the profile id of an
    annex, 'motivering' for the memo); `profile` is the profile's id and version."""
    profile_id, profile_version = profile
    core = {
        "title": f"{title}: {tender.title}",
        "subject": "Social return",
        "keywords": f"social return; {keyword}; {tender.reference}",
        "author": authority_name(tender.contracting_authority),
    }
    custom = {
        "clausegen.reference": tender.reference,
        "clausegen.profile": profile_id,
        "clausegen.profile_version": str(profile_version),
        "clausegen.library": library_fingerprint,
        "clausegen.kind": kind,
    }
    return core, custom
