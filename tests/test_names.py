"""Model names: every shipped name resolves, names users type resolve by rule, base and
instruct stay apart, and distinct names that normalise alike are never merged.

Issues 22.1 (weights ids and API / hub ids), 23.2 (no silent merge of distinct names) and
20.5 (suggestions of the same generation only; snapshots). Expected ids below are rows of
the shipped model table (each test checks that they are), not outputs of the code.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paramest as pe
from paramest.errors import AmbiguousModelError, InputError, UnknownModelError
from paramest.ingest import EFFORT_ORDER, default_evidence, load_models, load_scores
from paramest.ingest.names import (
    colliding_names,
    lookup_model,
    lookup_model_note,
    name_key,
    resolve_model,
    resolve_model_note,
    suggest,
)

MODELS = load_models()
IDS = sorted(MODELS["model"])
GROUP = dict(zip(MODELS["model"], MODELS["weights"]))
MEMBERS = MODELS.groupby("weights")["model"].apply(sorted).to_dict()
THINK = {"think", "thinking", "reasoning"}


def _in_table(*ids: str) -> None:
    missing = [i for i in ids if i not in set(IDS)]
    assert not missing, f"the test names ids the model table no longer has: {missing}"


def _setting(mid: str) -> tuple[bool, str]:
    """(thinking, effort) of an id, from its tokens (the table's naming convention)."""
    toks = mid.split("-")
    return bool(THINK & set(toks)), toks[-1] if toks[-1] in EFFORT_ORDER else ""


# --------------------------------------------------------------------------------------
# every shipped name resolves (22.1)
# --------------------------------------------------------------------------------------


def test_every_id_name_and_alias_resolves_to_its_row():
    owners: dict[str, set[str]] = {}
    for r in MODELS.itertuples(index=False):
        for n in [r.model, r.name, *r.aliases.split(";")]:
            if isinstance(n, str) and n.strip():
                owners.setdefault(n.strip(), set()).add(r.model)
    assert len(owners) > len(IDS)
    for n, who in owners.items():
        if len(who) == 1:
            assert resolve_model(n) == next(iter(who)), n
        else:  # one spelling listed by two rows: never one of them silently
            with pytest.raises(AmbiguousModelError) as e:
                resolve_model(n)
            assert all(repr(w) in str(e.value) for w in who)


def test_every_weights_id_resolves_to_its_default_setting():
    for w, members in MEMBERS.items():
        got = resolve_model(w)
        assert got in members, (w, got)
        if w in members:
            assert got == w
            continue
        plain = [m for m in members if _setting(m) == (False, "")]
        if plain:
            assert _setting(got) == (False, ""), (w, got)
        else:  # the first by the variant rule: thinking first, then the highest effort
            assert got == min(members, key=lambda m: (not _setting(m)[0],
                                                      EFFORT_ORDER[_setting(m)[1]], m)), w


def test_weights_id_without_a_model_of_its_name():
    # grok-4.5 ships only as its 'high' setting; claude-opus-5 only as thinking efforts
    _in_table("grok-4.5-high")
    assert GROUP["grok-4.5-high"] == "grok-4.5" and "grok-4.5" not in set(IDS)
    assert resolve_model("grok-4.5") == "grok-4.5-high"
    assert resolve_model("Grok 4.5") == "grok-4.5-high"
    mid, note = resolve_model_note("grok-4.5")
    assert "default setting" in note and "grok-4.5-high" in note
    opus = MEMBERS["claude-opus-5"]
    assert "claude-opus-5" not in opus and all(_setting(m)[0] for m in opus)
    assert resolve_model("claude-opus-5") == min(opus, key=lambda m: EFFORT_ORDER[_setting(m)[1]])


def test_estimate_size_accepts_a_weights_id():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e = pe.estimate_size("grok-4.5")
    assert e.weights == "grok-4.5" and e.model in MEMBERS["grok-4.5"]
    assert e.params_b > 0


def test_hub_repos_of_the_table_resolve_to_their_weights():
    url = re.compile(r"https://huggingface\.co/([\w.-]+/[\w.-]+)(?:/tree/main)?/?")
    repos: dict[str, set[str]] = {}
    for r in MODELS.itertuples(index=False):
        m = url.fullmatch(str(r.weights_source).strip())
        if m:
            repos.setdefault(m[1], set()).add(r.weights)
    assert len(repos) > 100
    for repo, groups in repos.items():
        if len(groups) == 1:  # a repo given for two sets of weights is a data error
            assert GROUP[resolve_model(repo)] in groups, repo


# --------------------------------------------------------------------------------------
# names users type (22.1, 20.5)
# --------------------------------------------------------------------------------------

TYPED = [
    ("claude-3-5-sonnet-20241022", "claude-3.5-sonnet-2024-10-22"),   # Anthropic API id
    ("claude-3-5-sonnet-20240620", "claude-3.5-sonnet-2024-06-20"),
    ("claude-3-5-sonnet-latest", "claude-3.5-sonnet-2024-10-22"),
    ("claude 3.5 sonnet", "claude-3.5-sonnet-2024-10-22"),            # the latest snapshot
    ("Claude-3.5-Sonnet", "claude-3.5-sonnet-2024-10-22"),
    ("claude-3-7-sonnet-20250219", "claude-3.7-sonnet"),               # one undated model
    ("gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),                        # OpenAI API id
    ("GPT-4o 2024-11-20", "gpt-4o-2024-11-20"),
    ("gemini-2.5-pro-preview-06-05", "gemini-2.5-pro-preview-06-05"),  # Google API id
    ("gpt-4.5", "gpt-4.5-preview"),
    ("qwen3 235b", "qwen3-235b-a22b"),
    ("Qwen3_235B_A22B", "qwen3-235b-a22b"),
    ("meta-llama/Llama-2-13b-hf", "llama-2-13b-base"),                 # hub: base checkpoint
    ("meta-llama/Llama-2-13b-chat-hf", "llama-2-13b"),
    ("meta-llama/Meta-Llama-3-8B", "llama-3-8b-base"),
    ("meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b"),
    ("meta-llama/Llama-3.1-70B", "llama-3.1-70b-base"),
    ("meta-llama/Llama-3.1-70B-Instruct", "llama-3.1-70b"),
    ("Qwen/Qwen2.5-7B", "qwen2.5-7b-base"),
    ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b"),
    ("google/gemma-2-9b", "gemma-2-9b-base"),
    ("google/gemma-2-9b-it", "gemma-2-9b"),
    ("deepseek-ai/DeepSeek-V3-Base", "deepseek-v3-base"),
    ("https://huggingface.co/meta-llama/Llama-2-7b-hf", "llama-2-7b-base"),
    ("llama-2-13b-hf", "llama-2-13b-base"),
]


@pytest.mark.parametrize("typed,expected", TYPED, ids=[t for t, _ in TYPED])
def test_names_users_type(typed, expected):
    _in_table(expected)
    assert resolve_model(typed) == expected
    assert lookup_model(typed) == expected


def test_undated_name_is_the_latest_snapshot_and_says_so():
    snaps = MODELS[MODELS["model"].str.fullmatch(r"claude-3\.5-sonnet-\d{4}-\d{2}-\d{2}")]
    assert len(snaps) == 2 and "claude-3.5-sonnet" not in set(IDS)
    latest = snaps.sort_values(["release_date", "model"])["model"].iloc[-1]
    mid, note = resolve_model_note("claude 3.5 sonnet")
    assert mid == latest
    assert "latest of 2 snapshots" in note and all(s in note for s in snaps["model"])
    exact = "claude-3.5-sonnet-2024-10-22"
    assert resolve_model_note(exact) == (exact, "")


def test_a_date_no_snapshot_has_lists_the_snapshots():
    snaps = set(MODELS.loc[MODELS["model"].str.fullmatch(r"gpt-4o(-\d{4}-\d{2}-\d{2})?"), "model"])
    assert len(snaps) >= 2
    with pytest.raises(UnknownModelError) as e:
        resolve_model("gpt-4o-2031-01-01")
    listed = re.search(r"shipped ones are (.*)\. Give", str(e.value))[1].split(", ")
    assert set(listed) == snaps
    assert lookup_model("gpt-4o-2031-01-01") is None
    assert "gpt-4o-2024-11-20" in lookup_model_note("gpt-4o-2031-01-01")[1]


def _base_repos(base_id: str) -> set[str]:
    """Hub repo names the table gives for a -base id (its '/' aliases, its weights_source)."""
    r = MODELS.set_index("model").loc[base_id]
    repos = [a.strip() for a in r["aliases"].split(";") if "/" in a]
    m = re.fullmatch(r"https://huggingface\.co/([\w.-]+/[\w.-]+)/?", r["weights_source"].strip())
    return {name_key(re.sub(r"[-_]hf$", "", x.split("/")[-1], flags=re.I))
            for x in repos + ([m[1]] if m else [])}


def test_base_and_instruct_never_merge():
    # every id X with an X-base: a hub repo id 'org/X' is the base (unless the table gives
    # the base another repo: then 'org/X' is not the base), 'org/X-Instruct' is never the base
    pairs = [(m, m + "-base") for m in IDS if m + "-base" in set(IDS)]
    assert len(pairs) > 40
    for inst, base in pairs:
        known = _base_repos(base)
        plain = inst if known and name_key(inst) not in known else base
        assert resolve_model(f"some-org/{inst}") == plain, inst
        assert resolve_model(f"some-org/{inst}-hf") == plain, inst
        assert resolve_model(f"some-org/{inst}-Base") == base, inst
        tuned = resolve_model(f"some-org/{inst}-Instruct")
        assert not tuned.endswith("-base"), inst
        # the same weights, or the one dated snapshot named '-instruct' (Qwen3-235B-A22B's
        # first release had no '-Instruct' checkpoint; Instruct-2507 is later, other weights)
        assert GROUP[tuned] == GROUP[inst] or re.fullmatch(
            re.escape(inst) + r"-instruct-\d{4}", tuned), (inst, tuned)
        assert resolve_model(f"some-org/{inst}-chat-hf") == inst, inst
        assert resolve_model(inst) == inst  # the table's own id is the instruct model
    assert any(_base_repos(b) for _, b in pairs) and any(not _base_repos(b) for _, b in pairs)


def test_a_repo_the_table_names_is_used_only_when_its_name_agrees():
    # The table gives Qwen/Qwen3-8B and meta-llama/Llama-3.2-1B (a base checkpoint) as
    # weights sources of instruct ids; a source is not proof of the checkpoint, so a
    # suffix-less repo id still follows the rule: the -base id (never silently the instruct)
    m = MODELS.set_index("model")
    for inst, repo in (("qwen3-8b", "Qwen/Qwen3-8B"), ("llama-3.2-1b", "meta-llama/Llama-3.2-1B")):
        assert m.loc[inst, "weights_source"].endswith("/" + repo) and inst + "-base" in m.index
        assert resolve_model(repo) == inst + "-base"
        assert resolve_model(repo + "-Instruct") == inst
    # a source whose name says what it is resolves to it
    assert m.loc["kimi-k2", "weights_source"].endswith("/moonshotai/Kimi-K2-Instruct")
    assert resolve_model("moonshotai/Kimi-K2-Instruct") == "kimi-k2"
    assert resolve_model("LLM360/Amber") == "amber-7b-base"  # its source, a base checkpoint
    # where the table gives the base checkpoint's own repo, a suffix-less repo is not it
    for inst, repo in (("deepseek-v3.1", "deepseek-ai/DeepSeek-V3.1"), ("glm-4.5", "zai-org/GLM-4.5")):
        assert m.loc[inst + "-base", "weights_source"].endswith(repo + "-Base")
        assert resolve_model(repo) == inst
        assert resolve_model(repo + "-Base") == inst + "-base"


def test_an_instruct_hub_id_never_resolves_to_a_base_model():
    # only a base checkpoint ships for these: the instruct repo is not it
    for base_only, repo in (("gemma-7b-base", "google/gemma-7b-it"),
                            ("falcon-7b", "tiiuae/falcon-7b-instruct")):
        _in_table(base_only)
        assert not [m for m in MEMBERS[GROUP[base_only]] if m != base_only]
        with pytest.raises(UnknownModelError):
            resolve_model(repo)
    assert resolve_model("google/gemma-7b") == "gemma-7b-base"
    assert resolve_model("tiiuae/falcon-7b") == "falcon-7b"
    assert resolve_model("google/gemma-3-27b-pt") == "gemma-3-27b-base"  # Gemma 3: -pt, -it
    assert resolve_model("google/gemma-3-27b-it") == "gemma-3-27b"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mid=st.sampled_from(IDS), data=st.data())
def test_case_space_dash_variants_of_every_id_resolve_to_it(mid, data):
    seps = data.draw(st.lists(st.sampled_from(["-", " ", "_", "--"]), min_size=mid.count("-"),
                              max_size=mid.count("-")))
    parts = mid.split("-")
    typed = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))
    upper = data.draw(st.lists(st.booleans(), min_size=len(typed), max_size=len(typed)))
    typed = "".join(c.upper() if u else c for c, u in zip(typed, upper))
    pad = data.draw(st.sampled_from(["", " ", "  "]))
    assert resolve_model(pad + typed + pad) == mid, typed


