//! The two hashes of oewg, each in one place.
//!
//! - [`FastMap`] and [`FastSet`], for in-memory maps keyed by short words and small integers in
//!   the hot loops of indexing (the stemming cache, layout cleanup) and ranking (per-group
//!   document sets): rustc's "Fx" hash from `rustc-hash`, which tantivy already builds. The
//!   standard SipHash, built to resist crafted keys, was 8% of all indexing instructions; a
//!   corpus's words are no attack, and a collision only costs a slower lookup. These hashes may
//!   change with the crate's version, so they are never stored.
//! - [`Fingerprint`] and [`hash64`], for what is stored and compared across runs and versions
//!   (file contents and metadata in the manifest, the vocabularies, the indexed corpus): the
//!   first 64 bits of BLAKE3, a specified algorithm whose values never change.

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<T> = rustc_hash::FxHashSet<T>;

/// The Fx hasher, for `BuildHasherDefault` where a map is not wanted.
pub type FastHasher = rustc_hash::FxHasher;

/// A stable 64-bit fingerprint of bytes fed in pieces (the first 8 bytes of BLAKE3): equal
/// input gives the same value in every run and version of oewg.
#[derive(Default, Clone)]
pub struct Fingerprint(blake3::Hasher);

impl Fingerprint {
    /// An empty fingerprint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(bytes);
        self
    }

    /// The fingerprint of everything fed so far.
    pub fn finish(&self) -> u64 {
        let digest = self.0.finalize();
        u64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"))
    }

    /// [`Fingerprint::finish`] as 16 hex digits, in the digest's byte order.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.finish().swap_bytes())
    }
}

/// The [`Fingerprint`] of `bytes`.
pub fn hash64(bytes: &[u8]) -> u64 {
    Fingerprint::new().update(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored values: a change here makes every index re-read its corpus and must come with a
    /// way to tell old values from new ones.
    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(hash64(b""), 0xa6a1_f9f5_b949_13af);
        assert_eq!(Fingerprint::new().update(b"a").update(b"b").finish(), hash64(b"ab"));
        assert_eq!(Fingerprint::new().hex(), "af1349b9f5f9a1a6");
    }
}
