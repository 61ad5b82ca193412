"""Tools, processes and limits; classification of a run; saving findings (shared by all parts)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the project
FUZZ_DIR = os.path.join(ROOT, 'target', 'fuzz')
LLAD_TIMEOUT = 20
RUN_TIMEOUT = 20
TOOL_TIMEOUT = 120

KINDS = ['ok', 'clean error', 'crash', 'invalid output', 'timeout', 'disagreement']
BAD = {'crash', 'invalid output', 'timeout', 'disagreement'}


# ----------------------------------------------------------------------------------------------
# tools and processes

def find_tool(name):
    for cand in (shutil.which(name + '-19'), '/usr/lib/llvm-19/bin/' + name):
        if cand and os.path.exists(cand):
            return cand
    sys.exit(f'scripts/fuzz: cannot find {name}-19 (install LLVM 19: scripts/setup)')


class Tools:
    def __init__(self, llad):
        self.llad = llad
        self.opt = find_tool('opt')
        self.clang = find_tool('clang')
        self.stress = find_tool('llvm-stress')
        self.link = find_tool('llvm-link')
        self.dis = find_tool('llvm-dis')
        self._target = None

    def target_header(self):
        if self._target is None:
            rc, out, _, _ = run([self.clang, '-S', '-emit-llvm', '-x', 'c', '/dev/null', '-o', '-'], TOOL_TIMEOUT)
            lines = [l for l in out.splitlines() if l.startswith('target ')]
            self._target = '\n'.join(lines) + '\n'
        return self._target


MEMORY_LIMIT_KB = 4 << 20  # every tool and program runs under ulimit -v 4 GB (corrupt inputs can ask for more)


def run(cmd, timeout, cwd=None, input_bytes=None):
    """Runs cmd in its own process group; returns (rc, stdout, stderr, timed_out). rc < 0: signal."""
    cmd = ['/bin/sh', '-c', f'ulimit -v {MEMORY_LIMIT_KB} 2>/dev/null; exec "$@"', 'sh'] + list(cmd)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
                         cwd=cwd, start_new_session=True)
    try:
        out, err = p.communicate(input=input_bytes, timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        timed_out = True
    return p.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace'), timed_out


def sig_name(rc):
    try:
        return signal.Signals(-rc).name
    except (ValueError, TypeError):
        return f'signal {-rc}'


def first_line(text, limit=200):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ''


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


# ----------------------------------------------------------------------------------------------
# classification

def classify_llad(rc, err, timed_out):
    """(kind, reason) of one llad run, before its output is checked."""
    if timed_out:
        return 'timeout', f'llad ran longer than {LLAD_TIMEOUT} s'
    panic = re.search(r"panicked at ([^\n]*)\n([^\n]*)", err)
    if rc is not None and rc < 0:
        return 'crash', f'llad killed by {sig_name(rc)}' + (f': {first_line(err)}' if err.strip() else '')
    if panic:
        return 'crash', f'panic at {panic.group(1)} {panic.group(2).strip()}'[:300]
    if 'LLVM ERROR' in err:
        m = re.search(r'LLVM ERROR[^\n]*', err)
        return 'crash', m.group(0)[:300]
    if rc == 0:
        return 'ok', ''
    if rc == 1 and err.startswith('llad: error:'):
        line = first_line(err, 300)
        if 'llad produced invalid IR' in line or "LLVM's lint finds" in line:
            return 'invalid output', line
        if line.startswith('llad: error: internal error'):
            return 'crash', line
        return 'clean error', line
    return 'crash', f'llad exit code {rc}: {first_line(err)}'


def refine(kind, reason, input_verifies):
    """A refusal that blames the input (a reader crash, invalid IR) is not clean when opt-19 reads and
    verifies the same input."""
    if kind == 'clean error' and input_verifies and re.search(
            r"reader crashed|does not verify|is not valid|neither LLVM bitcode", reason):
        return 'crash', reason + ' [but opt-19 reads and verifies this input]'
    return kind, reason


def lint_findings(text):
    findings = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in ' \t' and findings:
            findings[-1][1].append(line.strip())
        else:
            findings.append((line.strip(), []))
    return findings


def normalize_ir(s):
    s = re.sub(r', !dbg ![0-9]+', '', s)
    s = re.sub(r'%[-\w.$]+', '%v', s)
    return s


def lint(tools, path):
    """(rc, findings) of opt -passes=verify,lint on path."""
    rc, out, err, to = run([tools.opt, '-passes=verify,lint', '-disable-output', path], TOOL_TIMEOUT)
    if to:
        return None, [('opt timed out', [])]
    return rc, lint_findings(out + err)


def lint_kind(header):
    # the adjoint of an out-of-range extractelement is an insertelement at the same index (and back)
    return re.sub(r'(insert|extract)element', 'xelement', header)


class Baseline:
    """What lint says of the input: those findings (and their copies in derivatives) are the input's."""

    def __init__(self, findings):
        self.exact = {(h, normalize_ir(' '.join(b))) for h, b in findings}
        self.headers = {lint_kind(h) for h, _ in findings}

    def inherited(self, finding):
        h, b = finding
        return (h, normalize_ir(' '.join(b))) in self.exact or lint_kind(h) in self.headers


