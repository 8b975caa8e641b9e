"""/admin/directory/import: an HSDS zip is checked (nothing written) and shown, then
imported on confirmation through the same code as ``flask directory import``; bad
files are refused in place; the upload is kept privately and deleted afterwards."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from navigator.directory.models import Organization, Service
from navigator.extensions import db
from tests.admin.directory_package import package_zip

ADMIN = "admin@example.org"


@pytest.fixture
def admin(staff, app, tmp_path):
    app.config["NAVIGATOR_IMPORT_DIR"] = str(tmp_path / "imports")
    staff.user(ADMIN, "admin")
    client = staff.client()
    assert staff.sign_in(client, ADMIN).status_code == 302
    yield client
    app.config.pop("NAVIGATOR_IMPORT_DIR")


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Service)),
                db.session.scalar(select(func.count()).select_from(Organization)))


def _upload(staff, client, data: bytes, name: str = "directory.zip", **options):
    return client.post("/admin/directory/import", data={
        "csrf_token": staff.csrf(client, "/admin/directory/import"),
        "package": (io.BytesIO(data), name), **options},
        content_type="multipart/form-data")


def _kept(tmp_path) -> list[str]:
    folder = tmp_path / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_preview_writes_nothing_then_confirm_imports_and_search_finds_it(
        app, staff, admin, tmp_path):
    before = _counts(app)
    response = _upload(staff, admin, package_zip())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/directory/import/preview")
    assert _counts(app) == before  # nothing written by the check
    kept = _kept(tmp_path)
    assert len(kept) == 2 and "directory" not in "".join(kept)  # named by a token

    page = admin.get("/admin/directory/import/preview").get_data(as_text=True)
    assert "Import this package" in page
    assert re.search(r"<th scope=\"row\">service</th>\s*<td>1</td>", page), page
    assert _counts(app) == before

    token = staff.csrf(admin, "/admin/directory/import/preview")
    done = admin.post("/admin/directory/import/confirm", data={"csrf_token": token})
    assert done.status_code == 200
    finished = done.get_data(as_text=True)
    assert "Import finished" in finished
    # The service's row: read 1, inserted 1, updated 0.
    assert re.search(r"<th scope=\"row\">service</th>\s*<td>1</td>\s*<td>1</td>\s*<td>0</td>",
                     finished)
    assert _counts(app) == (before[0] + 1, before[1] + 1)
    assert _kept(tmp_path) == []  # deleted once imported
    found = app.test_client().get("/search?q=Zanzibar").get_data(as_text=True)
    assert "Zanzibar diaper bank" in found
    # The upload is gone: confirming again imports nothing more.
    again = admin.post("/admin/directory/import/confirm", data={"csrf_token": token})
    assert again.status_code == 302
    assert _counts(app) == (before[0] + 1, before[1] + 1)


@pytest.mark.parametrize("data, name, message", [
    (b"name,id\nnot,a zip\n", "directory.zip", "This file is not a zip file."),
    (b"", "directory.zip", "This file is not a zip file."),
])
def test_a_file_that_is_not_a_zip_is_refused_in_place(app, staff, admin, tmp_path, data,
                                                     name, message):
    before = _counts(app)
    response = _upload(staff, admin, data, name)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'class="error-summary"' in page
    assert _counts(app) == before and _kept(tmp_path) == []


def test_a_zip_that_is_not_hsds_is_refused_in_place(app, staff, admin, tmp_path):
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("holiday.txt", "photos")
    response = _upload(staff, admin, data.getvalue())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This zip file is not an HSDS package (directory.zip: " in page, page
    assert _counts(app) == (0, 0) and _kept(tmp_path) == []


def test_a_package_with_errors_cannot_be_imported_unless_skipping(app, staff, admin,
                                                                  tmp_path):
    assert _upload(staff, admin, package_zip(broken=True)).status_code == 302
    page = admin.get("/admin/directory/import/preview").get_data(as_text=True)
    assert "Nothing can be imported" in page and "Import this package" not in page
    assert "error" in page and "organization_id" in page  # the summary line
    assert "directory.zip!services.csv" in page  # as uploaded, not as kept
    token = _kept(tmp_path)[0].split(".")[0]
    assert token not in page
    cancelled = admin.post("/admin/directory/import/cancel", data={
        "csrf_token": staff.csrf(admin, "/admin/directory/import/preview")})
    assert cancelled.status_code == 302 and _kept(tmp_path) == []
    assert _counts(app) == (0, 0)


def test_too_big_an_upload_is_refused(app, staff, admin, tmp_path):
    app.config["NAVIGATOR_IMPORT_MAX_BYTES"] = 1000
    try:
        response = _upload(staff, admin, package_zip() + b"\0" * 2000)
    finally:
        app.config.pop("NAVIGATOR_IMPORT_MAX_BYTES")
    assert response.status_code == 413
    assert _kept(tmp_path) == []


@pytest.mark.parametrize("role", ["navigator", "provider"])
@pytest.mark.parametrize("method, path", [
    ("get", "/admin/directory/import"), ("post", "/admin/directory/import"),
    ("get", "/admin/directory/import/preview"), ("post", "/admin/directory/import/confirm"),
    ("post", "/admin/directory/import/cancel"), ("get", "/admin/directory/stale"),
    ("get", "/admin/directory/stale.csv"), ("get", "/admin/directory/taxonomy"),
])
def test_only_admins(app, staff, role, method, path):
    organization = None
    if role == "provider":
        with app.app_context():
            db.session.add(Organization(id="org-1", name="Helping Hands", description="d"))
            db.session.commit()
        organization = "org-1"
    staff.user(f"{role}@example.org", role, organization)
    client = staff.client()
    staff.sign_in(client, f"{role}@example.org")
    token = staff.csrf(client, "/account/password")
    response = getattr(client, method)(path, data={"csrf_token": token}
                                       if method == "post" else None)
    assert response.status_code == 403


def test_replacing_lists_what_it_unlinks_before_confirmation(app, staff, admin, tmp_path):
    with app.app_context():
        db.session.add(Organization(id="org-old", name="Old Org", description="d"))
        db.session.commit()
    staff.user("old-provider@example.org", "provider", "org-old")
    assert _upload(staff, admin, package_zip(), replace="y").status_code == 302
    page = admin.get("/admin/directory/import/preview").get_data(as_text=True)
    assert "Replacing the directory would change these" in page
    assert "old-provider@example.org" in page
    assert "Replace the directory with this package" in page
    with app.app_context():  # nothing deleted by the check
        assert db.session.get(Organization, "org-old") is not None
    done = admin.post("/admin/directory/import/confirm", data={
        "csrf_token": staff.csrf(admin, "/admin/directory/import/preview")})
    assert "Import finished" in done.get_data(as_text=True)
    with app.app_context():
        from navigator.auth.accounts import find_user

        assert db.session.get(Organization, "org-old") is None
        assert find_user("old-provider@example.org").organization_id is None
    assert _kept(tmp_path) == []


def test_a_replacement_unlinking_more_than_its_preview_showed_writes_nothing(
        app, staff, admin, tmp_path):
    assert _upload(staff, admin, package_zip(), replace="y").status_code == 302
    assert "would change these" not in admin.get(
        "/admin/directory/import/preview").get_data(as_text=True)
    with app.app_context():  # changed since the preview
        db.session.add(Organization(id="org-new", name="New Org", description="d"))
        db.session.commit()
    staff.user("new-provider@example.org", "provider", "org-new")
    done = admin.post("/admin/directory/import/confirm", data={
        "csrf_token": staff.csrf(admin, "/admin/directory/import/preview")})
    assert "changed since the preview" in done.get_data(as_text=True)
    assert _counts(app) == (0, 1) and _kept(tmp_path) == []
