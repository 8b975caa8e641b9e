"""``flask users create EMAIL --role ROLE [--organization ID_OR_NAME]``, disable, set-password."""

from __future__ import annotations

from sqlalchemy import select

from navigator.auth.models import User, UserSession
from navigator.auth.passwords import verify_password
from navigator.directory.models import Organization
from navigator.extensions import db

PASSWORD = "blue-harbor-lantern-47"
TWICE = f"{PASSWORD}\n{PASSWORD}\n"


def _users() -> list[User]:
    return db.session.scalars(select(User)).all()


def test_create_with_the_password_piped_twice(runner):
    result = runner.invoke(args=["users", "create", "Nav@Example.org", "--role", "navigator"],
                           input=TWICE)
    assert result.exit_code == 0, result.output
    assert "nav@example.org" in result.output and PASSWORD not in result.output
    [user] = _users()
    assert user.email == "nav@example.org" and user.role == "navigator" and user.active
    assert user.organization_id is None
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, PASSWORD)


def test_create_a_provider(runner):
    db.session.add(Organization(id="org-1", name="Helping Hands", description="d"))
    db.session.commit()
    result = runner.invoke(args=["users", "create", "p@example.org", "--role", "provider",
                                 "--organization", "org-1"], input=TWICE)
    assert result.exit_code == 0, result.output
    assert _users()[0].organization.name == "Helping Hands"


def _refused(runner, args, text, input=TWICE):
    result = runner.invoke(args=["users", "create", *args], input=input)
    assert result.exit_code == 1, result.output
    assert text in result.output, result.output
    assert _users() == []


def test_mismatched_passwords(runner):
    _refused(runner, ["a@example.org", "--role", "admin"], "do not match",
             input=f"{PASSWORD}\n{PASSWORD}x\n")


def test_no_password(runner):
    _refused(runner, ["a@example.org", "--role", "admin"], "No password", input="")


def test_weak_passwords(runner):
    _refused(runner, ["a@example.org", "--role", "admin"], "at least 12",
             input="short\nshort\n")
    _refused(runner, ["a@example.org", "--role", "admin"], "most common",
             input="qwerty123456\nqwerty123456\n")
    _refused(runner, ["a.long.name@example.org", "--role", "admin"], "email",
             input="a.long.name@example.org\na.long.name@example.org\n")


def test_unknown_role(runner):
    _refused(runner, ["a@example.org", "--role", "superuser"], "admin, navigator, provider")


def test_a_provider_needs_an_existing_organization(runner):
    _refused(runner, ["p@example.org", "--role", "provider"], "needs its organization")
    _refused(runner, ["p@example.org", "--role", "provider", "--organization", "nope"],
             "no organization with the id nope")
    _refused(runner, ["n@example.org", "--role", "navigator", "--organization", "x"],
             "Only provider accounts")


def test_bad_email_and_duplicates(runner):
    _refused(runner, ["not-an-email", "--role", "admin"], "not an email address")
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "admin"],
                         input=TWICE).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@EXAMPLE.ORG", "--role", "navigator"],
                           input=TWICE)
    assert result.exit_code == 1 and "already an account" in result.output
    assert len(_users()) == 1


def test_no_default_accounts(runner):
    assert _users() == []