# --------------------------------------------------------------------------------------
# distinct names never merge (23.2)
# --------------------------------------------------------------------------------------


def test_user_names_that_normalise_alike_are_kept_apart():
    users = ["acme-1", "acme1"]
    assert name_key("acme-1") == name_key("acme1")
    assert resolve_model("acme-1", extra=users) == "acme-1"
    assert resolve_model("acme1", extra=users) == "acme1"
    with pytest.raises(AmbiguousModelError) as e:
        resolve_model("ACME 1", extra=users)
    assert "'acme-1'" in str(e.value) and "'acme1'" in str(e.value)
    assert isinstance(e.value, UnknownModelError) and isinstance(e.value, InputError)
    assert colliding_names(["acme-1", "acme1", "acme-2", "acme-1"]) == {"acme1": users}
    assert colliding_names(["acme-1", "acme-2"]) == {}


def test_estimate_uses_the_model_asked_for_not_its_lookalike():
    s = load_scores()
    rows = s[(s["model"] == "gpt-4o") & s["benchmark"].isin(default_evidence())]
    assert len(rows) >= 2
    blank = {"total_params_b": float("nan"), "active_params_b": float("nan")}
    a = rows.assign(model="acme-1", weights="acme-1", **blank)
    b = rows.assign(model="acme1", weights="acme1", score=rows["score"] / 2, **blank)
    data = pd.concat([s, a, b], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e1 = pe.estimate_size("acme-1", data=data)
        e2 = pe.estimate_size("acme1", data=data)
    assert e1.model == "acme-1" and e2.model == "acme1"
    assert e1.scores == pytest.approx(dict(zip(a["benchmark"], a["score"])))
    assert e2.scores == pytest.approx(dict(zip(b["benchmark"], b["score"])))


def test_user_name_next_to_a_shipped_lookalike():
    _in_table("gpt-4o")
    assert name_key("gpt4o") == name_key("gpt-4o")
    mid, note = resolve_model_note("gpt4o", extra=["gpt4o"])
    assert mid == "gpt4o" and "'gpt-4o'" in note  # exact wins, the collision is reported
    assert resolve_model("gpt-4o", extra=["gpt4o"]) == "gpt-4o"
    with pytest.raises(AmbiguousModelError, match="'gpt-4o' .shipped.*'gpt4o' .your data"):
        resolve_model("GPT 4o", extra=["gpt4o"])
    assert colliding_names(["gpt4o"], shipped=True) == {"gpt4o": ["gpt-4o", "gpt4o"]}
    assert colliding_names(["gpt-4o"], shipped=True) == {}


_SEP = st.sampled_from(["-", "_", " ", ".", "", "/"])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=5),
                      min_size=2, max_size=4), data=st.data())
