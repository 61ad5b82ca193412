"""Part diff: the random well-defined programs (an AST) and their driver configuration."""
import math


# ----------------------------------------------------------------------------------------------
# part 3: random well-defined functions, executed derivatives
#
# A program is an AST: functions (the differentiated one, `fz_f`, and helpers `fz_h<i>`) with double
# parameters x<i>, double-array parameters a<j> (sizes known), double stack slots s<i>, local double
# arrays l<i>. Every value kept in memory is bounded by B (initial values are within 2), every
# assignment is squashed to B and no intermediate exceeds BMAX, so exp/pow/division never overflow;
# indices are constants, loop counters plus in-range offsets, or data-dependent values masked into
# range; all memory is initialized. Hence no UB and finite results.

B = 8.0
BMAX = 2000.0
PB = 2.0  # bound of scalar parameters

UNARY = {  # name: (bound(b) or None if not allowed, libm name, intrinsic name)
    'sin': (lambda b: 1.0, 'sin', 'llvm.sin.f64'),
    'cos': (lambda b: 1.0, 'cos', 'llvm.cos.f64'),
    'tanh': (lambda b: 1.0, 'tanh', None),
    'atan': (lambda b: 1.6, 'atan', None),
    'erf': (lambda b: 1.0, 'erf', None),
    'exp': (lambda b: math.exp(b) if b <= 4 else None, 'exp', 'llvm.exp.f64'),
    'exp2': (lambda b: 2 ** b if b <= 6 else None, 'exp2', 'llvm.exp2.f64'),
    'expm1': (lambda b: math.exp(b) if b <= 4 else None, 'expm1', None),
    'sinh': (lambda b: math.cosh(b) if b <= 4 else None, 'sinh', None),
    'cosh': (lambda b: math.cosh(b) if b <= 4 else None, 'cosh', None),
    'neg': (lambda b: b, None, None),
    'fabs': (lambda b: b, 'fabs', 'llvm.fabs.f64'),
    'sqrtq': (lambda b: math.sqrt(b * b + 2), 'sqrt', 'llvm.sqrt.f64'),
    'sqrta': (lambda b: math.sqrt(b + 1), 'sqrt', 'llvm.sqrt.f64'),
    'logq': (lambda b: max(1.0, math.log(b * b + 1)), 'log', 'llvm.log.f64'),
    'log1pq': (lambda b: math.log1p(b * b), 'log1p', None),
    'cbrtq': (lambda b: (b * b + 1) ** (1 / 3), 'cbrt', None),
    'powq': (lambda b: (b * b + 1) ** 1.5 if b < 10 else None, 'pow', 'llvm.pow.f64'),
    'powi': (lambda b: b ** 3 if b < 12 else None, None, 'llvm.powi.f64.i32'),
    'asinw': (lambda b: 0.6, 'asin', None),
    'acosw': (lambda b: 2.1, 'acos', None),
    'floor': (lambda b: b + 1, 'floor', 'llvm.floor.f64'),
    'round': (lambda b: b + 1, 'round', 'llvm.round.f64'),
    'itrip': (lambda b: b + 1, None, None),
    'ftrip': (lambda b: 1.5 * b, None, None),
}
BINARY = {
    'fmin': ('fmin', None), 'fmax': ('fmax', None), 'minnum': (None, 'llvm.minnum.f64'),
    'maxnum': (None, 'llvm.maxnum.f64'), 'minimum': (None, 'llvm.minimum.f64'),
    'maximum': (None, 'llvm.maximum.f64'), 'hypot': ('hypot', None), 'copysign': ('copysign', 'llvm.copysign.f64'),
    'atan2w': ('atan2', None),
}
DECLS = {
    'llvm.powi.f64.i32': 'declare double @llvm.powi.f64.i32(double, i32)',
    'llvm.fma.f64': 'declare double @llvm.fma.f64(double, double, double)',
    'llvm.fmuladd.f64': 'declare double @llvm.fmuladd.f64(double, double, double)',
    'fma': 'declare double @fma(double, double, double)',
    'llvm.memcpy': 'declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)',
    'llvm.memmove': 'declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)',
    'llvm.sin.v2f64': 'declare <2 x double> @llvm.sin.v2f64(<2 x double>)',
    'llvm.cos.v2f64': 'declare <2 x double> @llvm.cos.v2f64(<2 x double>)',
    'llvm.vector.reduce.fadd.v2f64': 'declare double @llvm.vector.reduce.fadd.v2f64(double, <2 x double>)',
}
PREDS = ['olt', 'ogt', 'ole', 'oge', 'ult', 'ugt', 'one', 'une']

