"""Docstring examples are documentation that runs: every module's examples must pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import alueverkko

PACKAGES = ["alueverkko", "alueverkko.graph", "alueverkko.ingest", "alueverkko.queries", "alueverkko.api",
            "alueverkko.viz"]


def all_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        names += [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")]
    return sorted(set(names))


@pytest.mark.parametrize("name", all_modules())
def test_docstring_examples_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_the_package_has_docstring_examples():
    assert alueverkko is not None
    total = sum(doctest.testmod(importlib.import_module(n)).attempted for n in all_modules())
    assert total >= 10
