//! `--shard I/N`: the I-th of N interleaved parts of an input.
use std::fmt;
use std::str::FromStr;

/// Part `index` (0-based) of `count` interleaved parts: the lines whose
/// `(line number - 1) % count == index`, with 1-based line numbers over the whole input
/// (blank lines included), so that error records keep the original line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Whether the 1-based input line `line` belongs to this shard.
    pub fn contains(&self, line: usize) -> bool {
        line.saturating_sub(1) % self.count == self.index
    }
}

impl Default for Shard {
    /// The whole input: part 0 of 1.
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = || {
            format!(
                "`{s}` is not I/N: I is the 0-based index of this part and N the number of parts, \
                 e.g. 0/4 ... 3/4"
            )
        };
        let (i, n) = s.trim().split_once('/').ok_or_else(form)?;
        let index: usize = i.trim().parse().map_err(|_| form())?;
        let count: usize = n.trim().parse().map_err(|_| form())?;
        if count == 0 {
            return Err(format!("`{s}`: the number of parts N must be at least 1"));
        }
        if index >= count {
            return Err(format!(
                "`{s}`: the part index I counts from 0 and must be less than N, so with N = {count} \
                 it is 0 ... {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!("0/4".parse::<Shard>(), Ok(Shard { index: 0, count: 4 }));
        assert_eq!(" 3 / 4 ".parse::<Shard>(), Ok(Shard { index: 3, count: 4 }));
        assert_eq!("0/1".parse::<Shard>(), Ok(Shard::default()));
        assert!("4/4".parse::<Shard>().unwrap_err().contains("less than N"));
        assert!("0/0".parse::<Shard>().unwrap_err().contains("at least 1"));
        for bad in ["", "1", "a/b", "-1/4", "1/4/2", "1.5/4"] {
            assert!(
                bad.parse::<Shard>().unwrap_err().contains("is not I/N"),
                "{bad}"
            );
        }
    }

    #[test]
    fn parts_are_interleaved_and_cover_every_line_once() {
        let parts: Vec<Shard> = (0..3).map(|index| Shard { index, count: 3 }).collect();
        for line in 1..=100 {
            let owners: Vec<usize> = parts
                .iter()
                .filter(|s| s.contains(line))
                .map(|s| s.index)
                .collect();
            assert_eq!(owners, [(line - 1) % 3]);
        }
        assert!(Shard::default().contains(1) && Shard::default().contains(7));
    }
}
