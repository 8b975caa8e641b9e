"""The provider portal (a placeholder to build on): scoped to the user's organization."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from navigator.auth import roles_required

blueprint = Blueprint("portal", __name__, url_prefix="/provider")


@blueprint.route("")
@roles_required("provider")
def home():
    if current_user.organization is None:  # its organization left the directory
        abort(403)
    return render_template("portal/home.html", organization=current_user.organization)
