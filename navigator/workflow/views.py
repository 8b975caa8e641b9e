"""The navigators' workspace (a placeholder to build on)."""

from __future__ import annotations

from flask import Blueprint, render_template

from navigator.auth import roles_required

from . import models  # noqa: F401

blueprint = Blueprint("workflow", __name__, url_prefix="/navigator")


@blueprint.route("")
@roles_required("navigator", "admin")
def home():
    return render_template("workflow/home.html")