COPY8 = ['double', 'i64', 'v2i32', 'v2i32', 'v8i8', 'a2i32', 's2i32', 'memcpy8', 'memmove8', 'i64slot',
         'i64slotd', 'i32pair', 'bytes', 'v1i64']
COPY16 = ['v2f64', 'v4i32', 'v4i32', 'i128', 'v2i64', 'sdd', 'a2d', 'sid', 'memcpy16', 'v4i32swap', 'v2i64swap',
          'sddswap', 'tmpstruct', 'i128slot', 'memmove_ovl', 'v2i32x2']
COPY32 = ['memcpy24', 'memcpy32', 'v4i64', 'v8i32', 's4d']
FLOAT_COPIES = {'double', 'v2f64', 'sdd', 'a2d', 's4d', 'sddswap', 'memcpy8', 'memmove8', 'memcpy16', 'memcpy24',
                'memcpy32', 'memmove_ovl', 'tmpstruct', 'memmove16', 'memmove24', 'memmove32'}
ONLY_FLOAT_COPIES = False  # --no-int-copies (for triage: avoid the integer-copy bug class)
VECK = ['vsplat', 'vsin', 'vins', 'vext', 'agg', 'vreduce', 'vcos']


def bound(e):
    k = e[0]
    if k == 'const':
        return abs(e[1])
    if k == 'param':
        return PB
    if k in ('slot', 'arr'):
        return B
    if k == 'lv':
        return float(e[2])
    if k == 'bin':
        ba, bb = bound(e[2]), bound(e[3])
        return ba * bb if e[1] == 'fmul' else ba + bb
    if k == 'div':
        return bound(e[1]) / e[3]
    if k == 'un':
        if e[1] == 'powq':  # pow(a*a + 1, c)
            return (bound(e[3]) ** 2 + 1) ** e[4]
        return UNARY[e[1]][0](bound(e[3]))
    if k == 'bin2':
        ba, bb = bound(e[3]), bound(e[4])
        if e[1] == 'hypot':
            return math.sqrt(ba * ba + bb * bb)
        if e[1] == 'copysign':
            return ba
        if e[1] == 'atan2w':
            return 1.6
        return max(ba, bb)
    if k == 'tern':
        return bound(e[2]) * bound(e[3]) + bound(e[4])
    if k == 'sel':
        return max(bound(e[4]), bound(e[5]))
    raise ValueError(k)


def uses_float(x):
    """Does the AST use float precision (ftrip)? Then forward and reverse agree only to ~1e-6."""
    if isinstance(x, tuple):
        if x and x[0] == 'un' and x[1] == 'ftrip':
            return True
        return any(uses_float(y) for y in x)
    if isinstance(x, list):
        return any(uses_float(y) for y in x)
    if isinstance(x, dict):
        return any(uses_float(y) for y in x.values())
    return False


