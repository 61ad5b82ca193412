"""Part diff: a program (diff_gen.py) emitted as -O0-style LLVM IR."""
import struct

from .diff_gen import DECLS


def hexd(v):
    return '0x%016X' % struct.unpack('<Q', struct.pack('<d', v))[0]


class Emit:
    def __init__(self, fn, prog, decls):
        self.fn, self.prog, self.decls = fn, prog, decls
        self.lines, self.allocas, self.n, self.loops = [], [], 0, []

    def t(self):
        self.n += 1
        return f'%t{self.n}'

    def lab(self, base):
        self.n += 1
        return f'{base}{self.n}'

    def ins(self, s):
        self.lines.append('  ' + s)

    def block(self, lab):
        self.lines.append(f'{lab}:')

    def alloca(self, ty, align, base='m'):
        self.n += 1
        name = f'%{base}{self.n}'
        self.allocas.append(f'  {name} = alloca {ty}, align {align}')
        return name

    def call(self, ret, callee, args, decl=None):
        self.decls.add(decl or DECLS.get(callee) or
                       f'declare {ret} @{callee}({", ".join(a.split()[0] for a in args)})')
        t = self.t()
        self.ins(f'{t} = call {ret} @{callee}({", ".join(args)})')
        return t

    # -- addresses
    def index(self, idx):
        if idx[0] == 'c':
            return str(idx[1])
        if idx[0] == 'lv':
            slot = self.loops[idx[1]]
            i = self.t()
            self.ins(f'{i} = load i32, ptr {slot}, align 4')
            if idx[2]:
                j = self.t()
                self.ins(f'{j} = add nsw i32 {i}, {idx[2]}')
                i = j
            s = self.t()
            self.ins(f'{s} = sext i32 {i} to i64')
            return s
        v = self.expr(idx[1])
        i, m, z = self.t(), self.t(), self.t()
        self.ins(f'{i} = fptosi double {v} to i32')
        self.ins(f'{m} = and i32 {i}, {idx[2]}')
        self.ins(f'{z} = zext i32 {m} to i64')
        return z

    def addr(self, aref, idx):
        kind, j = aref
        if kind == 's':
            return f'%s{j}'
        i = self.index(idx)
        t = self.t()
        if kind == 'p':
            self.ins(f'{t} = getelementptr inbounds double, ptr %a{j}, i64 {i}')
        elif local_kind(self.fn, j) == 'heap':
            self.ins(f'{t} = getelementptr inbounds double, ptr %l{j}, i64 {i}')
        else:
            n = self.fn['locals'][j]
            self.ins(f'{t} = getelementptr inbounds [{n} x double], ptr {local_base(self.fn, j)}, i64 0, i64 {i}')
        return t

    # -- expressions
    def expr(self, e):
        k = e[0]
        if k == 'const':
            return hexd(e[1])
        if k == 'param':
            return f'%x{e[1]}'
        if k == 'slot':
            t = self.t()
            self.ins(f'{t} = load double, ptr %s{e[1]}, align 8')
            return t
        if k == 'arr':
            p = self.addr(e[1], e[2])
            t = self.t()
            self.ins(f'{t} = load double, ptr {p}, align 8')
            return t
        if k == 'lv':
            i, t = self.t(), self.t()
            self.ins(f'{i} = load i32, ptr {self.loops[e[1]]}, align 4')
            self.ins(f'{t} = sitofp i32 {i} to double')
            return t
        if k == 'bin':
            a, b = self.expr(e[2]), self.expr(e[3])
            t = self.t()
            self.ins(f'{t} = {e[1]} double {a}, {b}')
            return t
        if k == 'div':
            a = self.expr(e[1])
            if e[2] == 'const':
                den = hexd(e[4])
            else:
                d = self.expr(e[5])
                q = self.t()
                if e[2] == 'sq':
                    self.ins(f'{q} = fmul double {d}, {d}')
                else:
                    self.decls.add('declare double @llvm.fabs.f64(double)')
                    self.ins(f'{q} = call double @llvm.fabs.f64(double {d})')
                den = self.t()
                self.ins(f'{den} = fadd double {q}, {hexd(e[3])}')
            t = self.t()
            self.ins(f'{t} = fdiv double {a}, {den}')
            return t
        if k == 'un':
            return self.unary(e)
        if k == 'bin2':
            a, b = self.expr(e[3]), self.expr(e[4])
            if e[1] == 'atan2w':
                q, d = self.t(), self.t()
                self.ins(f'{q} = fmul double {b}, {b}')
                self.ins(f'{d} = fadd double {q}, {hexd(1.0)}')
                b = d
            return self.call('double', e[2], [f'double {a}', f'double {b}'])
        if k == 'tern':
            a, b, c = self.expr(e[2]), self.expr(e[3]), self.expr(e[4])
            return self.call('double', e[1], [f'double {a}', f'double {b}', f'double {c}'])
        if k == 'sel':
            a, b = self.expr(e[2]), self.expr(e[3])
            c = self.t()
            self.ins(f'{c} = fcmp {e[1]} double {a}, {b}')
            x, y = self.expr(e[4]), self.expr(e[5])
            t = self.t()
            self.ins(f'{t} = select i1 {c}, double {x}, double {y}')
            return t
        raise ValueError(k)

    def unary(self, e):
        _, name, spell, sub, extra = e
        a = self.expr(sub)
        if name == 'neg':
            t = self.t()
            self.ins(f'{t} = fneg double {a}')
            return t
        if name == 'itrip':
            i, t = self.t(), self.t()
            self.ins(f'{i} = fptosi double {a} to i32')
            self.ins(f'{t} = sitofp i32 {i} to double')
            return t
        if name == 'ftrip':
            f, g, t = self.t(), self.t(), self.t()
            self.ins(f'{f} = fptrunc double {a} to float')
            self.ins(f'{g} = fmul float {f}, 1.500000e+00')
            self.ins(f'{t} = fpext float {g} to double')
            return t
        if name in ('sqrtq', 'logq', 'log1pq', 'cbrtq', 'powq'):
            q, s = self.t(), self.t()
            self.ins(f'{q} = fmul double {a}, {a}')
            add = {'sqrtq': 2.0, 'logq': 1.0, 'log1pq': 0.0, 'cbrtq': 1.0, 'powq': 1.0}[name]
            self.ins(f'{s} = fadd double {q}, {hexd(add)}')
            a = s
        if name == 'sqrta':
            q, s = self.t(), self.t()
            self.decls.add('declare double @llvm.fabs.f64(double)')
            self.ins(f'{q} = call double @llvm.fabs.f64(double {a})')
            self.ins(f'{s} = fadd double {q}, {hexd(1.0)}')
            a = s
        if name in ('asinw', 'acosw'):
            q, s, d = self.t(), self.t(), self.t()
            self.decls.add('declare double @llvm.fabs.f64(double)')
            self.ins(f'{q} = call double @llvm.fabs.f64(double {a})')
            self.ins(f'{s} = fadd double {q}, {hexd(1.0)}')
            self.ins(f'{d} = fdiv double {a}, {s}')
            h = self.t()
            self.ins(f'{h} = fmul double {d}, {hexd(0.5)}')
            a = h
        if name == 'powq':
            return self.call('double', spell, [f'double {a}', f'double {hexd(extra)}'])
        if name == 'powi':
            return self.call('double', spell, [f'double {a}', f'i32 {extra}'])
        return self.call('double', spell, [f'double {a}'])

    # -- statements
    def stmts(self, ss):
        for s in ss:
            self.stmt(s)

    def ret(self):
        fn = self.fn
        v = self.expr(fn['retexpr']) if fn['ret'] == 'double' else None
        for j in range(len(fn['locals'])):
            if local_kind(fn, j) == 'heap':
                self.ins(f'call void @free(ptr %l{j})')
        self.ins(f'ret double {v}' if v else 'ret void')

    def stmt(self, s):
        k = s[0]
        if k == 'assign':
            v = self.expr(s[2])
            self.ins(f'store double {v}, ptr %s{s[1]}, align 8')
        elif k == 'store':
            v = self.expr(s[3])
            p = self.addr(s[1], s[2])
            self.ins(f'store double {v}, ptr {p}, align 8')
        elif k == 'copy':
            self.copy(*s[1:])
        elif k == 'ret_if':
            a, b = self.expr(s[2]), self.expr(s[3])
            c = self.t()
            self.ins(f'{c} = fcmp {s[1]} double {a}, {b}')
            lr, lc = self.lab('early'), self.lab('cont')
            self.ins(f'br i1 {c}, label %{lr}, label %{lc}')
            self.block(lr)
            self.ret()
            self.block(lc)
        elif k == 'memset':
            p = self.addr(s[1], s[2])
            self.decls.add('declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)')
            self.ins(f'call void @llvm.memset.p0.i64(ptr align 8 {p}, i8 0, i64 {8 * s[3]}, i1 false)')
        elif k == 'vec':
            self.vec(*s[1:])
        elif k == 'if':
            a, b = self.expr(s[2]), self.expr(s[3])
            c = self.t()
            self.ins(f'{c} = fcmp {s[1]} double {a}, {b}')
            lt, le, lj = self.lab('then'), self.lab('else'), self.lab('join')
            self.ins(f'br i1 {c}, label %{lt}, label %{le}')
            self.block(lt)
            self.stmts(s[4])
            self.ins(f'br label %{lj}')
            self.block(le)
            self.stmts(s[5])
            self.ins(f'br label %{lj}')
            self.block(lj)
        elif k == 'switch':
            v = self.expr(s[1])
            i, m = self.t(), self.t()
            self.ins(f'{i} = fptosi double {v} to i32')
            self.ins(f'{m} = and i32 {i}, 3')
            labs = [self.lab('case') for _ in s[2]]
            ld, lj = self.lab('default'), self.lab('join')
            self.ins(f'switch i32 {m}, label %{ld} [ ' + ' '.join(f'i32 {n}, label %{l}' for n, l in enumerate(labs)) + ' ]')
            for l, body in zip(labs, s[2]):
                self.block(l)
                self.stmts(body)
                self.ins(f'br label %{lj}')
            self.block(ld)
            self.stmts(s[3])
            self.ins(f'br label %{lj}')
            self.block(lj)
        elif k == 'loop':
            n, body, brk = s[1], s[2], s[3]
            lv = self.alloca('i32', 4, 'lv')
            self.ins(f'store i32 0, ptr {lv}, align 4')
            lh, lb, ll, lx = self.lab('head'), self.lab('body'), self.lab('latch'), self.lab('exit')
            self.ins(f'br label %{lh}')
            self.block(lh)
            i, c = self.t(), self.t()
            self.ins(f'{i} = load i32, ptr {lv}, align 4')
            self.ins(f'{c} = icmp slt i32 {i}, {n}')
            self.ins(f'br i1 {c}, label %{lb}, label %{lx}')
            self.block(lb)
            self.loops.append(lv)
            self.stmts(body)
            if brk:
                a, b = self.expr(brk[1]), self.expr(brk[2])
                c2 = self.t()
                self.ins(f'{c2} = fcmp {brk[0]} double {a}, {b}')
                self.ins(f'br i1 {c2}, label %{lx}, label %{ll}')
            else:
                self.ins(f'br label %{ll}')
            self.loops.pop()
            self.block(ll)
            i2, i3 = self.t(), self.t()
            self.ins(f'{i2} = load i32, ptr {lv}, align 4')
            self.ins(f'{i3} = add nsw i32 {i2}, 1')
            self.ins(f'store i32 {i3}, ptr {lv}, align 4')
            self.ins(f'br label %{lh}')
            self.block(lx)
        elif k == 'call':
            h, args, aref, off, dst = s[1:]
            hf = self.prog['helpers'][h]
            vals = [f'double {self.expr(a)}' for a in args]
            p = self.addr(aref, ('c', off))
            ops = [vals[i] if kind == 'x' else f'ptr {p}' for kind, i in hf['order']]
            cc = (hf['attrs'][1] + ' ') if hf['attrs'][1] else ''
            if hf['ret'] == 'double':
                t = self.t()
                self.ins(f'{t} = call {cc}double @{hf["name"]}({", ".join(ops)})')
                if dst is not None:
                    self.ins(f'store double {t}, ptr %s{dst}, align 8')
            else:
                self.ins(f'call {cc}void @{hf["name"]}({", ".join(ops)})')
        elif k == 'selptr':
            a, b = self.expr(s[2]), self.expr(s[3])
            c = self.t()
            self.ins(f'{c} = fcmp {s[1]} double {a}, {b}')
            p1 = self.addr(*s[4])
            p2 = self.addr(*s[5])
            p = self.t()
            self.ins(f'{p} = select i1 {c}, ptr {p1}, ptr {p2}')
            v = self.t()
            self.ins(f'{v} = load double, ptr {p}, align 8')
            d = self.addr(*s[6])
            self.ins(f'store double {v}, ptr {d}, align 8')
        else:
            raise ValueError(k)

    def copy(self, kind, sa, si, da, di):
        src = self.addr(sa, si)
        dst = self.addr(da, di)

        def ls(ty, align=8):
            t = self.t()
            self.ins(f'{t} = load {ty}, ptr {src}, align {align}')
            self.ins(f'store {ty} {t}, ptr {dst}, align {align}')

        simple = {'double': 'double', 'i64': 'i64', 'v2i32': '<2 x i32>', 'v8i8': '<8 x i8>', 'a2i32': '[2 x i32]',
                  's2i32': '{ i32, i32 }', 'v1i64': '<1 x i64>', 'v2f64': '<2 x double>', 'v4i32': '<4 x i32>',
                  'i128': 'i128', 'v2i64': '<2 x i64>', 'sdd': '{ double, double }', 'a2d': '[2 x double]',
                  'sid': '{ i64, double }', 'v4i64': '<4 x i64>', 'v8i32': '<8 x i32>',
                  's4d': '{ double, double, double, double }'}
        if kind in simple:
            ls(simple[kind])
        elif kind.startswith('memcpy') or kind.startswith('memmove'):
            nbytes = {'memcpy8': 8, 'memmove8': 8, 'memcpy16': 16, 'memcpy24': 24, 'memcpy32': 32, 'memmove_ovl': 16,
                      'memmove16': 16, 'memmove24': 24, 'memmove32': 32}[kind]
            fn = 'memcpy' if kind.startswith('memcpy') else 'memmove'
            self.decls.add(DECLS['llvm.' + fn])
            self.ins(f'call void @llvm.{fn}.p0.p0.i64(ptr align 8 {dst}, ptr align 8 {src}, i64 {nbytes}, i1 false)')
        elif kind in ('i64slot', 'i64slotd', 'i128slot'):
            ty = 'i128' if kind == 'i128slot' else 'i64'
            slot = self.alloca(ty, 16 if ty == 'i128' else 8, 'islot')
            t = self.t()
            self.ins(f'{t} = load {ty}, ptr {src}, align 8')
            self.ins(f'store {ty} {t}, ptr {slot}, align 8')
            if kind == 'i64slotd':
                u = self.t()
                self.ins(f'{u} = load double, ptr {slot}, align 8')
                self.ins(f'store double {u}, ptr {dst}, align 8')
            else:
                u = self.t()
                self.ins(f'{u} = load {ty}, ptr {slot}, align 8')
                self.ins(f'store {ty} {u}, ptr {dst}, align 8')
        elif kind in ('i32pair', 'v2i32x2'):
            ty, step, count = ('i32', 4, 2) if kind == 'i32pair' else ('<2 x i32>', 8, 2)
            vals = []
            for h in range(count):
                p = src if h == 0 else self.t()
                if h:
                    self.ins(f'{p} = getelementptr inbounds i8, ptr {src}, i64 {step * h}')
                v = self.t()
                self.ins(f'{v} = load {ty}, ptr {p}, align {step}')
                vals.append(v)
            for h, v in enumerate(vals):
                p = dst if h == 0 else self.t()
                if h:
                    self.ins(f'{p} = getelementptr inbounds i8, ptr {dst}, i64 {step * h}')
                self.ins(f'store {ty} {v}, ptr {p}, align {step}')
        elif kind == 'bytes':
            vals = []
            for b in range(8):
                p = self.t()
                self.ins(f'{p} = getelementptr inbounds i8, ptr {src}, i64 {b}')
                v = self.t()
                self.ins(f'{v} = load i8, ptr {p}, align 1')
                vals.append(v)
            for b, v in enumerate(vals):
                p = self.t()
                self.ins(f'{p} = getelementptr inbounds i8, ptr {dst}, i64 {b}')
                self.ins(f'store i8 {v}, ptr {p}, align 1')
        elif kind in ('v4i32swap', 'v2i64swap'):
            ty, mask = ('<4 x i32>', '<4 x i32> <i32 2, i32 3, i32 0, i32 1>') if kind == 'v4i32swap' else \
                ('<2 x i64>', '<2 x i32> <i32 1, i32 0>')
            v, w = self.t(), self.t()
            self.ins(f'{v} = load {ty}, ptr {src}, align 8')
            self.ins(f'{w} = shufflevector {ty} {v}, {ty} poison, {mask}')
            self.ins(f'store {ty} {w}, ptr {dst}, align 8')
        elif kind == 'sddswap':
            v, a, b, x, y = self.t(), self.t(), self.t(), self.t(), self.t()
            self.ins(f'{v} = load {{ double, double }}, ptr {src}, align 8')
            self.ins(f'{a} = extractvalue {{ double, double }} {v}, 0')
            self.ins(f'{b} = extractvalue {{ double, double }} {v}, 1')
            self.ins(f'{x} = insertvalue {{ double, double }} poison, double {b}, 0')
            self.ins(f'{y} = insertvalue {{ double, double }} {x}, double {a}, 1')
            self.ins(f'store {{ double, double }} {y}, ptr {dst}, align 8')
        elif kind == 'tmpstruct':
            tmp = self.alloca('{ double, double }', 8, 'tmp')
            self.decls.add(DECLS['llvm.memcpy'])
            self.ins(f'call void @llvm.memcpy.p0.p0.i64(ptr align 8 {tmp}, ptr align 8 {src}, i64 16, i1 false)')
            self.ins(f'call void @llvm.memcpy.p0.p0.i64(ptr align 8 {dst}, ptr align 8 {tmp}, i64 16, i1 false)')
        else:
            raise ValueError(kind)

    def vec(self, kind, aref, idx, e, dst):
        p = self.addr(aref, idx)
        v = self.t()
        V = '<2 x double>'
        self.ins(f'{v} = load {V}, ptr {p}, align 8')
        if kind == 'vsplat':
            s = self.expr(e)
            h, i, sp, m, c = self.t(), self.t(), self.t(), self.t(), self.t()
            self.ins(f'{h} = fmul double {s}, {hexd(0.5)}')
            self.ins(f'{i} = insertelement {V} poison, double {h}, i64 0')
            self.ins(f'{sp} = shufflevector {V} {i}, {V} poison, <2 x i32> zeroinitializer')
            self.ins(f'{m} = fmul {V} {v}, {sp}')
            self.ins(f'{c} = fadd {V} {m}, <double {hexd(1.0)}, double {hexd(-2.0)}>')
            self.ins(f'store {V} {c}, ptr {p}, align 8')
        elif kind in ('vsin', 'vcos'):
            fn = 'llvm.sin.v2f64' if kind == 'vsin' else 'llvm.cos.v2f64'
            self.decls.add(DECLS[fn])
            w = self.t()
            self.ins(f'{w} = call {V} @{fn}({V} {v})')
            self.ins(f'store {V} {w}, ptr {p}, align 8')
        elif kind == 'vins':
            s = self.expr(e)
            x, m, w = self.t(), self.t(), self.t()
            self.ins(f'{x} = extractelement {V} {v}, i64 1')
            self.ins(f'{m} = fmul double {x}, {hexd(0.5)}')
            self.ins(f'{w} = insertelement {V} {v}, double {s}, i64 0')
            w2 = self.t()
            self.ins(f'{w2} = insertelement {V} {w}, double {m}, i64 1')
            self.ins(f'store {V} {w2}, ptr {p}, align 8')
        elif kind == 'vext':
            x = self.t()
            self.ins(f'{x} = extractelement {V} {v}, i64 1')
            d = self.addr(*dst)
            self.ins(f'store double {x}, ptr {d}, align 8')
        elif kind == 'agg':
            T = '{ double, double }'
            ag, a, b, m, x, y = self.t(), self.t(), self.t(), self.t(), self.t(), self.t()
            self.ins(f'{ag} = load {T}, ptr {p}, align 8')
            self.ins(f'{a} = extractvalue {T} {ag}, 0')
            self.ins(f'{b} = extractvalue {T} {ag}, 1')
            self.ins(f'{m} = fmul double {a}, {b}')
            self.decls.add('declare double @llvm.sin.f64(double)')
            sm = self.t()
            self.ins(f'{sm} = call double @llvm.sin.f64(double {m})')
            self.ins(f'{x} = insertvalue {T} {ag}, double {sm}, 1')
            self.ins(f'{y} = insertvalue {T} {x}, double {b}, 0')
            self.ins(f'store {T} {y}, ptr {p}, align 8')
        elif kind == 'vreduce':
            self.decls.add(DECLS['llvm.vector.reduce.fadd.v2f64'])
            r, h = self.t(), self.t()
            self.ins(f'{r} = call double @llvm.vector.reduce.fadd.v2f64(double {hexd(0.0)}, {V} {v})')
            self.ins(f'{h} = fmul double {r}, {hexd(0.5)}')
            self.ins(f'store double {h}, ptr {p}, align 8')
        else:
            raise ValueError(kind)


