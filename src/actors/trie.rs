//! A byte trie of the gazetteer's forms, walked from one position to find the longest form that
//! starts there. The gazetteer only counts a match where a word starts, so it needs no more
//! than this: no failure links (an Aho-Corasick automaton computes them for every state, which
//! was a fifth of start-up), and a walk reads only the bytes of the word it starts at.

/// No entry / no child.
const NONE: u32 = u32::MAX;

/// The trie, its nodes' edges flattened into arrays (node 0 is the root).
#[derive(Debug)]
pub(super) struct Trie {
    /// ASCII letters are folded to lower case, in the keys and in the text.
    fold: bool,
    /// The root's child by byte: the first step is one look-up.
    root: Box<[u32; 256]>,
    /// Node `n`'s edges are `edge_byte[edge_start[n]..edge_start[n + 1]]`, to `edge_to[..]`.
    edge_start: Vec<u32>,
    edge_byte: Vec<u8>,
    edge_to: Vec<u32>,
    /// The key that ends at each node (its index in the keys given), or [`NONE`].
    value: Vec<u32>,
}

impl Trie {
    /// A trie of `keys`; with `fold`, ASCII letters match in either case. A key given twice
    /// (or twice up to case, with `fold`) keeps its first index.
    pub(super) fn new<K: AsRef<[u8]>>(keys: &[K], fold: bool) -> Trie {
        // Built with an edge list per node, then flattened.
        let mut edges: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut value = vec![NONE];
        for (i, key) in keys.iter().enumerate() {
            let mut node = 0usize;
            for &b in key.as_ref() {
                let b = if fold { b.to_ascii_lowercase() } else { b };
                node = match edges[node].iter().find(|e| e.0 == b) {
                    Some(e) => e.1 as usize,
                    None => {
                        let child = edges.len();
                        edges[node].push((b, child as u32));
                        edges.push(Vec::new());
                        value.push(NONE);
                        child
                    }
                };
            }
            if node != 0 && value[node] == NONE {
                value[node] = i as u32;
            }
        }
        let mut root = Box::new([NONE; 256]);
        for &(b, to) in &edges[0] {
            root[usize::from(b)] = to;
        }
        let mut edge_start = Vec::with_capacity(edges.len() + 1);
        let (mut edge_byte, mut edge_to) = (Vec::new(), Vec::new());
        for list in &edges {
            edge_start.push(edge_byte.len() as u32);
            for &(b, to) in list {
                edge_byte.push(b);
                edge_to.push(to);
            }
        }
        edge_start.push(edge_byte.len() as u32);
        Trie {
            fold,
            root,
            edge_start,
            edge_byte,
            edge_to,
            value,
        }
    }

    #[inline]
    fn key_byte(&self, b: u8) -> u8 {
        if self.fold {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    /// Whether some key starts with byte `b`.
    #[inline]
    pub(super) fn starts_with_byte(&self, b: u8) -> bool {
        self.root[usize::from(self.key_byte(b))] != NONE
    }

    /// The longest key that `hay[start..end]` starts with: (its index, where it ends in `hay`).
    #[inline]
    pub(super) fn longest_at(
        &self,
        hay: &[u8],
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let hay = hay.get(..end)?;
        let mut node = self.root[usize::from(self.key_byte(*hay.get(start)?))];
        let mut found = None;
        let mut at = start + 1;
        while node != NONE {
            let v = self.value[node as usize];
            if v != NONE {
                found = Some((v as usize, at));
            }
            let Some(&b) = hay.get(at) else {
                break;
            };
            let b = self.key_byte(b);
            let (lo, hi) = (
                self.edge_start[node as usize] as usize,
                self.edge_start[node as usize + 1] as usize,
            );
            node = self.edge_byte[lo..hi]
                .iter()
                .position(|&x| x == b)
                .map_or(NONE, |k| self.edge_to[lo + k]);
            at += 1;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest key `hay[start..end]` starts with, by trying every key; the first of equal
    /// keys wins.
    fn brute(
        keys: &[&str],
        fold: bool,
        hay: &[u8],
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let eq = |a: u8, b: u8| {
            if fold {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        let mut best: Option<(usize, usize)> = None;
        for (i, k) in keys.iter().enumerate() {
            let k = k.as_bytes();
            let fits = !k.is_empty()
                && start + k.len() <= end
                && k.iter().zip(&hay[start..]).all(|(&a, &b)| eq(a, b));
            if fits && best.is_none_or(|(_, e)| start + k.len() > e) {
                best = Some((i, start + k.len()));
            }
        }
        best
    }

    /// Every start and two ends of every string of up to six bytes over a small alphabet, on
    /// keys that nest, overlap, repeat and differ only in case.
    #[test]
    fn longest_at_is_the_longest_key_there() {
        let keys = [
            "a", "ab", "abc", "b", "bca", "ca", "cab", "cbb", "Bb", "the B", "AB", "ab", "é", "éa",
        ];
        let letters: &[&[u8]] = &[b"a", b"b", b"c", b"B", b" ", "é".as_bytes()];
        for fold in [false, true] {
            let trie = Trie::new(&keys, fold);
            let mut found = 0;
            for len in 0..=6u32 {
                for mut code in 0..letters.len().pow(len) {
                    let mut hay = Vec::new();
                    for _ in 0..len {
                        hay.extend_from_slice(letters[code % letters.len()]);
                        code /= letters.len();
                    }
                    for start in 0..hay.len() {
                        for end in [hay.len(), hay.len() - 1] {
                            if end < start {
                                continue;
                            }
                            let want = brute(&keys, fold, &hay, start, end);
                            let got = trie.longest_at(&hay, start, end);
                            assert_eq!(got, want, "{hay:?} from {start} to {end}, fold {fold}");
                            found += usize::from(want.is_some());
                        }
                    }
                }
            }
            assert!(found > 10_000, "{found}");
            assert!(trie.starts_with_byte(b'b') && !trie.starts_with_byte(b'x'));
            assert_eq!(trie.starts_with_byte(b'T'), fold);
        }
    }
}
