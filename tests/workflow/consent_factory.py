"""Residents' consents as the workflow records them: a plain one, and one under 42 CFR
Part 2 (substance use) with every element the rule asks for."""

from __future__ import annotations

from datetime import timedelta

from navigator.directory.models.base import utcnow
from navigator.workflow import consents


def plain_consent(resident, organization_ids, *, user=None, days=30, given_days_ago=0,
                  **extra):
    given = utcnow() - timedelta(days=given_days_ago)
    fields = dict(scope=["contact", "needs"], recipients=list(organization_ids),
                  purpose="Referral for services", method="verbal_recorded_line",
                  given_at=given, valid_until=given + timedelta(days=days))
    fields.update(extra)
    return consents.record_consent(resident, user=user, **fields)


def part2_consent(resident, organization_ids, **extra):
    fields = dict(
        part2=True, scope=["contact", "needs", "substance_use"],
        part2_patient_name="Sam Rivera",
        part2_disclosing_party="City of Durham care navigation",
        part2_information="Name, phone, and that Sam asks for opioid treatment",
        part2_recipients="The opioid treatment program",
        part2_revocation_statement="You may revoke in writing or by telling your navigator",
        part2_signed_by="Sam Rivera", part2_signed_on=utcnow(), method="written")
    fields.update(extra)
    return plain_consent(resident, organization_ids, **fields)