def test_distinct_names_that_normalise_alike_are_never_merged(words, data):
    def variant() -> str:
        seps = data.draw(st.lists(st.sampled_from(["-", " ", "", "--", "(", ")"]),
                                  min_size=len(words) - 1, max_size=len(words) - 1))
        text = "zq" + words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
        return "".join(c.upper() if data.draw(st.booleans()) else c for c in text)
    a, b = variant(), variant()
    if a == b or name_key(a) != name_key(b):
        return
    users = [a, b, "unrelated-model"]
    assert resolve_model(a, extra=users) == a
    assert resolve_model(b, extra=users) == b
    c = "  " + a.swapcase() + " "
    if c.strip() not in (a, b):
        with pytest.raises(AmbiguousModelError) as e:
            resolve_model(c, extra=users)
        assert repr(a) in str(e.value) and repr(b) in str(e.value)
    assert sorted({a, b}) in colliding_names(users).values()


# --------------------------------------------------------------------------------------
# suggestions: close, and of the same generation (20.5)
# --------------------------------------------------------------------------------------


def test_suggestions_never_cross_a_generation():
    _in_table("gpt-5.5", "claude-3.7-sonnet")
    without = [i for i in IDS if i != "gpt-4.5-preview"]
    assert "gpt-5.5" not in suggest("gpt-4.5", without, same_version=True)
    assert "gpt-4.5-preview" in suggest("gpt-4.5-turbo", IDS, same_version=True)
    msg = suggest("claude-3.5-sonnet-v9", IDS, same_version=True)
    assert "claude-3.7" not in msg
    assert "claude-3.5-sonnet-2024-06-20" in msg and "claude-3.5-sonnet-2024-10-22" in msg
    with pytest.raises(UnknownModelError) as e:
        resolve_model("gpt-4.6")
    assert "gpt-4.1" not in str(e.value) and "gpt-5" not in str(e.value)


