"""Tests of paramest.inversion (estimate_size, estimate_sizes, SizeEstimate).

Simulations have a known truth (tests/simulate.py). Tests on the shipped data check
behaviour (one answer per set of weights, flags, round trips), never a hard-coded estimate.
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pandas as pd
import pytest
from simulate import simulate, simulate_multi

import paramest as p

B3 = ["ikp", "simpleqa", "aa-omniscience"]


@pytest.fixture(scope="module")
def sim() -> pd.DataFrame:
    d, _ = simulate(60, 1)
    return d


def _raw(benchmarks, data, **kw) -> p.Calibration:
    return p.Calibration(benchmarks, recalibration=None, **kw).fit(data)


def _scores_of(h: pd.DataFrame, model: str, benchmarks) -> dict[str, float]:
    g = h[h["model"] == model].set_index("benchmark")["score"]
    return {b: float(g[b]) for b in benchmarks}


# --------------------------------------------------------------------------------------
# coverage on simulated data
# --------------------------------------------------------------------------------------


def test_single_benchmark_coverage():
    covered = []
    for r in range(20):
        d, _ = simulate(60, 300 + r)
        h, xh = simulate(10, 9000 + r, prefix="h")
        cal = _raw("ikp", d)
        for i in range(10):
            e = p.estimate_size({"ikp": float(h["score"].iloc[i])}, calibration=cal)
            covered.append(e.contains(10 ** xh[i]))
    cov = float(np.mean(covered))
    print(f"single-benchmark coverage {cov:.3f} over {len(covered)} models")
    assert 0.85 <= cov <= 0.95


@pytest.mark.slow  # a simulation over many fits: in the full suite, not the quick one
def test_three_correlated_benchmarks_recalibrated_coverage():
    # the delta-method error model is only approximate for logit-normal scores, so raw
    # joint intervals run a little narrow; the recalibration learnt on held-out models of
    # the calibration set (leave one developer out) is what must cover
    parts = []
    for r in range(8):
        d, _ = simulate_multi(80, 300 + r, B3, rho=0.6)
        d["developer"] = d["model"].map(lambda m: f"dev{int(m[1:]) % 10}")
        parts.append(p.validate(B3, data=d, baseline=False).per_model)
    pm = pd.concat(parts)
    cov = float(pm["covered"].mean())
    print(f"3 benchmarks, rho=0.6, recalibrated: coverage {cov:.3f} over {len(pm)} models")
    assert len(pm) == 640
    assert 0.85 <= cov <= 0.95


@pytest.mark.slow  # a simulation over many fits: in the full suite, not the quick one
def test_ignoring_the_residual_correlation_undercovers():
    cov, cov_naive = [], []
    for r in range(20):
        d, _ = simulate_multi(60, 300 + r, B3, rho=0.6)
        h, xh = simulate_multi(10, 9000 + r, B3, rho=0.6, prefix="h")
        cal = _raw(B3, d, alt_forms=())
        if r == 0:
            # the planted correlation lies in the estimated one's interval
            assert cal.rho_ci_[0] < 0.6 < cal.rho_ci_[1], cal.rho_ci_
            assert cal.n_pairs_ == 60
        naive = copy.copy(cal)  # same curves, residual correlation forced to zero
        naive.rho_draws_ = np.zeros_like(cal.rho_draws_)
        for i in range(10):
            sc = _scores_of(h, f"h{i:03d}", B3)
            cov.append(p.estimate_size(sc, calibration=cal).contains(10 ** xh[i]))
            cov_naive.append(p.estimate_size(sc, calibration=naive).contains(10 ** xh[i]))
    c, cn = float(np.mean(cov)), float(np.mean(cov_naive))
    print(f"3 benchmarks, rho=0.6, raw: coverage {c:.3f}; independence {cn:.3f}")
    assert cn < c - 0.05


@pytest.mark.slow  # a simulation over many fits: in the full suite, not the quick one
def test_recalibrated_intervals_cover_in_an_extrapolation_simulation():
    # heavy-tailed scatter; every test model larger than every calibration model;
    # the recalibration is learnt inside the calibration set (validate does it)
    parts = []
    for r in range(10):
        d, _ = simulate(80, 500 + r, scatter_df=4, tau=0.3,
                        extra={"developer": [f"dev{i % 10}" for i in range(80)]})
        parts.append(p.validate("ikp", split="extrapolation", data=d, baseline=False).per_model)
    pm = pd.concat(parts)
    cov = float(pm["covered"].mean())
    print(f"extrapolation simulation: coverage {cov:.3f} over {len(pm)} models")
    assert len(pm) >= 150
    assert 0.88 <= cov <= 0.95


def test_data_path_equals_prebuilt_calibration(sim):
    # user data that are not the shipped data: the interval scaling is refitted on them
    a = p.estimate_size({"ikp": 0.4}, data=sim)
    cal = p.inversion.calibration_for(p.as_evidence(sim), ["ikp"])
    assert a == p.estimate_size({"ikp": 0.4}, calibration=cal)
    assert "refitted" in a.recalibration and "not-recalibrated" not in a.flag_codes
    # a calibration built by hand on the same data says it is not recalibrated
    with pytest.warns(p.RecalibrationWarning):
        b = p.estimate_size({"ikp": 0.4}, calibration=p.Calibration(["ikp"]).fit(sim))
    assert "not-recalibrated" in b.flag_codes and b.params_b == pytest.approx(a.params_b)


def test_calibration_cache_is_keyed_by_the_data(sim):
    other = sim.assign(score=(sim["score"] * 0.8).clip(0, 1))
    a = p.estimate_size({"ikp": 0.4}, data=sim)
    b = p.estimate_size({"ikp": 0.4}, data=other)
    assert a.params_b != b.params_b and a.data_source != b.data_source


# --------------------------------------------------------------------------------------
# behaviour
# --------------------------------------------------------------------------------------


def test_monotonic_in_score(sim):
    cal = p.Calibration(["ikp"]).fit(sim)
    grid = np.linspace(0.05, 0.9, 30)
    est = [p.estimate_size({"ikp": float(s)}, calibration=cal) for s in grid]
    for col in ("params_b", "lower_b", "upper_b"):
        v = np.array([getattr(e, col) for e in est])
        assert np.all(np.diff(v) >= -1e-9 * v[1:]), col
    assert est[-1].params_b > 100 * est[0].params_b


@pytest.mark.slow  # a simulation over many fits: in the full suite, not the quick one
def test_levels_nest_with_the_same_benchmarks(sim):
    d, _ = simulate_multi(60, 3, B3)
    e9 = p.estimate_size({"ikp": 0.5, "simpleqa": 0.2, "aa-omniscience": 0.3}, data=d, level=0.9)
    e8 = p.estimate_size({"ikp": 0.5, "simpleqa": 0.2, "aa-omniscience": 0.3}, data=d, level=0.8)
    assert e8.benchmarks == e9.benchmarks
    assert e9.lower_b <= e8.lower_b <= e8.params_b <= e8.upper_b <= e9.upper_b


def test_below_chance_is_flagged_not_raised():
    d, _ = simulate(60, 2, benchmark="mmlu", a=-3.0, b=1.3)
    e = p.estimate_size({"mmlu": 0.1}, data=d)
    assert "below-chance" in e.flag_codes and any("below the benchmark's chance" in str(f) for f in e.flags)
    # a score below chance bounds nothing from below (stress case: MMLU 0.1 read as 4-6B)
    assert e.open_lower and e.lower_b == 0
    assert "below chance" in e.per_benchmark["flags"].iloc[0]


@pytest.mark.parametrize("score,side", [(0.999, "upper"), (0.0005, "lower")])
def test_extreme_score_open_side_and_point_never_at_the_grid_end(sim, score, side):
    e = p.estimate_size({"ikp": score}, data=sim)
    assert getattr(e, f"open_{side}")
    assert "open-interval" in e.flag_codes and any("unbounded" in str(f) for f in e.flags)
    grid = tuple(math.log10(v) for v in e.grid_b)
    x = math.log10(e.params_b) if 0 < e.params_b < math.inf else None
    # the point is an exact root (or +-inf), not a grid end
    assert x is None or all(abs(x - g) > 1e-6 for g in grid)
    if side == "upper":
        assert e.upper_b == math.inf and e.interval_text.startswith(">")
    else:
        assert e.lower_b == 0.0 and e.interval_text.startswith("<")


def test_extrapolation_is_reported_in_dex(sim):
    top = sim["total_params_b"].max()
    e = p.estimate_size({"ikp": 0.9}, data=sim)
    assert e.params_b > top
    assert e.extrapolation_dex == pytest.approx(math.log10(e.params_b / top), rel=1e-6)
    assert "extrapolation" in e.flag_codes
    assert "dex beyond the largest calibration model" in str(e)


def test_n_questions_of_a_smaller_evaluation_widens(sim):
    a = p.estimate_size({"ikp": 0.4}, data=sim)
    b = p.estimate_size({"ikp": 0.4}, data=sim, n_questions={"ikp": 50})
    assert b.width_dex > a.width_dex


# --------------------------------------------------------------------------------------
# one answer per set of weights; names; a user's own models
# --------------------------------------------------------------------------------------


def test_every_setting_of_one_set_of_weights_gives_one_answer():
    names = ["o3", "o3-high", "o3-low"]
    ests = [p.estimate_size(n) for n in names]
    assert ests[0].weights == "o3"
    for e in ests[1:]:
        assert e.params_b == ests[0].params_b and e.interval_text == ests[0].interval_text
        assert e.variants == ests[0].variants
    # the scores used are named, per benchmark, by the setting they came from
    assert set(ests[0].variants) == set(ests[0].benchmarks)


def test_a_model_only_in_user_data_is_found_by_name(sim):
    mine = pd.DataFrame({"model": ["acme-closed-1"], "benchmark": ["ikp"], "score": [0.55],
                         "total_params_b": [np.nan], "open_weights": [False]})
    data = p.combine(mine, sim)
    e = p.estimate_size("acme-closed-1", data=data)
    assert e.model == "acme-closed-1" and e.scores == {"ikp": 0.55}
    assert e.data_source != "shipped"


def test_a_named_open_model_is_left_out_of_its_own_calibration():
    e = p.estimate_size("llama-3.1-70b")
    assert e.disclosed_status == "open" and math.isfinite(e.disclosed_b)
    cal = p.Calibration(e.benchmarks).fit()
    cal_models = set().union(*(set(f.data_["weights"]) for f in cal.fits_.values()))
    assert e.weights in cal_models  # it calibrates the default curves...
    assert e.n_calibration == len(cal_models) - 1  # ...but not its own estimate


def test_disclosed_size_and_vintage_flags():
    e = p.estimate_size("gopher-280b")
    assert e.disclosed_status == "disclosed"
    assert e.disclosed_b == 280
    # the printed text is made from the flags
    if not e.contains(e.disclosed_b):
        assert "disclosed-contradiction" in e.flag_codes and "disclosed size 280B" in str(e)
    else:
        assert "published size 280B" in str(e)
    assert "pre-calibration-vintage" in e.flag_codes


def test_curve_form_dependence_is_shown_in_print_json_and_frame():
    # a frontier score on AA-Omniscience: the linear form extrapolates far from the logistic
    e = p.estimate_size({"aa-omniscience": 0.55})
    assert set(e.forms) == {"logistic", "linear"}
    assert e.form_dependent
    assert "rests on the curve form" in str(e)
    assert e.to_dict()["diagnostics"]["form_dependent"] is True
    assert "rests-on-form" in e.to_dict()["flag_codes"]
    assert bool(e.to_frame()["form_dependent"].iloc[0])
    # the interval is the logistic form's, and the linear estimate lies outside it
    assert not e.contains(e.forms["linear"]["params_b"])


# --------------------------------------------------------------------------------------
# the result object
# --------------------------------------------------------------------------------------


def test_to_dict_is_json_safe_and_round_trips(sim):
    e = p.estimate_size({"ikp": 0.999}, data=sim)  # an open side: inf must survive
    d = e.to_dict()
    text = json.dumps(d, allow_nan=False)
    back = p.SizeEstimate.from_dict(json.loads(text))
    assert back == e
    assert isinstance(d["diagnostics"]["flags"], list)
    assert isinstance(d["evidence"]["per_benchmark"][0]["flags"], list)
    assert d["upper_b"] is None and back.upper_b == math.inf
    # numbers are rounded the way they are printed, not 1599.9999999999993
    assert all(len(repr(v).replace(".", "").lstrip("0")) <= 17 for v in (d["params_b"],))
    assert d["calibration"]["data_version"] == str(p.data_version())


def test_equality_compares_content(sim):
    a = p.estimate_size({"ikp": 0.4}, data=sim)
    b = p.estimate_size({"ikp": 0.4}, data=sim)
    c = p.estimate_size({"ikp": 0.5}, data=sim)
    assert a == b and a != c
    assert (a == "x") is False
    with pytest.raises(TypeError):
        hash(a)


def test_repr_html_and_frame(sim):
    e = p.estimate_size({"ikp": 0.4}, data=sim)
    assert "<b>" in e._repr_html_() and "data" in e._repr_html_()
    f = e.to_frame()
    assert f["score_ikp"].iloc[0] == pytest.approx(0.4)
    assert isinstance(f["flags"].iloc[0], list)


def test_estimate_sizes_one_row_per_set_of_weights():
    t = p.estimate_sizes(["o3", "o3-high", "o3-low", "gpt-4o"])
    ok = t[t["error"] == ""]
    assert list(ok["weights"]) == ["o3", "gpt-4o"]
    assert "score_ikp" in t.columns
    assert isinstance(ok["benchmarks"].iloc[0], list)
    assert t.attrs["data_version"] == str(p.data_version())


def test_estimate_size_refuses_a_frame():
    with pytest.raises(p.InputError, match="estimate_sizes"):
        p.estimate_size(pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.5]}))
