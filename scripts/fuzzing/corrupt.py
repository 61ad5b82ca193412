"""Part corrupt: the e2e programs as bitcode, truncated, flipped, deleted, duplicated or zeroed."""
import hashlib
import os

from .common import FUZZ_DIR, ROOT, TOOL_TIMEOUT, Result, run, run_llad_case, write


# ----------------------------------------------------------------------------------------------
# part 2: corrupted bitcode

def compile_e2e(tools, src):
    """clang -O2 -c -emit-llvm of an e2e program, cached under target/fuzz/cache by content."""
    with open(src, 'rb') as f:
        h = hashlib.sha1(f.read())
    for dep in (os.path.join(ROOT, 'tests', 'e2e', 'check.h'), os.path.join(ROOT, 'include', 'llad.h')):
        if os.path.exists(dep):
            with open(dep, 'rb') as f:
                h.update(f.read())
    h.update(tools.clang.encode())
    cache = os.path.join(FUZZ_DIR, 'cache')
    os.makedirs(cache, exist_ok=True)
    bc = os.path.join(cache, os.path.basename(src)[:-2] + '-' + h.hexdigest()[:12] + '.bc')
    if not os.path.exists(bc):
        tmp = bc + f'.{os.getpid()}.tmp'
        rc, _, err, _ = run([tools.clang, '-O2', '-c', '-emit-llvm', '-I', os.path.join(ROOT, 'tests', 'e2e'),
                             '-I', os.path.join(ROOT, 'include'), src, '-o', tmp], TOOL_TIMEOUT)
        if rc != 0:
            return None
        os.replace(tmp, bc)
    with open(bc, 'rb') as f:
        return f.read()


def mutate(rng, data):
    data = bytearray(data)
    n = len(data)
    kind = rng.choice(['truncate', 'truncate', 'flip', 'flip', 'flip', 'bitflip', 'bitflip', 'zero', 'delete',
                       'duplicate', 'flip+truncate'])
    lo = min(40, n - 1)  # past the magic and wrapper, usually

    def pos():
        return rng.randrange(lo, n) if rng.random() < 0.95 else rng.randrange(0, n)

    if kind == 'truncate':
        cut = rng.choices([rng.randrange(0, n), n - rng.randrange(1, 64), rng.randrange(0, 64)], [5, 3, 1])[0]
        if rng.random() < 0.8:  # LLVM rejects lengths that are not a multiple of 4 up front
            cut -= cut % 4
        cut = max(0, min(n - 1, cut))
        return bytes(data[:cut]), f'truncated to {cut} of {n} bytes'
    if kind == 'flip' or kind == 'flip+truncate':
        k = rng.choice([1, 1, 2, 4, 8, 32])
        ps = sorted(pos() for _ in range(k))
        for p in ps:
            data[p] ^= rng.randrange(1, 256)
        what = f'{k} byte(s) xored at {ps[:6]}{"..." if k > 6 else ""}'
        if kind == 'flip+truncate':
            cut = rng.randrange(n // 8, n // 4) * 4
            return bytes(data[:cut]), what + f', truncated to {cut}'
        return bytes(data), what
    if kind == 'bitflip':
        k = rng.choice([1, 1, 2, 3])
        ps = []
        for _ in range(k):
            p = pos()
            b = rng.randrange(8)
            data[p] ^= 1 << b
            ps.append(f'{p}.{b}')
        return bytes(data), f'bit(s) flipped at {ps}'
    if kind == 'zero':
        p = pos()
        m = rng.choice([1, 4, 8, 64])
        data[p:p + m] = bytes(len(data[p:p + m]))
        return bytes(data), f'{m} byte(s) zeroed at {p}'
    if kind == 'delete':
        p = pos()
        m = rng.choice([1, 4, 4, 16, 16, 100])
        del data[p:p + m]
        return bytes(data), f'{m} byte(s) deleted at {p}'
    p = pos()
    m = rng.choice([4, 16, 100, 3])
    q = pos()
    data[q:q] = data[p:p + m]
    return bytes(data), f'{m} byte(s) from {p} duplicated at {q}'


def corrupt_case(tools, work, case_id, rng, keep, programs):
    src = programs[rng.randrange(len(programs))]
    bc = compile_e2e(tools, src)
    if bc is None:
        return Result(case_id, 'ok', f'clang failed on {src}', note='skipped')
    data, what = mutate(rng, bc)
    res = run_llad_case(tools, work, case_id, data, '.bc', keep)
    res.reason = (res.reason + f' ({os.path.basename(src)}: {what})') if res.kind != 'ok' else res.reason
    if res.path:
        write(os.path.join(res.path, 'mutation.txt'), f'{os.path.relpath(src, ROOT)}: {what}\n')
    return res
