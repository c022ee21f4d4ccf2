"""Settings are documented and validated; every code folder ships in the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from alueverkko.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def test_every_setting_has_a_description():
    undocumented = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert undocumented == []


def test_settings_come_from_alueverkko_environment_variables(monkeypatch):
    monkeypatch.setenv("ALUEVERKKO_QUERY_ROW_CAP", "7")
    assert Settings().query_row_cap == 7


def test_an_invalid_setting_is_refused_at_start_up():
    with pytest.raises(ValidationError):
        Settings(cypher_backend="sqlite")
    with pytest.raises(ValidationError):
        Settings(query_timeout_s=0)


def test_every_python_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = {package: Path(folder) for package, folder in config["package-dir"].items()}
    listed = set(config["packages"])
    found = set()
    for package, folder in dirs.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            found.add(".".join([package, *relative.parts]))
    assert found - listed == set(), "add these to [tool.setuptools] packages"
