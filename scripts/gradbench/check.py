"""Checks the gradients of gradbench's Enzyme-tool programs built by scripts/gradbench/run."""
import json
import os
import random
import subprocess
import sys

import ht_input

WORK = sys.argv[1]
SRC = sys.argv[2] if len(sys.argv) > 2 else None  # the gradbench checkout, for ht's data
TOLERANCE = 1e-6
failures = 0


def run(prog, fn, inp):
    path = os.path.join(WORK, "in.json")
    with open(path, "w") as f:
        json.dump(inp, f)
    out = subprocess.run([os.path.join(WORK, prog), path, fn], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"{prog} {fn}: {out.stderr[-500:]}")
    return json.loads(out.stdout.splitlines()[0])


def flat(x):
    if isinstance(x, list):
        return [v for e in x for v in flat(e)]
    if isinstance(x, dict):
        return [v for k in sorted(x) for v in flat(x[k])]
    return [x]


def report(name, err):
    global failures
    ok = err < TOLERANCE
    failures += not ok
    print(f"{name}: {'ok' if ok else 'WRONG'} (largest relative difference {err:.2e})")


def fd_gradient(prog, primal, gradient, inp, keys, pick=lambda o: o, h=1e-6):
    """The gradient the program computes against central differences of its primal, over every
    number under `keys` (in the order the program's output lists them)."""
    if not os.path.exists(os.path.join(WORK, prog)):
        return
    got = flat(run(prog, gradient, inp))
    want = []
    for key in keys:
        for i in range(len(flat(inp[key]))):
            def shifted(d):
                c = json.loads(json.dumps(inp))
                vals = flat(c[key])
                vals[i] += d
                c[key] = unflat(inp[key], iter(vals))
                return pick(run(prog, primal, c))
            want.append((shifted(h) - shifted(-h)) / (2 * h))
    report(prog, max(abs(a - b) / (1 + abs(b)) for a, b in zip(got, want)))


def unflat(shape, it):
    if isinstance(shape, list):
        return [unflat(s, it) for s in shape]
    return next(it)


