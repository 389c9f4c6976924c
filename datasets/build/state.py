"""The curation's working state: models, aliases, sourced sizes, score rows, skipped rows.

Every reader in the build (``src_*.py``, ``inputs_2026_12.py``) adds to one :class:`State`;
``assemble.py`` turns it into the shipped tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from naming import weights_id


@dataclass
class State:
    models: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, set] = field(default_factory=dict)
    params_rows: list[dict] = field(default_factory=list)
    srows: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    signal_rows: list[dict] = field(default_factory=list)
    aa_models: set[str] = field(default_factory=set)
    # model id -> the thinking flags of its Artificial Analysis snapshot rows
    aa_modes: dict[str, set] = field(default_factory=dict)
    # harvest name -> model id (set by the harvest reader)
    hid: dict[str, str] = field(default_factory=dict)
    # fixes applied after the tables are assembled, for the README's changelog
    log: list[dict] = field(default_factory=list)

    def add_alias(self, mid: str, name: str) -> None:
        self.aliases.setdefault(mid, set()).add(name)

    def add_model(self, mid, name, open_w, reasoning=None, developer=None) -> None:
        self.add_alias(mid, name)
        if mid not in self.models:
            self.models[mid] = {"model": mid, "name": name, "open_weights": open_w,
                                "developer": developer or ""}
        if reasoning:
            self.models[mid]["reasoning"] = True

    def wid(self, mid: str) -> str:
        """Weights id: an explicit group (AA map, closed audit), else the suffix rule."""
        rec = self.models.get(mid, {})
        return rec.get("weights") or weights_id(mid)

    def skip(self, file: str, row: str, reason: str) -> None:
        self.skipped.append({"file": file, "row": row, "reason": reason})
