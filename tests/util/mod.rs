//! Test helpers: a scrubbed `oewg` command and a corpus builder in a temporary folder.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// `oewg` with no colour and no `OEWG_INDEX` from the environment.
pub fn oewg() -> Command {
    let mut cmd = Command::cargo_bin("oewg").expect("binary built");
    cmd.env_remove("OEWG_INDEX").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    // Text output to a pipe is printed whole unless a width is asked for.
    cmd.env_remove("COLUMNS");
    cmd.arg("--color").arg("never");
    cmd
}

/// A temporary corpus folder and index folder.
pub struct Corpus {
    /// Holds `corpus/` and `index/`.
    pub dir: TempDir,
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Self {
        let dir = TempDir::new().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus dir");
        Corpus { dir }
    }

    /// Writes `corpus/<rel>`.
    pub fn file(&self, rel: &str, content: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
        self
    }

    /// Writes a document with TOML front matter.
    pub fn doc(&self, rel: &str, front_matter: &str, body: &str) -> &Self {
        self.file(rel, &format!("+++\n{front_matter}\n+++\n\n{body}\n"))
    }

    /// The corpus root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// The index folder.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `oewg --index <index> ARGS...` run from the temp dir.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = oewg();
        cmd.current_dir(self.dir.path()).arg("--index").arg(self.index()).args(args);
        cmd
    }

    /// Runs `oewg index --corpus <root>` and asserts success.
    pub fn build(&self) -> std::process::Output {
        let out = self.cmd(&["index", "--corpus"]).arg(self.root()).output().expect("runs");
        assert!(out.status.success(), "index failed: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// Runs a command and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// A small deterministic random generator (xorshift64*), so generated corpora are reproducible.
pub struct Rng(pub u64);

impl Rng {
    /// Next value.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A file of the repository (e.g. `index-schema/schema.toml`).
pub fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}
