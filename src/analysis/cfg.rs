//! Control-flow facts: predecessors, dominators (Cooper–Harvey–Kennedy) and which blocks lie on a
//! cycle (run more than once per call).
use crate::ir;
use inkwell::basic_block::BasicBlock;
use inkwell::values::FunctionValue;
use std::collections::{HashMap, HashSet};

pub struct Cfg<'ctx> {
    /// Reachable blocks in reverse post-order.
    pub blocks: Vec<BasicBlock<'ctx>>,
    index: HashMap<BasicBlock<'ctx>, usize>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    idom: Vec<usize>,
    cyclic: Vec<bool>,
}

impl<'ctx> Cfg<'ctx> {
    pub fn new(function: FunctionValue<'ctx>) -> Self {
        let blocks = ir::reverse_post_order(function);
        let index: HashMap<BasicBlock, usize> = blocks.iter().enumerate().map(|(i, b)| (*b, i)).collect();
        let n = blocks.len();
        let mut preds = vec![Vec::new(); n];
        let mut succs = vec![Vec::new(); n];
        for (i, b) in blocks.iter().enumerate() {
            for s in b.get_terminator().map(ir::successors).unwrap_or_default() {
                if let Some(&j) = index.get(&s) {
                    if !succs[i].contains(&j) {
                        succs[i].push(j);
                        preds[j].push(i);
                    }
                }
            }
        }
        // Dominators over RPO numbers.
        let mut idom = vec![usize::MAX; n];
        if n > 0 {
            idom[0] = 0;
        }
        let mut changed = true;
        while changed {
            changed = false;
            for b in 1..n {
                let mut new = usize::MAX;
                for &p in &preds[b] {
                    if idom[p] == usize::MAX {
                        continue;
                    }
                    new = if new == usize::MAX { p } else { intersect(&idom, p, new) };
                }
                if new != idom[b] {
                    idom[b] = new;
                    changed = true;
                }
            }
        }
        // A block is cyclic when it can reach itself.
        let mut cyclic = vec![false; n];
        for start in 0..n {
            let mut seen = HashSet::new();
            let mut work: Vec<usize> = succs[start].clone();
            while let Some(b) = work.pop() {
                if b == start {
                    cyclic[start] = true;
                    break;
                }
                if seen.insert(b) {
                    work.extend(succs[b].iter().copied());
                }
            }
        }
        Cfg { blocks, index, preds, succs, idom, cyclic }
    }

    pub fn contains(&self, b: BasicBlock<'ctx>) -> bool {
        self.index.contains_key(&b)
    }

    /// Distinct reachable predecessors, in a fixed order.
    pub fn preds(&self, b: BasicBlock<'ctx>) -> Vec<BasicBlock<'ctx>> {
        self.index.get(&b).map(|&i| self.preds[i].iter().map(|&p| self.blocks[p]).collect()).unwrap_or_default()
    }

    pub fn succs(&self, b: BasicBlock<'ctx>) -> Vec<BasicBlock<'ctx>> {
        self.index.get(&b).map(|&i| self.succs[i].iter().map(|&s| self.blocks[s]).collect()).unwrap_or_default()
    }

    /// Whether `a` dominates `b` (every path from the entry to `b` passes `a`).
    pub fn dominates(&self, a: BasicBlock<'ctx>, b: BasicBlock<'ctx>) -> bool {
        let (Some(&a), Some(&(mut b))) = (self.index.get(&a), self.index.get(&b)) else { return false };
        loop {
            if a == b {
                return true;
            }
            if b == 0 || self.idom[b] == usize::MAX {
                return false;
            }
            b = self.idom[b];
        }
    }

    /// Whether the block may run more than once per call.
    pub fn in_cycle(&self, b: BasicBlock<'ctx>) -> bool {
        self.index.get(&b).is_some_and(|&i| self.cyclic[i])
    }

    /// Blocks reachable from `b` (not including `b` unless it is on a cycle).
    pub fn reachable_from(&self, b: BasicBlock<'ctx>) -> HashSet<BasicBlock<'ctx>> {
        let mut seen = HashSet::new();
        let Some(&start) = self.index.get(&b) else { return seen };
        let mut work = self.succs[start].clone();
        while let Some(x) = work.pop() {
            if seen.insert(self.blocks[x]) {
                work.extend(self.succs[x].iter().copied());
            }
        }
        seen
    }
}

fn intersect(idom: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while a > b {
            a = idom[a];
        }
        while b > a {
            b = idom[b];
        }
    }
    a
}

/// A natural loop: a header and the blocks that reach a back edge into it without leaving.
#[derive(Debug, Clone)]
pub struct Loop<'ctx> {
    pub header: BasicBlock<'ctx>,
    pub body: HashSet<BasicBlock<'ctx>>,
}

/// The index in `loops` of the innermost loop holding `b` (the smallest body; natural loops nest).
pub fn innermost_loop<'ctx>(loops: &[Loop<'ctx>], b: BasicBlock<'ctx>) -> Option<usize> {
    loops.iter().enumerate().filter(|(_, l)| l.body.contains(&b)).min_by_key(|(_, l)| l.body.len()).map(|(i, _)| i)
}

impl<'ctx> Cfg<'ctx> {
    /// The natural loops (one per header, back edges merged), outermost first.
    pub fn loops(&self) -> Vec<Loop<'ctx>> {
        let mut by_header: Vec<(usize, HashSet<usize>)> = Vec::new();
        for (tail, succs) in self.succs.iter().enumerate() {
            for &head in succs {
                if !self.dominates(self.blocks[head], self.blocks[tail]) {
                    continue;
                }
                let mut body: HashSet<usize> = [head, tail].into_iter().collect();
                let mut work = vec![tail];
                while let Some(b) = work.pop() {
                    if b == head {
                        continue;
                    }
                    for &p in &self.preds[b] {
                        if body.insert(p) {
                            work.push(p);
                        }
                    }
                }
                match by_header.iter_mut().find(|(h, _)| *h == head) {
                    Some((_, existing)) => existing.extend(body),
                    None => by_header.push((head, body)),
                }
            }
        }
        by_header.sort_by_key(|(_, body)| std::cmp::Reverse(body.len()));
        by_header
            .into_iter()
            .map(|(h, body)| Loop { header: self.blocks[h], body: body.into_iter().map(|b| self.blocks[b]).collect() })
            .collect()
    }

    /// Every edge between reachable blocks.
    /// Whether every cycle is a natural loop: each edge back to an earlier block (in reverse
    /// post-order) goes to a block that dominates its source. (An irreducible cycle, entered at
    /// two places through gotos, runs its blocks several times per iteration of a loop around it
    /// without being a loop of its own.)
    pub fn is_reducible(&self) -> bool {
        self.succs.iter().enumerate().all(|(from, ss)| ss.iter().all(|&to| to > from || self.dominates(self.blocks[to], self.blocks[from])))
    }

    pub fn edges(&self) -> Vec<(BasicBlock<'ctx>, BasicBlock<'ctx>)> {
        self.succs.iter().enumerate().flat_map(|(f, ss)| ss.iter().map(move |&t| (f, t))).map(|(f, t)| (self.blocks[f], self.blocks[t])).collect()
    }
}
