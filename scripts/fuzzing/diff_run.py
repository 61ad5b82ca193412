"""Part diff: build and run one program, reduce a finding, one case, --selftest."""
import os
import random
import re
import shutil
import sys
import time

from .common import (BAD, FUZZ_DIR, LLAD_TIMEOUT, RUN_TIMEOUT, TOOL_TIMEOUT, Baseline, Result, check_output,
                     classify_llad, first_line, lint, refine, rel, run, save_dir, shq, sig_name, write)
from .diff_driver import gen_driver
from .diff_emit import emit_program
from .diff_gen import COPY8, COPY16, bound, gen_program

DRIVER_CACHE = {}
REDUCE_TIME = 600
VALGRIND = None  # --valgrind: run the derivative programs under memcheck


def diff_pipeline(tools, prog, d, llad=None):
    """Builds and runs one program in directory d. Returns (kind, reason, details)."""
    d = os.path.abspath(d)
    f_ll = os.path.join(d, 'f.ll')
    write(f_ll, emit_program(prog, tools.target_header()))
    rc, out, err, to = run([tools.opt, '-passes=verify', '-disable-output', f_ll], TOOL_TIMEOUT)
    if rc != 0:
        return 'generator', 'generated IR does not verify: ' + first_line(err), err
    pipe = prog['pipeline']
    fo_ll = os.path.join(d, 'f.opt.ll')
    if pipe == 'none':
        shutil.copy(f_ll, fo_ll)
    else:
        passes = f'default<{pipe}>' if pipe.startswith('O') else pipe
        rc, out, err, to = run([tools.opt, f'-passes={passes}', '-S', f_ll, '-o', fo_ll], TOOL_TIMEOUT)
        if rc != 0:
            return 'generator', f'opt {passes} failed: ' + first_line(err), err
    drv_c = os.path.join(d, 'driver.c')
    drv_text = gen_driver(prog)
    write(drv_c, drv_text)
    drv_ll = os.path.join(d, 'driver.ll')
    cached = DRIVER_CACHE.get(drv_text)  # reductions rebuild the same driver many times
    if cached is not None:
        write(drv_ll, cached)
    else:
        rc, out, err, to = run([tools.clang, '-O1', '-S', '-emit-llvm', drv_c, '-o', drv_ll], TOOL_TIMEOUT)
        if rc != 0:
            return 'generator', 'the driver does not compile: ' + first_line(err), err
        with open(drv_ll) as f:
            DRIVER_CACHE.clear()
            DRIVER_CACHE[drv_text] = f.read()
    in_ll = os.path.join(d, 'in.ll')
    rc, out, err, to = run([tools.link, '-S', drv_ll, fo_ll, '-o', in_ll], TOOL_TIMEOUT)
    if rc != 0:
        return 'generator', 'llvm-link failed: ' + first_line(err), err
    out_ll = os.path.join(d, 'out.ll')
    rc, _, err, to = run([llad or tools.llad, in_ll, '-S', '-o', out_ll], LLAD_TIMEOUT)
    write(os.path.join(d, 'llad.stderr'), err)
    kind, reason = classify_llad(rc, err, to)
    in_rc, in_findings = lint(tools, in_ll)
    kind, reason = refine(kind, reason, in_rc == 0)
    if kind != 'ok':
        return kind, reason, err
    kind, reason = check_output(tools, out_ll, Baseline(in_findings if in_rc == 0 else []))
    if kind != 'ok' and not reason.startswith('lint:'):
        return kind, reason, ''
    lint_problem = reason  # lint findings in verified output: still run it, report both
    k2, r2, details = run_derivatives(tools, out_ll, d)
    if lint_problem and k2 == 'ok':
        return 'invalid output', lint_problem, details
    if lint_problem:
        return k2, r2 + f' [also {lint_problem[:120]}]', details
    return k2, r2, details


