"""Public pages. For now the home page: the directory's categories and their counts."""

from __future__ import annotations

from flask import Blueprint, render_template

from navigator.directory.categories import category_counts

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def home():
    return render_template("public/home.html", categories=category_counts())
