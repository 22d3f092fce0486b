//! See: issue 14. What oewg never does to what users indexed: delete files it does not own, take
//! a changed file for an unchanged one, lose documents behind a folder it cannot read, give two
//! documents one id, refuse a read-only index, fail a search because another one is building,
//! leave debris on a full disk, index itself, or drop a corpus without being told to.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::reliability::index_verbose as index;
use super::util::Corpus;
use super::{sample, search_json};

fn hit_count(c: &Corpus, query: &str) -> u64 {
    search_json(c, &[query]).total_hits
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Item 1: a folder that is not an oewg index is refused and nothing in it is touched.
#[test]
fn a_folder_of_other_files_is_refused_and_nothing_in_it_is_deleted() {
    let c = sample();
    let settings = c.dir.path().join("d");
    std::fs::create_dir_all(&settings).unwrap();
    std::fs::write(settings.join("settings.json"), "{\"precious\":1}").unwrap();
    let out = c.cmd(&["--index", "d", "index", "--corpus"]).arg(c.root()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is not an oewg index") && err.contains("settings.json"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(files_in(&settings), ["settings.json"]);
    assert_eq!(
        std::fs::read_to_string(settings.join("settings.json")).unwrap(),
        "{\"precious\":1}"
    );

    // A first search into a folder of exports builds nothing there and removes nothing.
    let exports = c.dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    for name in ["api-dump-1.json", "api-dump-2.json", "0123456789abcdef0123456789abcdef.idx"] {
        std::fs::write(exports.join(name), "[1]").unwrap();
    }
    let before = files_in(&exports);
    let out =
        c.cmd(&["--index", "exports", "search", "x", "--corpus"]).arg(c.root()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("exports") && err.contains("api-dump-1.json"), "{err}");
    assert_eq!(files_in(&exports), before);

    // An index folder carries the marker; a rebuild removes only what oewg wrote.
    c.build();
    assert!(c.index().join("oewg-index.json").is_file());
    std::fs::write(c.index().join("my-notes.json"), "keep me").unwrap();
    std::fs::write(c.index().join("notes.idx"), "keep me too").unwrap();
    let (code, err) = index(&c, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(c.index().join("my-notes.json")).unwrap(), "keep me");
    assert!(c.index().join("notes.idx").is_file());
    assert_eq!(hit_count(&c, "ransomware"), 2);

    // An index built before the marker existed (an oewg commit in meta.json) is still ours.
    std::fs::remove_file(c.index().join("oewg-index.json")).unwrap();
    let (code, err) = index(&c, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert!(c.index().join("oewg-index.json").is_file());
    assert!(c.index().join("my-notes.json").is_file());
}

/// Item 4: a copy left out as a duplicate is indexed when its original changes or goes.
#[test]
fn a_copy_is_indexed_when_its_original_changes_or_goes() {
    let c = Corpus::new();
    let text = "+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe okapi is a forest giraffe.\n";
    c.file("a.txt", text).file("b.txt", text).file("c.txt", text);
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("duplicate of an indexed file"), "{err}");
    assert_eq!(hit_count(&c, "okapi"), 1);
    c.file("a.txt", "+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe zebra has stripes.\n");
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    let r = search_json(&c, &["okapi"]);
    assert_eq!(r.total_hits, 1, "the copy stands in for the changed original: {err}");
    assert_eq!(r.hits[0].doc_id, "b");
    // Its original goes: the next copy is indexed.
    std::fs::remove_file(c.root().join("b.txt")).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    let r = search_json(&c, &["okapi"]);
    assert_eq!((r.total_hits, r.hits[0].doc_id.as_str()), (1, "c"), "{err}");
    assert_eq!(hit_count(&c, "zebra"), 1);
}

/// Item 5: an edit of the same size whose modification time was put back is seen.
#[test]
fn an_edit_with_its_modification_time_put_back_is_seen() {
    let c = Corpus::new();
    let path = c.root().join("a.txt");
    c.file("a.txt", "+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe okapi lives here.\n");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    index(&c, &[]);
    // Older than the racy window, so that only the status-change time can tell.
    std::thread::sleep(Duration::from_millis(2100));
    let (_, err) = index(&c, &[]);
    assert!(err.contains("up to date"), "{err}");
    c.file("a.txt", "+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe zebra lives here.\n");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 updated"), "{err}");
    assert_eq!(hit_count(&c, "zebra"), 1);
    assert_eq!(search_json(&c, &["okapi"]).total_hits, 0);
}

/// Item 6: file names that are not UTF-8 get distinct keys and ids.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_stay_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let c = Corpus::new();
    let name =
        |b: u8| c.root().join(OsStr::from_bytes(&[b'b', b'a', b'd', b, b'.', b't', b'x', b't']));
    let doc =
        |word: &str| format!("+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe {word} is here.\n");
    if std::fs::write(name(0xff), doc("okapi")).is_err() {
        eprintln!("note: this file system refuses names that are not UTF-8; not testing them");
        return;
    }
    std::fs::write(name(0xfe), doc("zebra")).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    let okapi = search_json(&c, &["okapi"]);
    let zebra = search_json(&c, &["zebra"]);
    assert_eq!((okapi.total_hits, zebra.total_hits), (1, 1));
    assert_eq!(okapi.hits[0].doc_id, "bad\\xff");
    assert_eq!(zebra.hits[0].doc_id, "bad\\xfe");
    // Editing one changes only its own passages; deleting one removes only its own.
    std::fs::write(name(0xff), doc("giraffe")).unwrap();
    index(&c, &[]);
    assert_eq!((hit_count(&c, "giraffe"), hit_count(&c, "zebra")), (1, 1));
    assert_eq!(search_json(&c, &["okapi"]).total_hits, 0);
    std::fs::remove_file(name(0xfe)).unwrap();
    let (_, err) = index(&c, &[]);
    assert!(err.contains("1 removed"), "{err}");
    assert_eq!(search_json(&c, &["zebra"]).total_hits, 0);
    assert_eq!(hit_count(&c, "giraffe"), 1);
}

/// Item 7: a folder that cannot be read keeps what was indexed from it, and is an error.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_keeps_its_documents_and_is_an_error() {
    use std::os::unix::fs::symlink;
    let c = sample();
    let elsewhere = c.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("okapi.md"),
        "+++\nyear = 2021\nprocess = \"poa\"\n+++\n\nThe okapi is a forest giraffe.\n",
    )
    .unwrap();
    symlink(&elsewhere, c.root().join("linked")).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(hit_count(&c, "okapi"), 1);
    // The folder the link points to vanishes (an unmounted drive).
    std::fs::rename(&elsewhere, c.dir.path().join("moved")).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("linked") && err.contains("1 files indexed from it before are kept"),
        "{err}"
    );
    assert!(err.contains("0 removed"), "{err}");
    assert_eq!(hit_count(&c, "okapi"), 1);
    // It comes back: nothing to do. It is removed for real: its documents go.
    std::fs::rename(c.dir.path().join("moved"), &elsewhere).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    std::fs::remove_file(c.root().join("linked")).unwrap();
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 removed"), "{err}");
    assert_eq!(search_json(&c, &["okapi"]).total_hits, 0);
}