class Gen:
    """Generates the body of one function (fn: dict) of a program."""

    def __init__(self, rng, fn, helpers, int_copies=True):
        self.rng, self.fn, self.helpers, self.int_copies = rng, fn, helpers, int_copies
        self.loops = []  # trip counts of the enclosing loops

    # -- leaves and indices
    def arefs(self, width=1):
        out = [(('p', j), n) for j, n in enumerate(self.fn['arrays']) if n >= width]
        out += [(('l', j), n) for j, n in enumerate(self.fn['locals']) if n >= width]
        if width == 1:
            out += [(('s', j), 1) for j in range(self.fn['slots'])]
        return out

    def idx(self, size, width=1, data_ok=True):
        r = self.rng
        choices = ['c'] * 3
        if self.loops:
            choices += ['lv'] * 3
        if data_ok and width == 1 and size >= 2:
            choices += ['data']
        c = r.choice(choices)
        if c == 'lv':
            d = r.randrange(len(self.loops))
            n = self.loops[d]
            room = size - width - (n - 1)
            if room >= 0:
                return ('lv', d, r.randint(0, room))
        if c == 'data':
            mask = 1
            while mask * 2 - 1 <= size - 1 and mask * 2 <= 4:
                mask *= 2
            return ('data', self.expr(1), mask - 1)
        return ('c', r.randint(0, size - width))

    def leaf(self):
        r = self.rng
        opts = ['const', 'slot', 'slot', 'arr', 'arr']
        if self.fn['k']:
            opts += ['param'] * 3
        if self.loops:
            opts += ['lv']
        c = r.choice(opts)
        if c == 'param':
            return ('param', r.randrange(self.fn['k']))
        if c == 'slot' and self.fn['slots']:
            return ('slot', r.randrange(self.fn['slots']))
        if c == 'arr' and self.arefs():
            aref, n = r.choice(self.arefs())
            return ('arr', aref, self.idx(n))
        if c == 'lv':
            d = r.randrange(len(self.loops))
            return ('lv', d, self.loops[d])
        v = r.choice([0.5, 1.0, 2.0, -1.0, 0.25, 1.5, -0.75, 3.0, 0.1])
        return ('const', v)

    # -- expressions
    def expr(self, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.2:
            return self.leaf()
        for _ in range(6):
            e = self.try_op(depth)
            if e is not None:
                try:
                    b = bound(e)
                except (OverflowError, TypeError):
                    continue
                if b is not None and b <= BMAX:
                    return e
        return ('un', 'sin', r.choice(['sin', 'llvm.sin.f64']), self.leaf())

    def try_op(self, depth):
        r = self.rng
        c = r.choices(['bin', 'div', 'un', 'bin2', 'tern', 'sel'], [8, 2, 5, 2, 1, 2])[0]
        sub = lambda: self.expr(depth - 1)
        if c == 'bin':
            return ('bin', r.choice(['fadd', 'fsub', 'fmul', 'fmul']), sub(), sub())
        if c == 'div':
            dk = r.choice(['const', 'sq', 'abs'])
            if dk == 'const':
                cv = r.choice([0.5, 2.0, -1.5, 3.0, 0.75])
                return ('div', sub(), 'const', abs(cv), cv, None)
            cv = r.choice([0.5, 1.0, 2.0])
            return ('div', sub(), dk, cv, cv, sub())
        if c == 'un':
            name = r.choice(list(UNARY))
            if name in ('floor', 'round', 'itrip', 'acosw') and r.random() < 0.6:
                name = 'sin'
            if name == 'ftrip' and r.random() < 0.7:
                name = 'cos'
            bfn, libm, intr = UNARY[name]
            a = sub()
            if bfn(bound(a)) is None:
                return None
            spell = r.choice([s for s in (libm, intr) if s] or [None])
            extra = None
            if name == 'powq':
                extra = r.choice([0.5, 1.5, 2.0, 3.0]) if bound(a) < 4 else 0.5
            if name == 'powi':
                extra = 3 if bound(a) < 12 else 2
            if name == 'powq' and extra * math.log(bound(a) ** 2 + 1) > math.log(BMAX):
                extra = 0.5
            return ('un', name, spell, a, extra)
        if c == 'bin2':
            name = r.choice(list(BINARY))
            libm, intr = BINARY[name]
            return ('bin2', name, r.choice([s for s in (libm, intr) if s]), sub(), sub())
        if c == 'tern':
            # No llvm.fmuladd: whether it fuses is left to the backend, so a program comparing its
            # result exactly (fcmp une against an fma) is not deterministic (seed 62, case 33).
            return ('tern', r.choice(['llvm.fma.f64', 'fma']), sub(), sub(), sub())
        return ('sel', r.choice(PREDS), sub(), sub(), sub(), sub())

    def squash(self, e, to=B):
        b = bound(e)
        if b <= to:
            return e
        r = self.rng
        c = r.choice(['sin', 'cos', 'tanh', 'scale', 'scale', 'atan'])
        if c == 'scale':
            return ('bin', 'fmul', e, ('const', to / b))
        spell = r.choice([s for s in UNARY[c][1:] if s])
        out = ('un', c, spell, e, None)
        return out if bound(out) <= to else ('bin', 'fmul', out, ('const', to / bound(out)))

    # -- statements
    def stmts(self, n, depth):
        return [s for s in (self.stmt(depth) for _ in range(n)) if s is not None]

    def stmt(self, depth):
        r = self.rng
        w = {'assign': 6, 'store': 6, 'copy': 7, 'vec': 3, 'if': 2, 'switch': 1, 'loop': 2, 'call': 2, 'selptr': 1,
             'memset': 1, 'ret_if': 1}
        if depth >= 2:
            w['if'] = w['switch'] = w['loop'] = 0
        if not self.helpers:
            w['call'] = 0
        c = r.choices(list(w), list(w.values()))[0]
        if c == 'assign' and self.fn['slots']:
            return ('assign', r.randrange(self.fn['slots']), self.squash(self.expr(r.randint(1, 3))))
        if c in ('assign', 'store'):
            aref, n = r.choice(self.arefs())
            return ('store', aref, self.idx(n), self.squash(self.expr(r.randint(1, 3))))
        if c == 'copy':
            return self.copy()
        if c == 'ret_if':  # an early return (the function's return expression, evaluated here)
            return ('ret_if', r.choice(PREDS), self.expr(2), self.expr(1))
        if c == 'memset':
            width = r.choice([1, 1, 2, 3])
            cands = [(a, n) for a, n in self.arefs(width) if a[0] != 's' or r.random() < 0.3]
            if not cands:
                return None
            aref, n = r.choice(cands)
            return ('memset', aref, self.idx(n, width, False), width)
        if c == 'vec':
            cands = self.arefs(2)
            if not cands:
                return self.copy()
            aref, n = r.choice(cands)
            kind = r.choice(VECK)
            e = self.squash(self.expr(2), 1.0 if kind == 'vsplat' else B)
            if kind == 'vext':
                dst, dn = r.choice(self.arefs())
                return ('vec', kind, aref, self.idx(n, 2, False), e, (dst, self.idx(dn)))
            return ('vec', kind, aref, self.idx(n, 2, False), e, None)
        if c == 'if':
            return ('if', r.choice(PREDS), self.expr(2), self.expr(2), self.stmts(r.randint(1, 3), depth + 1),
                    self.stmts(r.randint(0, 2), depth + 1))
        if c == 'switch':
            return ('switch', self.expr(2), [self.stmts(r.randint(0, 2), depth + 1) for _ in range(r.randint(1, 3))],
                    self.stmts(r.randint(0, 1), depth + 1))
        if c == 'loop':
            n = r.randint(1, 4)
            self.loops.append(n)
            body = self.stmts(r.randint(1, 4), depth + 1)
            brk = (r.choice(PREDS), self.expr(2), self.expr(1)) if r.random() < 0.3 else None
            self.loops.pop()
            return ('loop', n, body, brk)
        if c == 'call':
            h = r.randrange(len(self.helpers))
            hf = self.helpers[h]
            args = [self.squash(self.expr(2), PB) for _ in range(hf['k'])]
            L = hf['arrays'][0]
            cands = self.arefs(L)
            if not cands:
                return self.copy()
            aref, n = r.choice(cands)
            off = r.randint(0, n - L)
            dst = r.randrange(self.fn['slots']) if hf['ret'] == 'double' and self.fn['slots'] and r.random() < 0.8 else None
            return ('call', h, args, aref, off, dst)
        # selptr
        (a1, n1), (a2, n2), (a3, n3) = (r.choice(self.arefs()) for _ in range(3))
        return ('selptr', r.choice(PREDS), self.expr(2), self.expr(2), (a1, self.idx(n1, 1, False)),
                (a2, self.idx(n2, 1, False)), (a3, self.idx(n3, 1, False)))

    def copy(self):
        r = self.rng
        width = r.choices([1, 2, 3, 4], [6, 5, 1, 1])[0]
        cands = self.arefs(width)
        if not cands:
            width = 1
            cands = self.arefs(1)
        kinds = COPY8 if width == 1 else COPY16 if width == 2 else COPY32
        if ONLY_FLOAT_COPIES or not self.int_copies:
            kinds = [x for x in kinds if x in FLOAT_COPIES]
        kind = r.choice(kinds)
        if kind in ('memcpy32', 'v4i64', 'v8i32', 's4d'):
            width = 4
        elif kind == 'memcpy24':
            width = 3
        cands = self.arefs(width)
        if not cands:
            return None
        if kind == 'memmove_ovl':
            c3 = self.arefs(3)
            if not c3:
                return None
            aref, n = r.choice(c3)
            i = r.randint(0, n - 3)
            src, dst = (i, i + 1) if r.random() < 0.5 else (i + 1, i)
            return ('copy', kind, aref, ('c', src), aref, ('c', dst))
        (sa, sn), (da, dn) = r.choice(cands), r.choice(cands)
        si, di = self.idx(sn, width, False), self.idx(dn, width, False)
        if sa == da and kind in ('memcpy8', 'memcpy16', 'memcpy24', 'memcpy32', 'tmpstruct', 'bytes', 'i32pair', 'v2i32x2'):
            # memcpy needs disjoint ranges (and the byte/half copies would read what they wrote): constants only
            if si[0] != 'c' or di[0] != 'c' or abs(si[1] - di[1]) < width:
                return ('copy', 'double' if width == 1 else 'v2f64' if width == 2 else 'memmove' + str(8 * width),
                        sa, si, da, di)
        return ('copy', kind, sa, si, da, di)


def gen_function(rng, name, k, arrays, ret, helpers, nstmts, int_copies=True):
    fn = {'name': name, 'k': k, 'arrays': arrays, 'ret': ret, 'slots': rng.randint(1, 3),
          'locals': [rng.randint(2, 6) for _ in range(rng.choice([0, 0, 1, 2]))]}
    # local arrays live on the stack, on the heap (malloc/free) or in an internal global scratch
    # buffer (re-initialized on entry, so every call computes the same function)
    fn['local_kinds'] = [rng.choice(['stack', 'stack', 'stack', 'heap', 'global']) for _ in fn['locals']]
    fn['order'] = [('x', i) for i in range(k)] + [('a', j) for j in range(len(arrays))]
    rng.shuffle(fn['order'])
    g = Gen(rng, fn, helpers, int_copies)
    fn['init_slots'] = [('param', rng.randrange(k)) if k and rng.random() < 0.6 else
                        ('const', rng.choice([0.0, 1.0, -0.5, 2.0])) for _ in range(fn['slots'])]
    fn['init_locals'] = []
    for n in fn['locals']:
        src = [(j, m) for j, m in enumerate(arrays) if m >= n]
        if src and rng.random() < 0.5:
            fn['init_locals'].append(('memcpy', rng.choice(src)[0]))
        else:
            fn['init_locals'].append(('consts', [rng.choice([0.0, 0.5, 1.0, -1.0]) for _ in range(n)]))
    fn['body'] = g.stmts(nstmts, 0)
    if ret == 'double':
        e = g.expr(3)
        fn['retexpr'] = g.squash(e, PB if name != 'fz_f' else BMAX / 10)
    else:
        fn['retexpr'] = None
    return fn


def gen_program(rng):
    # 40% of the programs copy doubles only as doubles (memcpy, <2 x double>, aggregates of
    # doubles): llad refuses many integer copies, and one refusal costs the whole program
    int_copies = rng.random() < 0.6
    nh = rng.choice([0, 0, 1, 1, 2])
    helpers = []
    for h in range(nh):
        L = rng.randint(1, 4)
        hret = rng.choice(['double', 'double', 'void'])
        hf = gen_function(rng, f'fz_h{h}', rng.randint(0, 2), [L], hret, list(helpers), rng.randint(1, 5), int_copies)
        hf['attrs'] = rng.choice([('internal', 'fastcc', 'noinline'), ('internal', '', 'noinline'),
                                  ('internal', 'fastcc', ''), ('', '', 'noinline'), ('internal', '', '')])
        helpers.append(hf)
    k = rng.choice([0, 1, 1, 2, 2, 3])
    arrays = [rng.randint(2, 8) for _ in range(rng.choice([1, 1, 1, 2]))]
    ret = 'double' if rng.random() < 0.85 else 'void'
    f = gen_function(rng, 'fz_f', k, arrays, ret, helpers, rng.randint(3, 14), int_copies)
    f['attrs'] = ('', '', 'noinline')
    f['noalias'] = rng.random() < 0.3
    f_driver = gen_driver_config(rng, f)
    if any('global' in fn.get('local_kinds', []) for fn in helpers + [f]):
        f_driver['batch'] = False  # batched forward mode through globals is a documented refusal
    return {'f': f, 'helpers': helpers,
            'pipeline': rng.choice(['none', 'none', 'mem2reg', 'sroa,instcombine<no-verify-fixpoint>,simplifycfg', 'O1', 'O2', 'O2', 'O3']),
            'driver': f_driver}


# -- the C driver's configuration (part of the program; the driver itself: diff_driver.py)

def gen_driver_config(rng, f):
    k = f['k']
    const = [rng.random() < 0.1 for _ in range(k)]
    if k and all(const):
        const[0] = False
    return {
        'inputs_x': [round(rng.choice([-1, 1]) * rng.uniform(0.1, 1.5), 3) for _ in range(k)],
        'inputs_a': [[round(rng.uniform(-1.5, 1.5), 3) for _ in range(n)] for n in f['arrays']],
        'weights': [[round(rng.uniform(-1, 1), 3) for _ in range(n)] for n in f['arrays']],
        'const': const,
        'explicit_fwd': [rng.random() < 0.5 for _ in f['order']],
        'explicit_rev': [rng.random() < 0.5 for _ in f['order']],
        'one_active_as_double': rng.random() < 0.5,
        'split': rng.random() < 0.5,
        'clobber': rng.random() < 0.5,
        'batch': rng.random() < 0.4,
        # forward: arrays passed enzyme_dupnoneed (their primal result need not be written)
        'noneed': [rng.random() < 0.15 for _ in f['arrays']],
        # enzyme_primal_return: {primal, tangent} / {primal, adjoints...}
        'primal_fwd': f['ret'] == 'double' and rng.random() < 0.25,
        'primal_rev': f['ret'] == 'double' and rng.random() < 0.25,
    }