def tool_crashed(rc, findings):
    return rc is not None and (rc < 0 or rc > 1 or any(h.startswith('LLVM ERROR') for h, _ in findings))


def check_output(tools, out_path, baseline, input_lint_crashes=False):
    """(kind, reason): verify + lint of llad's output; only findings the input does not have count."""
    if not os.path.exists(out_path):
        return 'invalid output', 'llad exited 0 but wrote no output'
    rc, findings = lint(tools, out_path)
    if rc is None:
        return 'timeout', 'opt -passes=verify,lint timed out on the output'
    if input_lint_crashes and tool_crashed(rc, findings):
        # lint itself dies on this module (e.g. a corrupted target-cpu attribute): verify only
        rc, out, err, to = run([tools.opt, '-passes=verify', '-disable-output', out_path], TOOL_TIMEOUT)
        findings = [] if rc == 0 else lint_findings(out + err)
    if rc != 0:
        msg = ' '.join([findings[0][0]] + findings[0][1]) if findings else f'opt exit {rc}'
        return 'invalid output', f'verifier: {msg}'[:300]
    new = [f for f in findings if not baseline.inherited(f)]
    if new:
        h, b = new[0]
        return 'invalid output', f'lint: {h} {" / ".join(b)}'[:300] + (f' (+{len(new) - 1} more)' if len(new) > 1 else '')
    return 'ok', ''


class Result:
    def __init__(self, case_id, kind, reason, path=None, note=''):
        self.case_id, self.kind, self.reason, self.path, self.note = case_id, kind, reason, path, note


def save_dir(case_id):
    d = os.path.join(FUZZ_DIR, case_id)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


def rel(path):
    return os.path.relpath(path, os.getcwd()) if path else ''


# ----------------------------------------------------------------------------------------------
# one llad run on a generated or corrupted input (parts stress and corrupt)

def run_llad_case(tools, work, case_id, data, ext, keep, header=''):
    """Writes the input, runs llad on it, checks the output; saves a reproducer when it is a finding."""
    tmp = os.path.join(work, case_id)
    os.makedirs(tmp, exist_ok=True)
    inp = os.path.join(tmp, 'in' + ext)
    if isinstance(data, str):
        write(inp, (header + '\n' if header else '') + data)
    else:
        with open(inp, 'wb') as f:
            f.write(data)
    out = os.path.join(tmp, 'out.ll' if ext == '.ll' else 'out.bc')  # bitcode survives odd names
    t0 = time.time()
    rc, _, err, to = run([tools.llad, inp] + (['-S'] if ext == '.ll' else []) + ['-o', out], LLAD_TIMEOUT)
    elapsed = time.time() - t0
    kind, reason = classify_llad(rc, err, to)
    note = ''
    in_rc, in_findings = lint(tools, inp)
    kind, reason = refine(kind, reason, in_rc == 0)
    if ext == '.ll' and in_rc != 0:  # the generated input must be valid IR
        kind, reason = 'crash', 'GENERATOR BUG (scripts/fuzz): the input does not verify: ' + \
            ' '.join([in_findings[0][0]] + in_findings[0][1] if in_findings else [])[:200]
    if kind == 'ok':
        if in_rc not in (0, None):
            note = 'opt rejects the input: ' + (in_findings[0][0] if in_findings else '')
        kind, reason = check_output(tools, out, Baseline(in_findings if in_rc == 0 else []),
                                    tool_crashed(in_rc, in_findings))
    elif kind == 'invalid output' and in_rc not in (0, None):
        reason += ' [the input does not verify either: ' + (in_findings[0][0] if in_findings else '?') + ']'
    elif kind == 'crash' and ext == '.bc':
        drc, _, derr, dto = run([tools.dis, inp, '-o', '/dev/null'], TOOL_TIMEOUT)
        if dto or (drc is not None and drc < 0):
            reason += ' [llvm-dis-19 crashes on it too: LLVM bitcode reader]'
    res = Result(case_id, kind, reason, note=note)
    if kind in BAD or keep:
        d = save_dir(case_id)
        shutil.copy(inp, d)
        if os.path.exists(out):
            shutil.copy(out, d)
        write(os.path.join(d, 'llad.stderr'), err)
        write(os.path.join(d, 'reason.txt'), f'{kind}: {reason}\n{note}\n')
        write(os.path.join(d, 'repro.sh'),
              '#!/bin/sh\n# ' + f'{kind}: {reason}'.replace('\n', ' ') + '\n' +
              f'cd "$(dirname "$0")"\nLLAD=${{LLAD:-{shq(tools.llad)}}}\n'
              f'"$LLAD" in{ext} {"-S " if ext == ".ll" else ""}-o {os.path.basename(out)}; echo "llad exit code $?"\n'
              f'[ -f {os.path.basename(out)} ] && {os.path.basename(tools.opt)} -passes=verify,lint -disable-output {os.path.basename(out)}\n')
        os.chmod(os.path.join(d, 'repro.sh'), 0o755)
        res.path = d
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    res.elapsed = elapsed
    return res
