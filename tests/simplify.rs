//! See: issue 17. Simplifying the query and output side kept the behaviour, but for the defects
//! the issue names: these tests fail on the code before it.

use super::util::Corpus;

fn corpus() -> Corpus {
    let c = Corpus::new();
    c.doc(
        "a.md",
        "year = 2021\nprocess = \"poa\"\nkind = \"statement\"\nstates = [\"Brazil\"]",
        "Ransomware against hospitals is a threat.\n\nCapacity building helps.",
    );
    c.doc(
        "b.md",
        "year = 2023\nprocess = \"oewg-2021-2025\"\nkind = \"report\"",
        "Ransomware again.",
    );
    c.build();
    c
}

/// `--field process` (and `processes`) was refused: plurals were read by trimming every `s`.
#[test]
fn facets_field_process_is_a_facet_field() {
    let c = corpus();
    for name in ["process", "processes", "Process"] {
        let (code, out, err) = c.run(&["facets", "--field", name, "--format", "csv"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("process,poa,2,1\n"), "{name}: {out}");
    }
}

/// `stats --format jsonl` printed the JSON object; its records are now its facet counts, one a
/// line, as `facets --format jsonl` prints them, and its CSV the same records.
#[test]
fn stats_jsonl_prints_one_facet_value_a_line_like_facets() {
    let c = corpus();
    let (code, stats, _) = c.run(&["stats", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let (_, facets, _) = c.run(&["facets", "--format", "jsonl"]);
    assert_eq!(stats, facets);
    let rows: Vec<serde_json::Value> =
        stats.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.len() > 1, "{stats}");
    for row in &rows {
        let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["documents", "field", "passages", "value"], "{row}");
    }
    assert!(stats.contains(r#"{"field":"process","value":"poa","passages":2,"documents":1}"#));
    let (_, csv, _) = c.run(&["stats", "--format", "csv"]);
    assert_eq!(csv.lines().count(), rows.len() + 1, "{csv}");
    assert!(csv.starts_with("field,value,passages,documents\n"), "{csv}");
}

/// Search CSV has a column for every JSON hit field (`digest` was lost once), even without hits.
#[test]
fn search_csv_has_every_json_hit_field() {
    let c = corpus();
    let (_, json, _) = c.run(&["search", "ransomware", "--format", "jsonl"]);
    let hit: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    let mut fields: Vec<&str> = hit.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort();
    for query in ["ransomware", "nothingmatches"] {
        let (_, csv, _) = c.run(&["search", query, "--format", "csv"]);
        let mut header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        assert!(header.contains(&"digest"), "{csv}");
        header.sort();
        assert_eq!(header, fields);
    }
}