def test_disable_and_set_password(runner):
    runner.invoke(args=["users", "create", "a@example.org", "--role", "admin"], input=TWICE)
    db.session.add(UserSession(token_hash="0" * 64, user_id=_users()[0].id))
    db.session.commit()
    result = runner.invoke(args=["users", "set-password", "a@example.org"],
                           input="river stones are smooth\nriver stones are smooth\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert verify_password(_users()[0].password_hash, "river stones are smooth")
    assert db.session.scalar(select(UserSession)).revoked_at is not None
    assert runner.invoke(args=["users", "disable", "a@example.org"]).exit_code == 0
    db.session.expire_all()
    assert not _users()[0].active
    assert runner.invoke(args=["users", "disable", "b@example.org"]).exit_code == 1


# -- --organization takes an id or a name -----------------------------------------------

def _organizations(*names: str) -> list[str]:
    ids = [f"org-{n}" for n in range(1, len(names) + 1)]
    for id_, name in zip(ids, names):
        db.session.add(Organization(id=id_, name=name, description="fictional"))
    db.session.commit()
    return ids


def _provider_of(runner, organization: str) -> str:
    result = runner.invoke(args=["users", "create", "p@example.org", "--role", "provider",
                                 "--organization", organization], input=TWICE)
    assert result.exit_code == 0, result.output
    [user] = _users()
    assert f"of {user.organization.name} (organization {user.organization_id})" in result.output
    return user.organization_id


def test_the_organization_by_its_exact_name_ignoring_case_and_accents(runner):
    ids = _organizations("Helping Hands", "Helping Hands Annex", "Café Unión")
    assert _provider_of(runner, "helping hands") == ids[0]  # exact beats a longer name
    db.session.delete(_users()[0])
    db.session.commit()
    assert _provider_of(runner, "CAFE UNION") == ids[2]


def test_the_organization_by_a_part_of_its_name_only_it_has(runner):
    ids = _organizations("Helping Hands", "Eno River Food Pantry")
    assert _provider_of(runner, "food pantry") == ids[1]


def test_the_organization_by_its_id_before_any_name(runner):
    ids = _organizations("Helping Hands", "org-1 Community Kitchen")
    assert _provider_of(runner, "org-1") == ids[0]


def test_an_ambiguous_organization_name_lists_the_candidates(runner):
    _organizations("Bull City Mutual Aid", "Bull City Tool Library", "Eno River Food Pantry")
    result = runner.invoke(args=["users", "create", "p@example.org", "--role", "provider",
                                 "--organization", "bull city"], input=TWICE)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [
        'Error: "bull city" matches 2 organizations; give the id of the one you mean:',
        "  org-1  Bull City Mutual Aid",
        "  org-2  Bull City Tool Library"]
    assert _users() == []


def test_two_organizations_with_the_same_name_are_ambiguous(runner):
    _organizations("Helping Hands", "helping hands")
    _refused(runner, ["p@example.org", "--role", "provider", "--organization",
                      "Helping Hands"], "matches 2 organizations")


def test_an_unknown_organization_name(runner):
    _organizations("Helping Hands")
    result = runner.invoke(args=["users", "create", "p@example.org", "--role", "provider",
                                 "--organization", "Harbor Lane Shelter"], input=TWICE)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        'Error: There is no organization with the id Harbor Lane Shelter, nor one whose '
        'name contains "Harbor Lane Shelter". `flask directory organizations` lists them.')
    assert _users() == []


def test_the_organization_is_checked_before_the_password_is_asked(runner):
    _organizations("Helping Hands")
    _refused(runner, ["p@example.org", "--role", "provider", "--organization", "nope"],
             "no organization with the id nope", input="")


def test_relink_a_provider_whose_organization_left_the_directory(runner):
    from navigator.audit.models import AuditEvent

    db.session.add_all([Organization(id="org-1", name="Helping Hands", description="d"),
                        Organization(id="org-2", name="Open Door Clinic", description="d")])
    db.session.commit()
    assert runner.invoke(args=["users", "create", "p@example.org", "--role", "provider",
                               "--organization", "org-1"], input=TWICE).exit_code == 0
    assert runner.invoke(args=["users", "create", "n@example.org", "--role", "navigator"],
                         input=TWICE).exit_code == 0
    db.session.delete(db.session.get(Organization, "org-1"))  # as --replace does
    db.session.commit()
    listed = runner.invoke(args=["users", "list"])
    assert listed.exit_code == 0
    assert "p@example.org  provider  NO ORGANIZATION: flask users set-organization" \
        in listed.output
    assert "n@example.org  navigator\n" in listed.output

    result = runner.invoke(args=["users", "set-organization", "p@example.org", "open door"])
    assert result.exit_code == 0, result.output
    assert "now belongs to Open Door Clinic (organization org-2)" in result.output
    db.session.expire_all()
    provider = db.session.scalar(select(User).where(User.email == "p@example.org"))
    assert provider.organization_id == "org-2"
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "user.organization_change")) is not None

    refused = runner.invoke(args=["users", "set-organization", "n@example.org", "org-2"])
    assert refused.exit_code == 1 and "Only provider accounts" in refused.output
    unknown = runner.invoke(args=["users", "set-organization", "p@example.org", "nowhere"])
    assert unknown.exit_code == 1 and "flask directory organizations" in unknown.output
