//! See: issue 16, items 1-3. `oewg rank` on a generated corpus whose counts are known: a trend
//! has a row for every year in scope, zeros included, in time order; every row carries
//! `total_documents` and `doc_share`; small groups are shown and marked, not hidden.

use serde_json::Value;

use super::util::Corpus;

/// Three states; Kenya speaks in 2001 and 2005 only, in long documents (10 passages each);
/// Estonia every odd year in short ones (2 passages); Fiji once, in one passage.
/// "ransomware" is in passage 0 of Kenya 2001, of Estonia 2003 and 2005, and of Fiji's.
fn corpus() -> Corpus {
    let c = Corpus::new();
    let doc = |name: &str, state: &str, year: u64, passages: usize, keyword: bool| {
        let body: Vec<String> = (0..passages)
            .map(|i| {
                let word = if i == 0 && keyword { "ransomware" } else { "dialogue" };
                format!("{}. The delegation spoke of {word} and of trust number {i}.", i + 1)
            })
            .collect();
        c.doc(
            &format!("{name}.md"),
            &format!(
                "year = {year}\nprocess = \"poa\"\nkind = \"statement\"\nstates = [\"{state}\"]"
            ),
            &body.join("\n\n"),
        );
    };
    doc("kenya-2001", "Kenya", 2001, 10, true);
    doc("kenya-2005", "Kenya", 2005, 10, false);
    doc("estonia-2001", "Estonia", 2001, 2, false);
    doc("estonia-2003", "Estonia", 2003, 2, true);
    doc("estonia-2005", "Estonia", 2005, 2, true);
    doc("fiji-2003", "Fiji", 2003, 1, true);
    c.build();
    c
}

fn rank_json(c: &Corpus, args: &[&str]) -> Value {
    let mut full = vec!["rank"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = c.run(&full);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}"))
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().expect("rows")
}

fn column<'a>(v: &'a Value, name: &str) -> Vec<&'a Value> {
    rows(v).iter().map(|r| &r[name]).collect()
}

#[test]
fn a_trend_has_every_year_in_scope_in_time_order_with_zeros() {
    let c = corpus();
    let v = rank_json(&c, &["ransomware", "--by", "year"]);
    let groups: Vec<&str> = rows(&v).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["2001", "2002", "2003", "2004", "2005"]);
    assert_eq!(column(&v, "passages"), [1, 0, 2, 0, 1]);
    assert_eq!(column(&v, "documents"), [1, 0, 2, 0, 1]);
    assert_eq!(column(&v, "total_passages"), [12, 0, 3, 0, 12]);
    assert_eq!(column(&v, "total_documents"), [2, 0, 2, 0, 2]);
    assert_eq!(column(&v, "doc_share"), [0.5, 0.0, 1.0, 0.0, 0.5]);
    assert_eq!(column(&v, "share")[0].as_f64().unwrap(), 1.0 / 12.0);
    assert!(rows(&v)[1]["best"].is_null() && !rows(&v)[0]["best"].is_null());
    assert_eq!(column(&v, "low_support"), [false, true, true, true, false]);

    // The --year filter sets the scope, empty years at both ends included.
    let v = rank_json(&c, &["ransomware", "--by", "year", "--year", "2000..2006"]);
    let groups: Vec<&str> = rows(&v).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["2000", "2001", "2002", "2003", "2004", "2005", "2006"]);
    let v = rank_json(&c, &["ransomware", "--by", "year", "--year", "2001", "--year", "2004.."]);
    let groups: Vec<&str> = rows(&v).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["2001", "2004", "2005"]);

    // A contrast by year is in time order too, and a year that uses neither has no lean.
    let v = rank_json(&c, &["ransomware", "--vs", "dialogue", "--by", "year"]);
    let groups: Vec<&str> = rows(&v).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["2001", "2002", "2003", "2004", "2005"]);
    assert!(rows(&v)[1]["lean"].is_null());
    assert_eq!(column(&v, "documents_a"), [1, 0, 2, 0, 1]);

    // Text: the zero years are drawn.
    let (code, out, _) = c.run(&["rank", "ransomware", "--by", "year"]);
    assert_eq!(code, 0);
    let line_2002 = out.lines().find(|l| l.starts_with("2002")).expect("2002 row");
    assert!(line_2002.ends_with('·'), "{out}");
    // A query nothing matches is still "no results".
    let (code, out, _) = c.run(&["rank", "zebra", "--by", "year"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn shares_by_document_and_small_groups_marked_not_hidden() {
    let c = corpus();
    let v = rank_json(&c, &["ransomware"]);
    let by_group = |name: &str| rows(&v).iter().find(|r| r["group"] == name).cloned();
    let kenya = by_group("Kenya").expect("Kenya");
    assert_eq!((kenya["passages"].as_u64(), kenya["total_passages"].as_u64()), (Some(1), Some(20)));
    assert_eq!(kenya["share"], 0.05);
    assert_eq!(
        (kenya["documents"].as_u64(), kenya["total_documents"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(kenya["doc_share"], 0.5);
    let fiji = by_group("Fiji").expect("a one-passage delegation is shown");
    assert_eq!(fiji["low_support"], true);
    assert_eq!(by_group("Estonia").unwrap()["low_support"], false);
    assert!(v["omitted"].as_array().unwrap().is_empty());

    // Sorted by document share, Kenya (1 of 2 speeches) ranks below Estonia (2 of 3).
    let v = rank_json(&c, &["ransomware", "--sort", "doc-share"]);
    let groups: Vec<&str> = rows(&v).iter().map(|r| r["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["Fiji", "Estonia", "Kenya"]);

    // A threshold hides rows, and the footnote names them.
    let v = rank_json(&c, &["ransomware", "--min-passages", "5"]);
    assert_eq!(v["omitted"], serde_json::json!(["Fiji"]));
    assert_eq!(v["omitted_groups"], 1);
    let (_, out, _) = c.run(&["rank", "ransomware", "--min-passages", "5"]);
    assert!(out.contains("(--min-passages): Fiji"), "{out}");
    let (_, out, _) = c.run(&["rank", "ransomware"]);
    assert!(out.contains("Fiji *") && out.contains("* fewer than 5 passages"), "{out}");
    let (_, out, _) = c.run(&["rank", "ransomware", "--format", "csv"]);
    let header = out.lines().next().unwrap();
    assert!(header.contains("total_documents,share,doc_share"), "{header}");
}
