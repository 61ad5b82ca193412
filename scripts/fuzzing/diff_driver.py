"""Part diff: the C driver that computes and compares the derivatives of fz_f."""
from .diff_gen import uses_float


# -- the C driver

def gen_driver(prog):
    f, cfg = prog['f'], prog['driver']
    k, arrays, order = f['k'], f['arrays'], f['order']
    offs, nin = [], k
    for n in arrays:
        offs.append(nin)
        nin += n
    names = [f'x{i}' for i in range(k)] + [f'a{j}[{i}]' for j, n in enumerate(arrays) for i in range(n)]
    active = [i for kind, i in order if kind == 'x' and not cfg['const'][i]]  # adjoints come in argument order
    ret = f['ret']
    ptypes = ', '.join('double' if kind == 'x' else 'double *' for kind, _ in order)
    L = []
    A = L.append
    A('#include <math.h>\n#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>')
    A('int enzyme_dup, enzyme_const, enzyme_out, enzyme_dupnoneed, enzyme_width;')
    A(f'extern {ret} fz_f({ptypes});')
    m = len(active)
    if m == 0:
        rtype = 'void'
    elif m == 1 and cfg['one_active_as_double']:
        rtype = 'double'
    else:
        A('typedef struct { ' + ' '.join(f'double d{i};' for i in range(m)) + ' } R;')
        rtype = 'R'
    A(f'{"double" if ret == "double" else "void"} __enzyme_fwddiff_f(void *, ...);')
    A(f'{rtype} __enzyme_autodiff_r(void *, ...);')
    A('int enzyme_primal_return;\ntypedef struct { double primal, tangent; } PT;\nPT __enzyme_fwddiff_pt(void *, ...);')
    m_act = len(active)
    A('typedef struct { double primal; ' + ' '.join(f'double d{i};' for i in range(m_act)) + ' } RP;')
    A(f'{"RP" if m_act else "double"} __enzyme_autodiff_rp(void *, ...);')
    A('static double R0; /* the primal return value at IN0 */')
    A(f'{rtype} __enzyme_reverse_r(void *, ...);')
    A('typedef struct { void *tape; double primal; } Aug;')
    A(f'{"Aug" if ret == "double" else "void *"} __enzyme_augmentfwd_a(void *, ...);')
    A('typedef struct { double l0, l1; } B2;')
    A(f'{"B2" if ret == "double" else "void"} __enzyme_fwddiff_b(void *, ...);')
    A(f'#define NIN {nin}')
    A('static const char *NAMES[NIN] = {' + ', '.join(f'"{n}"' for n in names) + '};')
    init = cfg['inputs_x'] + [v for a in cfg['inputs_a'] for v in a]
    A('static const double IN0[NIN] = {' + ', '.join(repr(float(v)) for v in init) + '};')
    for j, n in enumerate(arrays):
        A(f'static const double W{j}[{n}] = {{' + ', '.join(repr(float(v)) for v in cfg['weights'][j]) + '};')
    A('static int fails, compared, fd_skipped;')
    A('static int close_rel(double a, double b, double tol) {\n'
      '  double s = fmax(1.0, fmax(fabs(a), fabs(b)));\n  return fabs(a - b) <= tol * s;\n}')
    # J(in): objective value, final arrays into fin (NIN doubles, scalar slots unused)
    A('static double J(const double *in, double *fin) {')
    for j, n in enumerate(arrays):
        A(f'  double a{j}[{n}]; memcpy(a{j}, in + {offs[j]}, sizeof a{j});')
    call_args = ', '.join(f'in[{i}]' if kind == 'x' else f'a{i}' for kind, i in order)
    A(f'  double s = {"fz_f(" + call_args + ")" if ret == "double" else "0.0"};')
    A('  if (fin) R0 = s;')
    if ret != 'double':
        A(f'  fz_f({call_args});')
    for j, n in enumerate(arrays):
        A(f'  for (int i = 0; i < {n}; i++) s += W{j}[i] * a{j}[i];')
        A(f'  if (fin) memcpy(fin + {offs[j]}, a{j}, sizeof a{j});')
    A('  return s;\n}')
    A('static void check_state(const char *mode, const double *got, const double *want) {\n'
      '  for (int i = %d; i < NIN; i++)\n'
      '    if (!close_rel(got[i], want[i], 1e-12)) {\n'
      '      fails++; printf("FAIL primal %%s: final %%s = %%.17g, the primal function leaves %%.17g\\n", mode, NAMES[i], got[i], want[i]);\n'
      '    }\n}' % k)

    def setup(shadows, seed_expr):
        """declare x<i>, dx<i>..., a<j>, da<j>... for one request (shadows: number of shadow sets)"""
        out = []
        for i in range(k):
            out.append(f'    double x{i} = IN0[{i}];')
            for s in range(shadows):
                out.append(f'    double dx{i}_{s} = {seed_expr(i, s)};')
        for j, n in enumerate(arrays):
            out.append(f'    double a{j}[{n}]; memcpy(a{j}, IN0 + {offs[j]}, sizeof a{j});')
            for s in range(shadows):
                out.append(f'    double da{j}_{s}[{n}]; for (int q = 0; q < {n}; q++) da{j}_{s}[q] = {seed_expr(f"{offs[j]} + q", s)};')
        return out

    def fwd_args(width):
        out = []
        for pos, (kind, i) in enumerate(order):
            if kind == 'x':
                if cfg['const'][i]:
                    out += ['enzyme_const', f'x{i}']
                else:
                    out += (['enzyme_dup'] if cfg['explicit_fwd'][pos] else []) + [f'x{i}'] + [f'dx{i}_{s}' for s in range(width)]
            else:
                mk = ['enzyme_dupnoneed'] if noneed(i) else ['enzyme_dup'] if cfg['explicit_fwd'][pos] else []
                out += mk + [f'a{i}'] + [f'da{i}_{s}' for s in range(width)]
        return out

    def noneed(j):
        return cfg.get('noneed', [False] * len(arrays))[j]

    def rev_args():
        out = []
        for pos, (kind, i) in enumerate(order):
            if kind == 'x':
                if cfg['const'][i]:
                    out += ['enzyme_const', f'x{i}']
                else:
                    out += (['enzyme_out'] if cfg['explicit_rev'][pos] else []) + [f'x{i}']
            else:
                out += (['enzyme_dup'] if cfg['explicit_rev'][pos] else []) + [f'a{i}', f'da{i}_0']
        return out

    def collect_rev(dst, var):
        out = []
        for r, i in enumerate(active):
            if rtype == 'double':
                out.append(f'    {dst}[{i}] = {var};')
            elif rtype == 'R':
                out.append(f'    {dst}[{i}] = {var}.d{r};')
        for j, n in enumerate(arrays):
            out.append(f'    for (int q = 0; q < {n}; q++) {dst}[{offs[j]} + q] = da{j}_0[q];')
        return out

    def final_state(var):
        out = [f'    double {var}[NIN] = {{0}};']
        for j, n in enumerate(arrays):
            out.append(f'    memcpy({var} + {offs[j]}, a{j}, sizeof a{j});')
        return out

    A('int main(void) {')
    A('  double fin0[NIN] = {0};\n  double J0 = J(IN0, fin0);')
    A('  printf("J %.17g\\n", J0);')
    A('  if (!isfinite(J0)) { printf("SKIP primal not finite\\n"); return 0; }')
    A('  double fwd[NIN], rev[NIN], spl[NIN], bat[NIN], fd1[NIN], fd2[NIN];')
    A('  for (int i = 0; i < NIN; i++) fwd[i] = rev[i] = spl[i] = bat[i] = fd1[i] = fd2[i] = NAN;')
    A('#ifndef PRIMAL_ONLY /* -DPRIMAL_ONLY: the primal and finite differences alone (scripts/fuzz --selftest) */')
    # forward, one direction at a time
    A('  for (int e = 0; e < NIN; e++) {')
    if k:
        A('    if (' + ' || '.join(['0'] + [f'e == {i}' for i in range(k) if cfg['const'][i]]) + ') continue;')
    L.extend(setup(1, lambda i, s: f'(double)({i} == e)'))
    if cfg.get('primal_fwd'):
        A(f'    PT pt = __enzyme_fwddiff_pt((void *)fz_f, enzyme_primal_return, {", ".join(fwd_args(1))});')
        A('    double t = pt.tangent;')
        A('    if (!close_rel(pt.primal, R0, 1e-12)) { fails++; printf("FAIL primal forward: enzyme_primal_return gives %.17g, '
          'the primal function %.17g\\n", pt.primal, R0); }')
    else:
        call = f'__enzyme_fwddiff_f((void *)fz_f, {", ".join(fwd_args(1))})'
        A(f'    double t = {call if ret == "double" else "0.0"};')
        if ret != 'double':
            A(f'    {call};')
    for j, n in enumerate(arrays):
        A(f'    for (int q = 0; q < {n}; q++) t += W{j}[q] * da{j}_0[q];')
    A('    fwd[e] = t;')
    if not any(noneed(j) for j in range(len(arrays))):  # dupnoneed: the primal memory may stay unwritten
        L.extend(final_state('st'))
        A('    check_state("forward", st, fin0);')
    A('  }')
    # batched forward, two directions at a time
    if cfg['batch']:
        A('  for (int e = 0; e + 1 < NIN; e += 2) {')
        L.extend(setup(2, lambda i, s: f'(double)({i} == e + {s})'))
        call = f'__enzyme_fwddiff_b((void *)fz_f, enzyme_width, 2, {", ".join(fwd_args(2))})'
        if ret == 'double':
            A(f'    B2 b = {call};\n    double t0 = b.l0, t1 = b.l1;')
        else:
            A(f'    {call};\n    double t0 = 0.0, t1 = 0.0;')
        for j, n in enumerate(arrays):
            A(f'    for (int q = 0; q < {n}; q++) {{ t0 += W{j}[q] * da{j}_0[q]; t1 += W{j}[q] * da{j}_1[q]; }}')
        A('    bat[e] = t0; bat[e + 1] = t1;')
        for i in range(k):
            if cfg['const'][i]:
                A(f'    bat[{i}] = NAN;')
        L.extend(final_state('st'))
        A('    check_state("batched forward", st, fin0);\n  }')
    # reverse
    A('  {')
    L.extend(setup(1, lambda i, s: '0.0'))
    for j, n in enumerate(arrays):
        A(f'    memcpy(da{j}_0, W{j}, sizeof W{j});')
    if cfg.get('primal_rev'):
        A(f'    {"RP" if m_act else "double"} g = __enzyme_autodiff_rp((void *)fz_f, enzyme_primal_return, {", ".join(rev_args())});')
        A(f'    double rp = g{".primal" if m_act else ""};')
        A('    if (!close_rel(rp, R0, 1e-12)) { fails++; printf("FAIL primal reverse: enzyme_primal_return gives %.17g, '
          'the primal function %.17g\\n", rp, R0); }')
        for r, i in enumerate(active):
            A(f'    rev[{i}] = g.d{r};')
        for j, n in enumerate(arrays):
            A(f'    for (int q = 0; q < {n}; q++) rev[{offs[j]} + q] = da{j}_0[q];')
    else:
        call = f'__enzyme_autodiff_r((void *)fz_f, {", ".join(rev_args())})'
        A(f'    {rtype + " g = " if rtype != "void" else ""}{call};')
        L.extend(collect_rev('rev', 'g'))
    L.extend(final_state('st'))
    A('    check_state("reverse", st, fin0);\n  }')
    # split mode
    if cfg['split']:
        A('  {')
        L.extend(setup(1, lambda i, s: '0.0'))
        aug = f'__enzyme_augmentfwd_a((void *)fz_f, {", ".join(rev_args())})'
        if ret == 'double':
            A(f'    Aug aug = {aug};')
            A('    if (!close_rel(aug.primal, J0 - 0.0' + ''.join(
                f' - ({" + ".join(f"W{j}[{q}] * fin0[{offs[j] + q}]" for q in range(n))})' for j, n in enumerate(arrays)) +
              ', 1e-12)) { fails++; printf("FAIL primal split: augmented forward returns %.17g\\n", aug.primal); }')
            tape = 'aug.tape'
        else:
            A(f'    void *tape = {aug};')
            tape = 'tape'
        L.extend(final_state('st'))
        A('    check_state("augmented forward", st, fin0);')
        if cfg['clobber']:
            for j, n in enumerate(arrays):
                A(f'    for (int q = 0; q < {n}; q++) a{j}[q] = 100.0 + q; /* the reverse must not read these */')
        for j, n in enumerate(arrays):
            A(f'    memcpy(da{j}_0, W{j}, sizeof W{j});')
        rcall = f'__enzyme_reverse_r((void *)fz_f, {", ".join(rev_args() + (["1.0"] if ret == "double" else []) + [tape])})'
        A(f'    {rtype + " g = " if rtype != "void" else ""}{rcall};')
        L.extend(collect_rev('spl', 'g'))
        A('  }')
    A('#endif')
    # finite differences at two step sizes (float-precision programs: larger steps, looser tolerances)
    single = uses_float(prog)
    fd_h, fd_k, fd_stab, fd_tol = ('3e-4', '2', '1e-3', '3e-3') if single else ('1e-6', '8', '1e-5', '1e-4')
    A(f'#define FD_H {fd_h}\n#define FD_K {fd_k}\n#define FD_STABLE {fd_stab}\n#define FD_ACCURACY {fd_tol}')
    A('  for (int e = 0; e < NIN; e++) {\n    double in[NIN]; memcpy(in, IN0, sizeof in);\n'
      '    double h = FD_H * fmax(1.0, fabs(IN0[e]));\n'
      '    in[e] = IN0[e] + h; double p1 = J(in, 0); in[e] = IN0[e] - h; double m1 = J(in, 0);\n'
      '    in[e] = IN0[e] + FD_K * h; double p2 = J(in, 0); in[e] = IN0[e] - FD_K * h; double m2 = J(in, 0);\n'
      '    fd1[e] = (p1 - m1) / (2 * h); fd2[e] = (p2 - m2) / (2 * FD_K * h);\n  }')
    A('#ifdef PRIMAL_ONLY\n  for (int e = 0; e < NIN; e++) {\n'
      '    int stable = isfinite(fd1[e]) && isfinite(fd2[e]) && close_rel(fd1[e], fd2[e], FD_STABLE);\n'
      '    if (!stable) fd_skipped++;\n    if (!isfinite(fd1[e])) { fails++; printf("FAIL fd %s not finite\\n", NAMES[e]); }\n'
      '  }\n#else')
    tol = '1e-5' if single else '1e-9'
    const_test = ' || '.join(['0'] + [f'e == {i}' for i in range(k) if cfg['const'][i]])
    A('''  for (int e = 0; e < NIN; e++) {
    printf("in %-6s fwd % .17g rev % .17g split % .17g batch % .17g fd % .17g fdK % .17g\\n",
           NAMES[e], fwd[e], rev[e], spl[e], bat[e], fd1[e], fd2[e]);
    if (CONST_TEST) continue;
    int stable = isfinite(fd1[e]) && isfinite(fd2[e]) && close_rel(fd1[e], fd2[e], FD_STABLE);
    if (!stable) fd_skipped++;
    const char *what[4] = {"forward", "reverse", "split", "batched forward"};
    double v[4] = {fwd[e], rev[e], spl[e], bat[e]};
    int ref[4] = {-1, 0, 1, 0}; /* reverse vs forward, split vs reverse, batched vs forward */
    int present[4] = {1, 1, SPLIT, BATCH && !(NIN % 2 && e == NIN - 1)};
    for (int w = 0; w < 4; w++) {
      if (!present[w]) continue;
      compared++;
      if (!isfinite(v[w])) {
        fails++; printf("FAIL d/d%s: %s is %.17g (fd %.17g)\\n", NAMES[e], what[w], v[w], fd1[e]); continue;
      }
      if (ref[w] >= 0 && !close_rel(v[w], v[ref[w]], TOL)) {
        fails++; printf("FAIL d/d%s: %s %.17g vs %s %.17g (fd %.17g%s)\\n", NAMES[e], what[w], v[w],
                        what[ref[w]], v[ref[w]], fd1[e], stable ? "" : ", unstable");
      } else if (stable && !close_rel(v[w], fd1[e], FD_ACCURACY)) {
        fails++; printf("FAIL d/d%s: %s %.17g vs finite difference %.17g\\n", NAMES[e], what[w], v[w], fd1[e]);
      }
    }
  }'''.replace('CONST_TEST', const_test).replace('SPLIT', '1' if cfg['split'] else '0')
      .replace('BATCH', '1' if cfg['batch'] else '0').replace('TOL', tol))
    A('#endif')
    A('  printf("checked %d derivatives, finite differences unstable for %d inputs, %d failure(s)\\n", compared, fd_skipped, fails);')
    A('  return fails ? 1 : 0;\n}')
    return '\n'.join(L) + '\n'