random.seed(7)
R = lambda *s: [[random.uniform(-1, 1) for _ in range(s[1])] for _ in range(s[0])]
fd_gradient("det", "primal", "gradient", {"A": [random.uniform(-1, 1) for _ in range(16)], "ell": 4}, ["A"])
fd_gradient("lse", "primal", "gradient", {"x": [random.uniform(-1, 1) for _ in range(10)]}, ["x"])
fd_gradient("llsq", "primal", "gradient", {"x": [random.uniform(-1, 1) for _ in range(5)], "n": 7}, ["x"])
fd_gradient("ode", "primal", "gradient", {"x": [random.uniform(0.5, 1.5) for _ in range(6)], "s": 20}, ["x"], pick=lambda o: o[-1])
d, k, n = 3, 2, 5
gmm = {"d": d, "k": k, "n": n, "alpha": [random.uniform(-1, 1) for _ in range(k)], "mu": R(k, d), "q": R(k, d), "l": R(k, d * (d - 1) // 2), "x": R(n, d), "gamma": 1.0, "m": 0}
fd_gradient("gmm", "objective", "jacobian", gmm, ["alpha", "l", "mu", "q"])
lstm = {"main_params": R(4, 12), "extra_params": R(3, 3), "state": R(4, 3), "sequence": R(4, 3)}
fd_gradient("lstm", "objective", "jacobian", lstm, ["main_params", "extra_params"])

if os.path.exists(os.path.join(WORK, "kmeans")):
    # The Newton step J/H per centroid coordinate (forward over reverse for H's diagonal).
    points = [[random.uniform(-1, 1), random.uniform(-1, 1)] for _ in range(30)]
    cents = [[-0.5, -0.5], [0.5, 0.5], [0.5, -0.5]]
    step = flat(run("kmeans", "dir", {"points": points, "centroids": cents}))
    cost = lambda c: run("kmeans", "cost", {"points": points, "centroids": c})
    h, f0, want = 1e-4, cost(cents), []
    for i in range(3):
        for j in range(2):
            hi, lo = json.loads(json.dumps(cents)), json.loads(json.dumps(cents))
            hi[i][j] += h
            lo[i][j] -= h
            fh, fl = cost(hi), cost(lo)
            want.append(((fh - fl) / (2 * h)) / ((fh - 2 * f0 + fl) / (h * h)))
    report("kmeans", max(abs(a - b) / (1 + abs(b)) for a, b in zip(step, want)))

for prog, inp in [("particle", {"w": 0.0}), ("saddle", {"start": [1.0, 1.0]})]:
    if os.path.exists(os.path.join(WORK, prog)):
        outs = {m: flat(run(prog, m, inp)) for m in ["rr", "rf", "fr", "ff"]}
        report(prog + " (rr, rf, fr, ff agree)", max(abs(a - b) / (1 + abs(b)) for m in outs for a, b in zip(outs[m], outs["rr"])))

if os.path.exists(os.path.join(WORK, "ba")):
    ba = {"n": 3, "m": 5, "p": 7, "cam": [0.1, -0.2, 0.3, 1.0, 2.0, -3.0, 1.5, 0.2, -0.1, 0.01, 0.002], "x": [0.3, -1.2, 5.0], "w": 0.8, "feat": [0.5, -0.4]}
    a, b = flat(run("ba", "jacobian", ba)), flat(run("manual_ba", "jacobian", ba))
    report("ba (against gradbench's manual derivatives)", max(abs(x - y) / (1 + abs(y)) for x, y in zip(a, b)) if len(a) == len(b) else 1.0)

if os.path.exists(os.path.join(WORK, "ht")):
    # ht's Jacobian (forward mode, one column per seed) against central differences of its
    # objective, on the eval's smallest instance (100 correspondences, 26 theta) of each variant.
    # ht.cpp's columns: in the complicated variant first 2 for us, seeded with every point's u[0]
    # (then u[1]) at once -- each point's residuals depend only on its own us, so these two
    # columns hold the whole us block compressed -- then one column per theta.
    data = os.path.join(SRC or "", "evals", "ht", "data")
    for variant in ["simple", "complicated"]:
        d = os.path.join(data, f"{variant}_small")
        if not os.path.exists(os.path.join(d, "hand1_t26_c100.txt")):
            print(f"ht ({variant}): SKIPPED, no {d}/hand1_t26_c100.txt (the checkout lacks evals/ht/data)")
            continue
        inp = ht_input.read_hand_instance(os.path.join(d, "model"), os.path.join(d, "hand1_t26_c100.txt"), variant == "complicated")
        got = run("ht", "jacobian", inp)  # nrows lists of ncols
        seeds = [("us", c) for c in range(2 if inp["us"] else 0)] + [("theta", i) for i in range(len(inp["theta"]))]
        want, h = [], 1e-6
        for key, i in seeds:
            def shifted(step):
                c = json.loads(json.dumps(inp))
                if key == "us":
                    for u in c["us"]:
                        u[i] += step
                else:
                    c["theta"][i] += step
                return run("ht", "objective", c)
            want.append([(a - b) / (2 * h) for a, b in zip(shifted(h), shifted(-h))])  # a column
        if len(got) != len(want[0]) or any(len(r) != len(want) for r in got):
            report(f"ht ({variant}, Jacobian shape)", 1.0)
            continue
        errs = {(r, c): abs(got[r][c] - want[c][r]) / (1 + abs(want[c][r])) for r in range(len(got)) for c in range(len(want))}
        report(f"ht ({variant}, {len(got)}x{len(want)} Jacobian)", max(errs.values()))
        bad = sorted(k for k, e in errs.items() if e >= TOLERANCE)
        if bad:
            names = [f"{k}[{i}]" for k, i in seeds]
            rows = sorted({r for r, _ in bad})
            print(f"  {len(bad)} wrong entries, in columns {sorted({names[c] for _, c in bad}, key=names.index)}, rows {rows[:20]}{' ...' if len(rows) > 20 else ''}")

sys.exit(1 if failures else 0)