def local_kind(fn, j):
    return fn.get('local_kinds', ['stack'] * len(fn['locals']))[j]


def local_base(fn, j):
    return f'@{fn["name"]}.g{j}' if local_kind(fn, j) == 'global' else f'%l{j}'


def emit_function(fn, prog, decls):
    em = Emit(fn, prog, decls)
    params = []
    for kind, i in fn['order']:
        if kind == 'x':
            params.append(f'double noundef %x{i}')
        else:
            params.append(f'ptr {"noalias " if fn.get("noalias") else ""}noundef %a{i}')
    for j in range(fn['slots']):
        em.allocas.append(f'  %s{j} = alloca double, align 8')
    for j, n in enumerate(fn['locals']):
        if local_kind(fn, j) == 'stack':
            em.allocas.append(f'  %l{j} = alloca [{n} x double], align 16')
        elif local_kind(fn, j) == 'heap':
            decls.add('declare noalias ptr @malloc(i64)')
            decls.add('declare void @free(ptr)')
            em.ins(f'%l{j} = call noalias ptr @malloc(i64 {8 * n})')
        else:
            decls.add(f'{local_base(fn, j)} = internal global [{n} x double] zeroinitializer, align 16')
    for j, init in enumerate(fn['init_slots']):
        em.ins(f'store double {em.expr(init)}, ptr %s{j}, align 8')
    for j, init in enumerate(fn['init_locals']):
        n = fn['locals'][j]
        if init[0] == 'memcpy':
            decls.add(DECLS['llvm.memcpy'])
            em.ins(f'call void @llvm.memcpy.p0.p0.i64(ptr align 8 {local_base(fn, j)}, ptr align 8 %a{init[1]}, '
                   f'i64 {8 * n}, i1 false)')
        else:
            for i, v in enumerate(init[1]):
                p = em.addr(('l', j), ('c', i))
                em.ins(f'store double {hexd(v)}, ptr {p}, align 8')
    em.stmts(fn['body'])
    em.ret()
    linkage, cc, inl = fn['attrs']
    head = ' '.join(x for x in ('define', linkage, cc, fn['ret'], f'@{fn["name"]}({", ".join(params)})', inl, 'nounwind') if x)
    return head + ' {\nentry:\n' + '\n'.join(em.allocas) + '\n' + '\n'.join(em.lines) + '\n}\n'


def called_helpers(x, out):
    if isinstance(x, (list, tuple)):
        if len(x) == 6 and x[0] == 'call' and isinstance(x[1], int):
            out.add(x[1])
        for y in x:
            called_helpers(y, out)
    return out


def emit_program(prog, target):
    decls = set()
    live, todo = set(), called_helpers(prog['f']['body'], set())
    while todo:  # only helpers reachable from fz_f (reductions leave others unused)
        h = todo.pop()
        if h not in live:
            live.add(h)
            todo |= called_helpers(prog['helpers'][h]['body'], set())
    funcs = [emit_function(h, prog, decls) for i, h in enumerate(prog['helpers']) if i in live]
    funcs.append(emit_function(prog['f'], prog, decls))
    return target + '\n' + '\n'.join(funcs) + '\n' + '\n'.join(sorted(decls)) + '\n'