/// Item 7, without root: a folder without read permission.
#[cfg(unix)]
#[test]
fn a_folder_without_permission_keeps_its_documents() {
    use std::os::unix::fs::PermissionsExt;
    let c = sample();
    c.doc("closed/okapi.md", "year = 2021\nprocess = \"poa\"", "The okapi is a forest giraffe.");
    index(&c, &[]);
    let closed = c.root().join("closed");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&closed).is_ok() {
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "note: running as root, chmod 000 does not stop reading; the symlink test covers it"
        );
        return;
    }
    let (code, err) = index(&c, &[]);
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("closed") && err.contains("kept"), "{err}");
    assert_eq!(hit_count(&c, "okapi"), 1);
}

/// Item 8: an id stays with one document, whatever fails and in whatever order files come.
#[test]
fn two_documents_never_share_an_id() {
    let fm = |id: &str| format!("id = \"{id}\"\nyear = 2021\nprocess = \"poa\"");
    for new_name in ["a-new.md", "z-new.md"] {
        let c = Corpus::new();
        c.doc("m-old.md", &fm("foo"), "The okapi is a forest giraffe.");
        index(&c, &[]);
        // The old holder of `foo` breaks, and a new file claims `foo` in the same run, before or
        // after it in walk order.
        c.file("m-old.md", "+++\nyear = \"soon\"\n+++\n\nThe okapi changed.\n");
        c.doc(new_name, &fm("foo"), "The zebra claims the same id.");
        let (code, err) = index(&c, &[]);
        assert_eq!(code, 2, "{new_name}: {err}");
        assert!(err.contains("duplicate id `foo`"), "{new_name}: {err}");
        let (code, out, _) = c.run(&["show", "foo", "--format", "json"]);
        assert_eq!(code, 0);
        assert!(out.contains("okapi") && !out.contains("zebra"), "{new_name}: {out}");
        assert_eq!(search_json(&c, &["zebra"]).total_hits, 0, "{new_name}");
    }
    // Two files that swap their ids in one run both succeed.
    let c = Corpus::new();
    c.doc("a.md", &fm("foo"), "The okapi is here.").doc("b.md", &fm("bar"), "The zebra is here.");
    index(&c, &[]);
    c.doc("a.md", &fm("bar"), "The okapi is here.").doc("b.md", &fm("foo"), "The zebra is here.");
    let (code, err) = index(&c, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(search_json(&c, &["okapi"]).hits[0].doc_id, "bar");
    assert_eq!(search_json(&c, &["zebra"]).hits[0].doc_id, "foo");
}

/// Runs `oewg` on `c`'s index where it cannot write: through a read-only bind mount where this
/// process is root, else with write permission taken away.
fn run_without_write_access(c: &Corpus, args: &[&str]) -> Option<(i32, String, String)> {
    use std::os::unix::fs::PermissionsExt;
    let mount_point = c.dir.path().join("read-only");
    std::fs::create_dir_all(&mount_point).unwrap();
    let mounted = Command::new("mount")
        .arg("--bind")
        .arg(c.index())
        .arg(&mount_point)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("mount")
            .args(["-o", "remount,ro,bind"])
            .arg(&mount_point)
            .status()
            .is_ok_and(|s| s.success());
    let index = if mounted {
        mount_point.clone()
    } else {
        std::fs::set_permissions(c.index(), std::fs::Permissions::from_mode(0o555)).unwrap();
        c.index()
    };
    if std::fs::write(index.join("probe"), "").is_ok() {
        let _ = std::fs::remove_file(index.join("probe"));
        eprintln!("note: no way to make the index folder read-only here; not testing it");
        return None;
    }
    let out = c.cmd(&[]).arg("--index").arg(&index).args(args).output();
    if mounted {
        let _ = Command::new("umount").arg(&mount_point).status();
    } else {
        std::fs::set_permissions(c.index(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = out.ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Item 9: an index that cannot be written to is searched without a lock file.
#[cfg(unix)]
#[test]
fn an_index_that_cannot_be_written_is_searched() {
    let c = sample();
    c.build();
    // Lock files that a writer left are there, or not: both must work.
    for lock in [".tantivy-meta.lock", "oewg-index.lock"] {
        let _ = std::fs::remove_file(c.index().join(lock));
    }
    let Some((code, out, err)) = run_without_write_access(&c, &["search", "ransomware"]) else {
        return;
    };
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ransomware"), "{out}");
    assert!(!err.contains("rebuild") && !err.contains("Lockfile"), "{err}");
    assert!(files_in(&c.index()).iter().all(|n| !n.ends_with(".tmp")));
    let Some((code, out, err)) = run_without_write_access(&c, &["stats"]) else { return };
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("documents"), "{out}");
}

/// Holds `oewg-index.lock` of `dir` for `seconds`, as a running `oewg index` does.
fn hold_run_lock(dir: &Path, seconds: u32) -> std::process::Child {
    std::fs::create_dir_all(dir).unwrap();
    let child = Command::new("flock")
        .arg(dir.join("oewg-index.lock"))
        .args(["sleep", &seconds.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .expect("flock runs");
    // Until flock holds it.
    for _ in 0..100 {
        let free = Command::new("flock")
            .args(["-n"])
            .arg(dir.join("oewg-index.lock"))
            .arg("true")
            .status()
            .unwrap()
            .success();
        if !free {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

/// Item 11: first searches started together all answer; `--refresh` while another process
/// writes answers from the last commit.
#[test]
fn simultaneous_first_searches_all_answer() {
    let c = sample();
    for i in 0..40 {
        c.doc(
            &format!("bulk/{i:03}.md"),
            "year = 2022\nprocess = \"poa\"",
            &"States discussed capacity and trust at length. ".repeat(50),
        );
    }
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("oewg"));
            cmd.current_dir(c.dir.path())
                .env_remove("OEWG_INDEX")
                .args(["--color", "never", "--index"])
                .arg(c.index())
                .args(["search", "ransomware", "--corpus"])
                .arg(c.root())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("ransomware"));
        assert!(!err.contains("locked"), "{err}");
    }

    // Another writer holds the index: --refresh answers from the last commit and says so.
    let mut holder = hold_run_lock(&c.index(), 3);
    let (code, out, err) = c.run(&["search", "ransomware", "--refresh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ransomware"));
    assert!(err.contains("being updated by another process"), "{err}");
    holder.kill().ok();
    holder.wait().ok();

    // A first build held by another process: the search waits, then builds and answers.
    let other = Corpus::new();
    other.doc("a.md", "year = 2021\nprocess = \"poa\"", "The okapi is here.");
    std::fs::create_dir_all(other.index()).unwrap();
    let mut holder = hold_run_lock(&other.index(), 1);
    let out = other.cmd(&["search", "okapi", "--corpus"]).arg(other.root()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("waiting for it"), "{err}");
    holder.wait().ok();
}

/// A small tmpfs mounted for the test (root only), unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: PathBuf, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(&at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: cannot mount a tmpfs here (needs root); not testing a full disk");
            return None;
        }
        Some(SmallDisk(at))
    }

    /// Fills the disk up with a file of zeros.
    fn fill(&self) {
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=64k"])
            .arg(format!("of={}", self.0.join("filler").display()))
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Item 12: a full disk names the path and says so, keeps the last commit, and leaves no
/// temporary files; a later run does not start over.
#[test]
fn a_full_disk_is_reported_and_loses_nothing() {
    let c = sample();
    let Some(disk) = SmallDisk::mount(c.dir.path().join("disk"), "1m") else { return };
    let idx = disk.0.join("idx");
    let run = |args: &[&str]| {
        let out = c.cmd(&[]).arg("--index").arg(&idx).args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["index", "--corpus", c.root().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // Text that does not compress, far more than the disk holds.
    let mut rng = super::util::Rng(3);
    let words: Vec<String> = (0..60_000)
        .map(|_| (0..8).map(|_| (b'a' + rng.below(26) as u8) as char).collect())
        .collect();
    for i in 0..4 {
        let body: Vec<String> =
            words.chunks(100).skip(i * 150).take(150).map(|c| c.join(" ") + ".").collect();
        c.doc(&format!("big/{i}.md"), "year = 2022\nprocess = \"poa\"", &body.join("\n\n"));
    }
    let (code, _, err) = run(&["index"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.to_lowercase().contains("no space left"), "{err}");
    assert!(err.contains(idx.to_str().unwrap()), "names the index: {err}");
    let (code, out, err) = run(&["search", "ransomware"]);
    assert_eq!(code, 0, "the last commit answers: {err}");
    assert!(out.contains("ransomware"));
    assert!(files_in(&idx).iter().all(|n| !n.ends_with(".tmp")), "{:?}", files_in(&idx));
    // Searches on a disk with no byte left leave nothing behind either.
    for i in 0..4 {
        std::fs::remove_file(c.root().join(format!("big/{i}.md"))).unwrap();
    }
    disk.fill();
    std::thread::sleep(Duration::from_millis(10));
    let _ = std::fs::remove_file(idx.join("oewg-folders-checked.json"));
    let (code, _, err) = run(&["search", "ransomware"]);
    assert_eq!(code, 0, "{err}");
    assert!(files_in(&idx).iter().all(|n| !n.ends_with(".tmp")), "{:?}", files_in(&idx));
    // With room again, the next run updates, it does not start over.
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let (code, _, err) = run(&["index", "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("2 added"), "nothing is re-read from scratch: {err}");
}

/// Item 13: the index inside its corpus is not walked, and another corpus needs --replace.
#[test]
fn the_index_inside_its_corpus_is_not_walked_and_replacing_a_corpus_is_asked_for() {
    let c = sample();
    let inside = c.root().join("idx");
    let run = |args: &[&str]| {
        let out = c.cmd(&[]).arg("--index").arg(&inside).args(args).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&["index", "--verbose", "--corpus", c.root().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 skipped"), "{err}");
    let (code, err) = run(&["index", "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("up to date") && err.contains("0 skipped"), "{err}");
    std::thread::sleep(Duration::from_millis(50));
    let (code, err) = run(&["search", "ransomware"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("corpus changed"), "{err}");

    // Indexing another corpus alone into an index of this one is refused without --replace.
    let ransomware = hit_count(&c, "ransomware");
    let other = c.dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("z.md"), "+++\nyear = 2020\nprocess = \"poa\"\n+++\n\nZebra.\n")
        .unwrap();
    c.build();
    let out = c.cmd(&["index", "--corpus"]).arg(&other).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--replace") && err.contains("would remove"), "{err}");
    assert_eq!(hit_count(&c, "ransomware"), ransomware, "nothing was dropped");
    let out =
        c.cmd(&["index", "--corpus"]).arg(c.root()).arg("--corpus").arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!((hit_count(&c, "ransomware"), hit_count(&c, "zebra")), (ransomware, 1));
    let out = c.cmd(&["index", "--replace", "--corpus"]).arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(search_json(&c, &["ransomware"]).total_hits, 0);
    assert_eq!(hit_count(&c, "zebra"), 1);
}
