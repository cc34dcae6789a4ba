"""The package version, in a module of its own: modules inside the package read it from here,
never from the package ``__init__`` (which imports them), and setuptools reads it without
importing anything (``[tool.setuptools.dynamic]`` in pyproject.toml)."""

__version__ = "0.1.0"
