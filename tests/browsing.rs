//! See: issue 18, item 4. Browsing without a query: `search` with filters alone lists passages in
//! document order; `show` opens a document by its UN symbol and a paragraph by its label; `list`
//! prints the values of the index with their counts; `--per-doc N` keeps N hits per document.

use serde_json::Value;

use super::util::Corpus;

fn json(c: &Corpus, args: &[&str]) -> Value {
    let (code, out, err) = c.run(args);
    assert!(code == 0 || code == 1, "{args:?} exited {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}"))
}

/// (doc_id, passage) of each hit.
fn places(r: &Value) -> Vec<(String, u64)> {
    r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["doc_id"].as_str().unwrap().to_string(), h["passage"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_filter_without_a_query_lists_passages_in_document_order() {
    let c = super::sample();
    c.build();
    let r = json(&c, &["search", "--symbol", "A/79/214", "--format", "json"]);
    let report = "oewg-2021-2025/reports/2024-apr-3";
    let got = places(&r);
    assert!(got.len() >= 3, "{got:?}");
    assert!(got.iter().all(|(id, _)| id == report), "{got:?}");
    assert!(got.windows(2).all(|w| w[0].1 < w[1].1), "passage order: {got:?}");
    assert_eq!(r["total_hits"].as_u64(), Some(got.len() as u64));
    assert_eq!(r["total_documents"].as_u64(), Some(1));
    assert_eq!(r["query"], "");
    // Several documents: by id, then passage; paging continues the same order.
    let all = places(&json(&c, &["search", "--kind", "statement", "--format", "json"]));
    let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    let statements =
        ["oewg-2021-2025/statements/2023-usa", "oewg-2021-2025/statements/2024-russia"];
    assert_eq!(ids, [statements[0], statements[0], statements[1], statements[1]]);
    let page = places(&json(
        &c,
        &["search", "--kind", "statement", "-n", "2", "--offset", "1"]
            .iter()
            .copied()
            .chain(["--format", "json"])
            .collect::<Vec<_>>(),
    ));
    assert_eq!(page, all[1..3]);
    // Every format.
    let (code, out, _) = c.run(&["search", "--symbol", "A/79/214"]);
    assert_eq!(code, 0);
    assert!(out.contains("A/79/214 para 34") && out.contains("in 1 document."), "{out}");
    let (_, out, _) = c.run(&["search", "--symbol", "A/79/214", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), got.len());
    let (_, out, _) = c.run(&["search", "--symbol", "A/79/214", "--format", "csv"]);
    assert_eq!(out.lines().count(), got.len() + 1);
    // Facets count everything in scope; no filter at all is a usage error.
    let r = json(&c, &["search", "--process", "oewg-2021-2025", "--facets", "--format", "json"]);
    assert!(r["facets"]["kind"].as_array().is_some_and(|k| k.len() == 3), "{r}");
    let (code, out, err) = c.run(&["search"]);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("needs a QUERY, or a filter"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // A blank query typed out stays a malformed one without a filter, and browses with one.
    let (code, _, err) = c.run(&["search", ""]);
    assert!(code == 2 && err.contains("empty query"), "{err}");
    assert_eq!(c.run(&["search", "", "--kind", "report"]).0, 0);
    assert_eq!(c.run(&["search", "--symbol", "A/1/1"]).0, 1);
}

#[test]
fn per_doc_keeps_the_best_hits_of_each_document_and_fills_the_page() {
    let c = Corpus::new();
    let fm = "year = 2024\nprocess = \"poa\"";
    // One document whose 200 passages all outrank the others' (ransomware twice in few words).
    let many: Vec<String> = (0..200).map(|i| format!("Ransomware ransomware item {i}.")).collect();
    c.doc("big.md", fm, &many.join("\n\n"));
    for name in ["a", "b", "c", "d"] {
        c.doc(
            &format!("{name}.md"),
            fm,
            &format!("Delegation {name} spoke at length of ransomware among many other words."),
        );
    }
    c.build();
    let plain = places(&json(&c, &["search", "ransomware", "-n", "300", "--format", "json"]));
    let r = json(&c, &["search", "ransomware", "-n", "3", "--per-doc", "1", "--format", "json"]);
    let got = places(&r);
    assert_eq!(got.len(), 3, "the page is filled from other documents: {got:?}");
    let mut ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "{got:?}");
    assert_eq!(got[0], plain[0], "the best hit stays first");
    assert_eq!(r["total_hits"].as_u64(), Some(204), "passages still counted");
    assert_eq!(r["total_documents"].as_u64(), Some(5));
    // The kept hits keep their order in the plain ranking, and the best of each document.
    let r = json(&c, &["search", "ransomware", "-n", "20", "--per-doc", "2", "--format", "json"]);
    let got = places(&r);
    assert_eq!(got.len(), 6);
    let positions: Vec<usize> =
        got.iter().map(|g| plain.iter().position(|p| p == g).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(got[..2], plain[..2]);
    let ranks: Vec<u64> =
        r["hits"].as_array().unwrap().iter().map(|h| h["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=6).collect::<Vec<_>>());
    // Browsing takes it too: the first passage of each document.
    let got =
        places(&json(&c, &["search", "--process", "poa", "--per-doc", "1", "--format", "json"]));
    assert_eq!(got, ["a", "b", "big", "c", "d"].map(|id| (id.to_string(), 0)));
    let (code, _, err) = c.run(&["search", "ransomware", "--per-doc", "0"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn show_opens_a_document_by_symbol_and_a_paragraph_by_label() {
    let c = super::sample();
    c.build();
    let (code, out, err) = c.run(&["show", "a/79/214"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Third annual progress report"), "{out}");
    assert!(out.contains("[para 35]") && out.contains("[para 40]"), "{out}");
    let (code, out, _) = c.run(&["show", "A/79/214", "--para", "35"]);
    assert_eq!(code, 0);
    assert!(out.contains("▶ [para 35] 35. The Group discussed ransomware"), "{out}");
    assert!(!out.contains("[para 34]") && out.contains("cite as: A/79/214 para 35"), "{out}");
    let (_, out, _) =
        c.run(&["show", "oewg-2021-2025/reports/2024-apr-3", "--para", "35", "-C", "1"]);
    assert!(out.contains("[para 34]") && out.contains("▶ [para 35]"), "{out}");
    let r = json(&c, &["show", "A/79/214", "--para", "40", "--format", "json"]);
    assert_eq!(r["para"], "40");
    assert_eq!(r["passages"][0]["citation"], "A/79/214 para 40");
    // An unknown label names labels that exist, closest first.
    let (code, out, err) = c.run(&["show", "A/79/214", "--para", "41"]);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("no paragraph `41`"), "{err}");
    assert!(err.contains("it has e.g. 40,"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (code, _, err) = c.run(&["show", "A/79/214#1", "--para", "34"]);
    assert_eq!(code, 2, "{err}");
    // Unknown symbol: nothing found.
    let (code, _, err) = c.run(&["show", "A/99/999"]);
    assert_eq!(code, 1);
    assert!(err.contains("`A/99/999`"), "{err}");
    // Two documents of one symbol: listed, and neither picked.
    c.doc(
        "digest.md",
        "title = \"A digest\"\nsymbol = \"A/79/214\"\nyear = 2024\nprocess = \"poa\"",
        "Digest text.",
    );
    c.build();
    let (code, out, err) = c.run(&["show", "A/79/214"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("names 2 documents") && err.contains("digest (A digest)"), "{err}");
    assert!(err.contains("oewg-2021-2025/reports/2024-apr-3"), "{err}");
    // Its id still opens it.
    assert_eq!(c.run(&["show", "digest"]).0, 0);
}

#[test]
fn list_prints_values_and_documents_with_counts() {
    let c = super::sample();
    c.build();
    let (code, out, _) = c.run(&["list", "states"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("code") && lines[0].contains("passages"), "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("RUS") && l.contains("Russian Federation")),
        "{out}"
    );
    let ends: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "aligned: {out}");
    let r = json(&c, &["list", "states", "--format", "json"]);
    assert_eq!(r["list"], "states");
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "only states some passage carries: {r}");
    assert_eq!(
        rows[0],
        serde_json::json!({"value": "RUS", "name": "Russian Federation", "passages": 2, "documents": 1})
    );
    let all = json(&c, &["list", "states", "--all", "--format", "json"]);
    assert!(all["rows"].as_array().unwrap().len() > 150);
    // Filters scope the counts.
    let r = json(&c, &["list", "kinds", "--year", "2024", "--format", "json"]);
    let kinds: Vec<&str> =
        r["rows"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["report", "statement"]);
    let (code, out, _) = c.run(&["list", "documents", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("doc_id,symbol,title,year,kind,process,passages\n"), "{out}");
    assert!(
        out.contains(
            "resolutions/A-RES-75-240,A/RES/75/240,Resolution 75/240,2020,resolution,oewg-2021-2025,1\n"
        ),
        "{out}"
    );
    assert_eq!(out.lines().count(), 5);
    let (_, out, _) = c.run(&["list", "documents", "--kind", "statement", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 2);
    let (code, out, _) = c.run(&["list", "processes", "--year", "1990"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "the header alone: {out}");
    let (code, _, err) = c.run(&["list", "countries"]);
    assert_eq!(code, 2, "{err}");
}

/// The bundled corpus: A/80/257 is both the final report and a digest of the permanent
/// mechanism; A/70/174 numbers its norms 13(a) to 13(k).
#[test]
fn bundled_symbols_and_labels() {
    let dir = super::bundled_index();
    let (code, out) = super::bundled(&dir, &["show", "A/70/174", "--para", "13(c)"]);
    assert_eq!(code, 0);
    assert!(out.contains("cite as: A/70/174 para 13(c)"), "{out}");
    assert!(out.contains("knowingly allow their territory"), "{out}");
    let out = super::oewg()
        .arg("--index")
        .arg(dir.path().join("idx"))
        .args(["show", "A/80/257"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("oewg-2021-2025/reports/2025-final-report"), "{err}");
    assert!(err.contains("permanent-mechanism/reports/2025-global-mechanism-elements"), "{err}");
    let (code, out) = super::bundled(&dir, &["list", "documents", "--process", "poa"]);
    assert_eq!(code, 0);
    assert!(out.contains("A/RES/77/37"), "{out}");
}
