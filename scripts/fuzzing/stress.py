"""Part stress: llvm-stress functions wrapped in __enzyme_* requests."""
import os
import re

from .common import TOOL_TIMEOUT, Result, first_line, run, run_llad_case, write


# ----------------------------------------------------------------------------------------------
# part 1: llvm-stress functions wrapped in requests

def marker(style, name, decls):
    """The IR operands of one marker in the given style ('' for implicit)."""
    if style == 'implicit':
        return None
    if style == 'meta':
        return f'metadata !"{name}"'
    decls.add(f'@{name} = external global i32')
    if style == 'addr':
        return f'ptr @{name}'
    return f'i32 %mk_{name}'


def stress_case(tools, work, case_id, rng, keep):
    sseed = rng.randrange(1, 2 ** 31 - 1)
    size = rng.choice([5, 10, 20, 40, 80, 150, 300])
    rc, src, err, to = run([tools.stress, f'-seed={sseed}', f'-size={size}'], TOOL_TIMEOUT)
    if rc != 0:
        return Result(case_id, 'ok', f'llvm-stress failed: {first_line(err)}', note='skipped')
    fname = re.search(r'define void @(autogen_SD\d+)\(([^)]*)\)', src)
    name = fname.group(1)
    ptypes = [p.split()[0] for p in fname.group(2).split(',')]
    pre = rng.choice(['none'] * 6 + ['O1', 'O2', 'mem2reg,instcombine<no-verify-fixpoint>,simplifycfg', 'sroa,gvn'])
    desc = [f'llvm-stress -seed={sseed} -size={size}']
    stress_ll = os.path.join(work, f'{case_id}.stress.ll')
    write(stress_ll, src)
    if pre != 'none':
        passes = f'default<{pre}>' if pre in ('O1', 'O2') else pre
        rc, out, err, to = run([tools.opt, f'-passes={passes}', '-S', stress_ll, '-o', stress_ll], TOOL_TIMEOUT)
        if rc != 0:
            return Result(case_id, 'ok', f'opt {pre} failed on the stress function', note='skipped')
        desc.append(f'opt -passes={passes}')
        with open(stress_ll) as f:
            src = f.read()
        if f'@{name}(' not in src:
            return Result(case_id, 'ok', 'opt removed the function', note='skipped')
    wrapper = rng.random() < 0.3
    style_all = rng.choice(['load', 'addr', 'meta', 'implicit', 'mixed'])
    decls = set()
    body = []
    for i in range(len(ptypes)):
        body.append(f'  %b{i} = alloca [256 x i8], align 64')
        body.append(f'  %db{i} = alloca [256 x i8], align 64')
        body.append(f'  %eb{i} = alloca [256 x i8], align 64')
    for m in ('enzyme_dup', 'enzyme_const', 'enzyme_dupnoneed', 'enzyme_width'):
        body.append(f'  %mk_{m} = load i32, ptr @{m}')
        decls.add(f'@{m} = external global i32')

    acts = [rng.choice(['dup'] * 8 + ['const', 'dupnoneed']) if t == 'ptr' else 'const' for t in ptypes]
    ints = {'i32': rng.choice(['0', '1', '3', '-1', '7']), 'i64': rng.choice(['0', '2', '5', '-3']),
            'i8': rng.choice(['0', '1', '-1', '4']), 'i16': '3', 'i1': 'true'}

    def style():
        return rng.choice(['load', 'addr', 'meta', 'implicit']) if style_all == 'mixed' else style_all

    def args(mode, width=1):
        out = []
        for i, (t, a) in enumerate(zip(ptypes, acts)):
            if mode != 'fwd' and a == 'dupnoneed':
                a = 'dup'
            st = style()
            if a != 'dup' and st == 'implicit' or (t != 'ptr' and st == 'implicit' and rng.random() < 0.5):
                st = 'load'
            if t == 'ptr':
                mk = marker(st, 'enzyme_' + a, decls)
                if mk:
                    out.append(mk)
                out.append(f'ptr %b{i}')
                if a != 'const':
                    out.append(f'ptr %db{i}')
                    if width == 2:
                        out.append(f'ptr %eb{i}')
            else:
                mk = marker(st, 'enzyme_const', decls)
                if mk:
                    out.append(mk)
                out.append(f'{t} {ints.get(t, "0")}')
        return out

    target = f'@{name}'
    extra = ''
    if wrapper:
        target = '@fz_wrap'
        ps = ', '.join(f'{t} %p{i}' for i, t in enumerate(ptypes))
        call_args = ', '.join(f'{t} %p{i}' for i, t in enumerate(ptypes))
        sink = rng.choice([1, 2]) if 'ptr' in ptypes else None
        extra = (f'define double @fz_wrap({ps}, double %x) noinline {{\n'
                 f'  %xx = fmul double %x, %x\n'
                 f'  store double %xx, ptr %p0, align 8\n'
                 f'  call void @{name}({call_args})\n'
                 f'  %r = load double, ptr %p{sink}, align 8\n'
                 f'  %r2 = fadd double %r, %x\n'
                 f'  ret double %r2\n}}\n')
        desc.append('double wrapper')
    kinds = []
    # forward
    fa = args('fwd')
    if wrapper:
        st = style()
        mk = marker(st if st != 'implicit' else 'load', 'enzyme_dup', decls) if rng.random() < 0.5 else None
        fa += ([mk] if mk else []) + ['double 1.5', 'double 1.0']
    fret = 'double' if wrapper else rng.choice(['void', 'double'])
    body.append(f'  {"%fw = " if fret != "void" else ""}call {fret} (ptr, ...) @__enzyme_fwddiff_{fret}(ptr {target}, {", ".join(fa)})')
    decls.add(f'declare {fret} @__enzyme_fwddiff_{fret}(ptr, ...)')
    kinds.append('fwddiff')
    # batched forward
    if rng.random() < 0.25:
        ba = args('fwd', 2)
        if wrapper:
            ba += ['double 1.5', 'double 1.0', 'double 0.5']
        bret = '[2 x double]' if wrapper else 'void'
        st = style()
        wmk = marker('load' if st == 'implicit' else st, 'enzyme_width', decls)
        body.append(f'  {"%bw = " if bret != "void" else ""}call {bret} (ptr, ...) @__enzyme_fwddiff_b(ptr {target}, {wmk}, i32 2, {", ".join(ba)})')
        decls.add(f'declare {bret} @__enzyme_fwddiff_b(ptr, ...)')
        kinds.append('batched fwddiff')
    # reverse
    ra = args('rev')
    if wrapper:
        ra += ['double 1.5']
    rret = 'double' if wrapper else 'void'
    body.append(f'  {"%rv = " if rret != "void" else ""}call {rret} (ptr, ...) @__enzyme_autodiff_{rret}(ptr {target}, {", ".join(ra)})')
    decls.add(f'declare {rret} @__enzyme_autodiff_{rret}(ptr, ...)')
    kinds.append('autodiff')
    # split mode
    if rng.random() < 0.25:
        sa = args('rev')
        if wrapper:
            body.append(f'  %aug = call {{ptr, double}} (ptr, ...) @__enzyme_augmentfwd_w(ptr {target}, {", ".join(sa)}, double 1.5)')
            body.append('  %tape = extractvalue {ptr, double} %aug, 0')
            body.append(f'  %sr = call double (ptr, ...) @__enzyme_reverse_w(ptr {target}, {", ".join(sa)}, double 1.5, double 1.0, ptr %tape)')
            decls.add('declare {ptr, double} @__enzyme_augmentfwd_w(ptr, ...)')
            decls.add('declare double @__enzyme_reverse_w(ptr, ...)')
        else:
            body.append(f'  %tape = call ptr (ptr, ...) @__enzyme_augmentfwd(ptr {target}, {", ".join(sa)})')
            body.append(f'  call void (ptr, ...) @__enzyme_reverse(ptr {target}, {", ".join(sa)}, ptr %tape)')
            decls.add('declare ptr @__enzyme_augmentfwd(ptr, ...)')
            decls.add('declare void @__enzyme_reverse(ptr, ...)')
        kinds.append('split')
    desc.append('markers ' + style_all + ', activities ' + ','.join(acts) + ', requests ' + ' + '.join(kinds))
    text = src.rstrip() + '\n\n' + extra + '\n' + '\n'.join(sorted(decls)) + '\n\ndefine i32 @main() {\nentry:\n' + \
        '\n'.join(body) + '\n  ret i32 0\n}\n'
    return run_llad_case(tools, work, case_id, text, '.ll', keep, '; ' + '\n; '.join(desc))