def run_derivatives(tools, out_ll, d):
    exe = os.path.join(d, 'exe')
    rc, out, err, to = run([tools.clang, '-O2', out_ll, '-o', exe, '-lm'], TOOL_TIMEOUT)
    if rc != 0:
        return 'invalid output', 'clang-19 -O2 cannot compile the output: ' + first_line(err), err
    vg = [VALGRIND, '-q', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite'] \
        if VALGRIND else []
    rc, out, err, to = run(vg + [exe], RUN_TIMEOUT * (10 if vg else 1), cwd=d)
    write(os.path.join(d, 'run.txt'), out + err)
    if vg and rc == 99:
        m = re.search(r'==\d+== (\S.*)', err)
        return 'crash', 'valgrind: ' + (m.group(1) if m else first_line(err)), out + err
    if to:
        return 'timeout', f'the derivative program ran longer than {RUN_TIMEOUT} s', out
    if rc is not None and rc < 0:
        return 'crash', f'the derivative program was killed by {sig_name(rc)}', out
    fails = [l for l in out.splitlines() if l.startswith('FAIL')]
    summary = [l for l in out.splitlines() if l.startswith('checked') or l.startswith('SKIP')]
    if rc == 1 and fails:
        return 'disagreement', fails[0] + (f' (+{len(fails) - 1} more)' if len(fails) > 1 else ''), out
    if rc != 0 or not summary:
        return 'crash', f'the derivative program exited with {rc}: {first_line(err or out)}', out
    return 'ok', summary[0], out


def failure_signature(kind, reason):
    if kind == 'disagreement':
        m = re.search(r'FAIL (primal \S+|d/d\S+: (\S+))', reason)
        lint_part = re.search(r'\[also lint: ([^%]*)', reason)  # keep a lint finding while reducing
        extra = lint_part.group(1).strip() if lint_part else ''
        if m and m.group(1).startswith('primal'):
            return kind, 'primal', extra
        return kind, (m.group(2) if m else ''), extra
    if kind == 'crash':
        return kind, re.sub(r'\d+', 'N', reason.split(':')[0] if 'panic' not in reason else reason[:80])
    return kind, re.sub(r'%[-\w.]+|\d+', '', reason)[:60]


# -- reduction of a part-3 finding (--reduce)

def expr_children(e):
    return [i for i, x in enumerate(e) if isinstance(x, tuple) and x and isinstance(x[0], str) and
            x[0] in ('const', 'param', 'slot', 'arr', 'lv', 'bin', 'div', 'un', 'bin2', 'tern', 'sel')]


def red_expr(e):
    """Simpler expressions whose bound is no larger (so the program stays well-defined)."""
    if e is None or e[0] in ('const', 'param', 'slot', 'lv'):
        return
    try:
        b = bound(e)
    except (OverflowError, TypeError):
        return
    yield ('const', 0.5 if b >= 0.5 else 0.0)
    for i in expr_children(e):
        try:
            if e[i][0] != 'arr' and bound(e[i]) <= b:
                yield e[i]
        except (OverflowError, TypeError):
            pass
    for i in expr_children(e):
        for c2 in red_expr(e[i]):
            new = e[:i] + (c2,) + e[i + 1:]
            try:
                if bound(new) <= b:
                    yield new
            except (OverflowError, TypeError):
                pass


def red_list(ss):
    n = len(ss)
    size = n // 2
    while size >= 1:
        for i in range(0, n, size):
            yield ss[:i] + ss[i + size:]
        size //= 2
    for i, s in enumerate(ss):
        for rep in red_stmt(s):
            yield ss[:i] + rep + ss[i + 1:]


def red_stmt(s):
    k = s[0]
    if k == 'if':
        yield s[4]
        yield s[5]
        for t in red_list(s[4]):
            yield [s[:4] + (t, s[5])]
        for t in red_list(s[5]):
            yield [s[:5] + (t,)]
    elif k == 'switch':
        for b in s[2]:
            yield b
        yield s[3]
        for i, b in enumerate(s[2]):
            for t in red_list(b):
                yield [('switch', s[1], s[2][:i] + [t] + s[2][i + 1:], s[3])]
    elif k == 'loop':
        if s[3] is not None:
            yield [('loop', s[1], s[2], None)]
        if s[1] > 1:
            yield [('loop', 1, s[2], s[3])]
        for t in red_list(s[2]):
            yield [('loop', s[1], t, s[3])]
    elif k in ('assign', 'store'):
        for e in red_expr(s[-1]):
            yield [s[:-1] + (e,)]
    elif k == 'copy' and s[1] not in ('double', 'v2f64'):
        yield [('copy', 'double' if s[1] in COPY8 else 'v2f64' if s[1] in COPY16 and s[1] != 'memmove_ovl' else s[1]) + s[2:]]


def red_program(prog):
    for pipe in ('none', 'mem2reg'):
        if prog['pipeline'] != pipe and not (pipe == 'mem2reg' and prog['pipeline'] == 'none'):
            yield dict(prog, pipeline=pipe)
    drv = prog['driver']
    if any(drv.get('noneed', [])):
        yield dict(prog, driver=dict(drv, noneed=[False] * len(drv['noneed'])))
    for key in ('split', 'batch', 'clobber', 'primal_fwd', 'primal_rev'):
        if drv.get(key):
            yield dict(prog, driver=dict(drv, **{key: False}))
    for which in ['f'] + list(range(len(prog['helpers']))):
        fn = prog['f'] if which == 'f' else prog['helpers'][which]

        def with_fn(new):
            if which == 'f':
                return dict(prog, f=new)
            hs = list(prog['helpers'])
            hs[which] = new
            return dict(prog, helpers=hs)

        if any(k != 'stack' for k in fn.get('local_kinds', [])):
            yield with_fn(dict(fn, local_kinds=['stack'] * len(fn['locals'])))
        for body in red_list(fn['body']):
            yield with_fn(dict(fn, body=body))
        if fn['retexpr'] is not None:
            for e in red_expr(fn['retexpr']):
                yield with_fn(dict(fn, retexpr=e))


def reduce_case(tools, prog, kind, reason, d, budget_s=600, log=None):
    sig = failure_signature(kind, reason)
    tmp = os.path.join(d, 'reduce.tmp')
    t0 = time.time()
    tries = 0
    best = prog
    progress = True
    while progress and time.time() - t0 < budget_s:
        progress = False
        for cand in red_program(best):
            if time.time() - t0 > budget_s:
                break
            tries += 1
            if os.path.isdir(tmp):
                shutil.rmtree(tmp)
            os.makedirs(tmp)
            try:
                k2, r2, _ = diff_pipeline(tools, cand, tmp)
            except Exception:  # a reduction the generator cannot emit
                continue
            if failure_signature(k2, r2) == sig:
                best = cand
                progress = True
                if log:
                    log(f'    reduce: step {tries}, {time.time() - t0:.0f} s: {r2[:100]}')
                break
    shutil.rmtree(tmp, ignore_errors=True)
    return best, tries


def diff_case(tools, work, case_id, rng, keep, reduce=False, log=None):
    prog = gen_program(rng)
    tmp = os.path.join(work, case_id)
    os.makedirs(tmp, exist_ok=True)
    kind, reason, details = diff_pipeline(tools, prog, tmp)
    note = ''
    if kind == 'generator':  # a bug in this script, not in llad
        note = 'generator: ' + reason
        sys.stderr.write(f'scripts/fuzz: {case_id}: {reason}\n{details[:2000]}\n')
        kind, reason = 'crash', 'GENERATOR BUG (scripts/fuzz): ' + reason
    elif kind == 'ok':
        note = reason
    res = Result(case_id, kind, reason, note=note)
    if kind in BAD or keep:
        d = save_dir(case_id)
        for name in ('f.ll', 'f.opt.ll', 'driver.c', 'in.ll', 'out.ll', 'llad.stderr', 'run.txt'):
            if os.path.exists(os.path.join(tmp, name)):
                shutil.copy(os.path.join(tmp, name), d)
        write(os.path.join(d, 'reason.txt'), f'{kind}: {reason}\npipeline: {prog["pipeline"]}\n')
        write(os.path.join(d, 'program.txt'), repr(prog) + '\n')
        write(os.path.join(d, 'repro.sh'),
              '#!/bin/sh\n# ' + f'{kind}: {reason}'.replace('\n', ' ') + '\n'
              '# f.ll: the generated function (f.opt.ll after opt ' + prog['pipeline'] + '), driver.c: the checks,\n'
              '# in.ll = llvm-link(driver.c at -O1, f.opt.ll)\n'
              f'cd "$(dirname "$0")"\nLLAD=${{LLAD:-{shq(tools.llad)}}}\n'
              '"$LLAD" in.ll -S -o out.ll || exit\n'
              f'{os.path.basename(tools.opt)} -passes=verify,lint -disable-output out.ll\n'
              f'{os.path.basename(tools.clang)} -O2 out.ll -o exe -lm && ./exe\n')
        os.chmod(os.path.join(d, 'repro.sh'), 0o755)
        res.path = d
        if reduce and kind in BAD and not reason.startswith('GENERATOR'):
            small, tries = reduce_case(tools, prog, kind, reason, d, budget_s=REDUCE_TIME, log=log)
            rd = os.path.join(d, 'reduced')
            os.makedirs(rd, exist_ok=True)
            k2, r2, _ = diff_pipeline(tools, small, rd)
            for junk in ('exe', 'driver.ll'):
                if os.path.exists(os.path.join(rd, junk)):
                    os.remove(os.path.join(rd, junk))
            write(os.path.join(rd, 'reason.txt'), f'{k2}: {r2}\npipeline: {small["pipeline"]}\n({tries} reduction tries)\n')
            write(os.path.join(rd, 'program.txt'), repr(small) + '\n')
            shutil.copy(os.path.join(d, 'repro.sh'), rd)
            res.note = f'reduced in {tries} tries: {rel(rd)}'
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def selftest(tools, count, seed, keep):
    """Checks the part-diff generator itself: each program's primal (no llad) under valgrind."""
    valgrind = shutil.which('valgrind')
    work = os.path.join(FUZZ_DIR, f'selftest-{os.getpid()}')
    bad = 0
    unstable = inputs = 0
    for i in range(count):
        case_id = f'diff-s{seed}-{i}'
        prog = gen_program(random.Random(f'diff:{seed}:{i}'))
        d = os.path.join(work, case_id)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, 'f.ll'), emit_program(prog, tools.target_header()))
        write(os.path.join(d, 'driver.c'), gen_driver(prog))
        for pipe in ('none', prog['pipeline']):
            src = os.path.join(d, 'f.ll')
            if pipe != 'none':
                passes = f'default<{pipe}>' if pipe.startswith('O') else pipe
                src = os.path.join(d, 'f.opt.ll')
                rc, _, err, _ = run([tools.opt, f'-passes={passes}', '-S', os.path.join(d, 'f.ll'), '-o', src], TOOL_TIMEOUT)
                if rc != 0:
                    print(f'{case_id}: opt {passes} fails: {first_line(err)}')
                    bad += 1
                    continue
            exe = os.path.join(d, 'exe')
            rc, _, err, _ = run([tools.clang, '-O0', '-g', '-DPRIMAL_ONLY', '-w', os.path.join(d, 'driver.c'), src,
                                 '-o', exe, '-lm'], TOOL_TIMEOUT)
            if rc != 0:
                print(f'{case_id}: does not compile: {first_line(err)}')
                bad += 1
                continue
            cmd = ([valgrind, '-q', '--error-exitcode=9', '--leak-check=full', '--errors-for-leak-kinds=definite']
                   if valgrind else []) + [exe]
            rc, out, err, to = run(cmd, 120)
            m = re.search(r'unstable for (\d+) inputs', out)
            if pipe == 'none' and m:
                unstable += int(m.group(1))
                inputs += len(re.findall(r'"[xa]\d', out)) or 0
            if rc != 0 or to:
                bad += 1
                print(f'{case_id} ({pipe}): exit {rc}{" timeout" if to else ""}: {first_line(err) or first_line(out)}')
        if not keep:
            shutil.rmtree(d, ignore_errors=True)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f'selftest: {count} programs, {bad} problem(s); finite differences unstable for {unstable} inputs'
          + ('' if valgrind else ' (valgrind not found: memory errors not checked)'))
    return 1 if bad else 0