def test_close_typos_still_get_a_suggestion():
    with pytest.raises(UnknownModelError, match="Did you mean 'llama-3.1-70b'"):
        resolve_model("llama-3.1-70c")
    with pytest.raises(UnknownModelError, match="Did you mean 'gpt-4o'"):
        resolve_model("gpt-4oo")
    with pytest.raises(UnknownModelError, match="unknown model") as e:
        resolve_model("zzzz-nothing-like-it")
    assert "Did you mean" not in str(e.value)


@settings(max_examples=150, deadline=None)
@given(mid=st.sampled_from(IDS), data=st.data())
def test_every_suggestion_shares_family_and_version(mid, data):
    i = data.draw(st.integers(0, len(mid) - 1))
    typo = mid[:i] + data.draw(st.sampled_from("qxz")) + mid[i + 1:]
    try:
        resolve_model(typo)
    except AmbiguousModelError:
        return
    except UnknownModelError as err:
        named = re.findall(r"'([^']+)'", str(err).split("Did you mean", 1)[-1].split("?")[0])
        version = re.findall(r"\d+(?:\.\d+)*", typo)[:1]
        for s in named if "Did you mean" in str(err) else []:
            assert re.findall(r"\d+(?:\.\d+)*", s)[:1] == version, (typo, s)


def test_bad_input():
    with pytest.raises(InputError, match="must be a string"):
        resolve_model(3.5)
    assert lookup_model(None) is None and lookup_model_note(7) == (None, "")
    with pytest.raises(UnknownModelError):
        resolve_model("   ")


# --------------------------------------------------------------------------------------
# every estimate's printed names resolve back to its weights (22.1)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def closed_estimates():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pe.estimate_sizes(closed_only=True)


@pytest.mark.slow
def test_estimate_rows_resolve_back_to_their_weights(closed_estimates):
    df = closed_estimates
    ok = df[df["error"].fillna("") == ""] if "error" in df else df
    assert len(ok) > 50
    for r in ok.itertuples(index=False):
        assert GROUP[resolve_model(r.model)] == r.weights, r.model
        assert GROUP[resolve_model(r.weights)] == r.weights, r.weights
