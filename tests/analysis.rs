//! See: issue 21. Text analysis on generated corpora whose counts are planted: the concordance
//! (`kwic`) finds exactly the planted occurrences, `terms` ranks the planted word first with
//! the counts and G² computed here from raw counts, each column of the keyword matrix (`rank
//! --queries`) is the single-query `rank`, and `--plot` writes a well-formed SVG.

use serde_json::Value;

use super::util::Corpus;

/// Filler words that are no stop words, so that `terms` counts them.
const FILLER: &[&str] = &["dialogue", "trust", "capacity", "cooperation", "security", "norms"];

/// Kenya's four statements say "zebra" 30 times in all, Estonia's four twice; every passage is
/// otherwise filler. Years 2001-2004, one statement per state and year.
fn planted() -> Corpus {
    let c = Corpus::new();
    let mut zebras = [30usize, 2];
    for (s, state) in ["Kenya", "Estonia"].iter().enumerate() {
        for year in 2001..=2004u64 {
            let mut passages = Vec::new();
            for p in 0..4usize {
                let mut words: Vec<String> = Vec::new();
                for w in 0..12usize {
                    words.push(FILLER[(w + p + year as usize + s) % FILLER.len()].to_string());
                    // Kenya: two zebras in passages 0-2 of 2001-2003 and 0-1 of 2004 → 30;
                    // Estonia: one in passage 0 of 2001 and 2002 → 2.
                    let wanted = if s == 0 { w < 2 } else { w == 0 && p == 0 && year <= 2002 };
                    if wanted && zebras[s] > 0 && (s == 1 || p < 3 || year < 2004) {
                        words.push(if w == 0 { "Zebra" } else { "zebra" }.to_string());
                        zebras[s] -= 1;
                    }
                }
                passages.push(format!("{}.", words.join(" ")));
            }
            c.doc(
                &format!("{}-{year}.md", state.to_lowercase()),
                &format!(
                    "year = {year}\nprocess = \"poa\"\nkind = \"statement\"\nstates = [\"{state}\"]"
                ),
                &passages.join("\n\n"),
            );
        }
    }
    assert_eq!(zebras, [0, 0], "the plan plants every zebra");
    c.build();
    c
}

fn lines(out: &str) -> Vec<Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn kwic_finds_exactly_the_planted_occurrences() {
    let c = planted();
    let (code, out, err) = c.run(&["kwic", "zebra", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    assert_eq!(rows.len(), 32);
    let kenya = rows.iter().filter(|r| r["doc_id"].as_str().unwrap().starts_with("kenya")).count();
    assert_eq!(kenya, 30);
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6, "{r}");
        assert!(r["match"].as_str().unwrap().eq_ignore_ascii_case("zebra"), "{r}");
        assert!(!r["citation"].as_str().unwrap().is_empty());
        assert!(r["left"].as_str().unwrap().split(' ').count() <= 5, "{r}");
    }
    // Document order: by id, passage, offset; the first zebra of estonia-2001 opens its passage
    // after one word.
    let first = &rows[0];
    assert_eq!(first["doc_id"], "estonia-2001");
    assert_eq!(first["passage"], 0);
    assert_eq!(first["left"].as_str().unwrap().split(' ').count(), 1);
    assert_eq!(first["right"].as_str().unwrap().split(' ').count(), 5);
    // --window, --limit, and CSV from the same records.
    let (_, out, _) = c.run(&["kwic", "zebra", "--window", "2", "--limit", "3", "--format", "csv"]);
    let csv: Vec<&str> = out.lines().collect();
    assert_eq!(csv[0], "doc_id,passage,citation,left,match,right");
    assert_eq!(csv.len(), 4, "{out}");
    // Nothing found: exit 1.
    assert_eq!(c.run(&["kwic", "okapi"]).0, 1);
    assert_eq!(c.run(&["kwic", "zebra", "--state", "Atlantis"]).0, 2);
}

#[test]
fn kwic_sorts_by_context_and_aligns_the_matches() {
    let c = planted();
    let (code, out, _) = c.run(&["kwic", "zebra", "--sort", "left", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = lines(&out);
    let nearest: Vec<String> = rows
        .iter()
        .map(|r| r["left"].as_str().unwrap().rsplit(' ').next().unwrap().to_lowercase())
        .collect();
    let mut sorted = nearest.clone();
    sorted.sort();
    assert_eq!(nearest, sorted, "sorted by the word left of the match");
    let (_, out, _) = c.run(&["kwic", "zebra", "--sort", "right", "--format", "jsonl"]);
    let nearest: Vec<String> = lines(&out)
        .iter()
        .map(|r| r["right"].as_str().unwrap().split(' ').next().unwrap().to_lowercase())
        .collect();
    let mut sorted = nearest.clone();
    sorted.sort();
    assert_eq!(nearest, sorted);
    // Text: the matches stand in one column; the same bytes twice.
    let (code, text, _) = c.run(&["kwic", "zebra", "--sort", "left"]);
    assert_eq!(code, 0);
    let columns: Vec<usize> = text
        .lines()
        .filter(|l| l.contains('['))
        .map(|l| l.chars().take_while(|&ch| ch != '[').count())
        .collect();
    assert_eq!(columns.len(), 32);
    assert!(columns.iter().all(|&col| col == columns[0]), "{text}");
    assert!(text.ends_with("32 occurrences in 17 passages\n"), "{text}");
    assert_eq!(c.run(&["kwic", "zebra", "--sort", "left"]).1, text);
}

fn json(c: &Corpus, args: &[&str]) -> Value {
    let (code, out, err) = c.run(args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}"))
}

#[test]
fn each_matrix_column_is_the_single_query_rank() {
    let c = planted();
    let queries = ["zebra", "dialogue trust", "\"zebra dialogue\"", "okapi"];
    c.file("../queries.txt", &format!("# planted\n{}\n\n", queries.join("\n")));
    for by in ["state", "year"] {
        let m = json(&c, &["rank", "--queries", "queries.txt", "--by", by, "--format", "json"]);
        let rows = m["rows"].as_array().unwrap();
        for q in queries {
            let single = json(&c, &["rank", q, "--by", by, "--format", "json"]);
            let expected: Vec<Value> = single["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let mut cell = serde_json::Map::new();
                    cell.insert("query".into(), q.into());
                    for k in
                        ["group", "passages", "documents", "total_documents", "doc_share", "share"]
                    {
                        cell.insert(k.into(), r[k].clone());
                    }
                    Value::Object(cell)
                })
                .collect();
            let column: Vec<Value> = rows.iter().filter(|r| r["query"] == q).cloned().collect();
            assert_eq!(column, expected, "{by}: {q}");
        }
    }
    // Text: a matrix of groups × queries that fits 80 columns, shares in per cent.
    let (code, text, _) = c.run(&["rank", "--queries", "queries.txt", "--by", "state"]);
    assert_eq!(code, 0);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let kenya = text.lines().find(|l| l.starts_with("Kenya")).unwrap();
    let cells: Vec<&str> = kenya.split_whitespace().collect();
    assert_eq!((cells[1], cells[2], cells[4]), ("100.0", "100.0", "·"), "{text}");
    // stdin, CSV from the same records, and errors that name the input.
    let out = c.cmd(&["rank", "--queries", "-", "--format", "csv"]).write_stdin("zebra\n").output();
    let csv = String::from_utf8(out.unwrap().stdout).unwrap();
    assert!(csv.starts_with("query,group,passages,documents,total_documents,doc_share,share\n"));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    c.file("../bad.txt", "zebra\n\"unclosed\n");
    let (code, _, err) = c.run(&["rank", "--queries", "bad.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.txt line 2"), "{err}");
    let (code, _, err) = c.run(&["rank", "--queries", "missing.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.txt") && err.lines().count() == 1, "{err}");
    assert_eq!(c.run(&["rank", "--queries", "queries.txt", "--state", "Fiji"]).0, 1);
}

/// Elements named `name` in a well-formed XML document (quick-xml stops at any error).
fn xml_elements(svg: &str, name: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut count = 0;
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not XML: {e}\n{svg}")) {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                count += usize::from(AsRef::<str>::as_ref(&e.name()) == name);
            }
            quick_xml::events::Event::Empty(e) => {
                count += usize::from(AsRef::<str>::as_ref(&e.name()) == name)
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element closed");
    count
}

#[test]
fn plot_draws_one_line_per_query_or_side() {
    let c = planted();
    c.file("../queries.txt", "zebra\ndialogue\n\"a & <b>\"\n");
    let svg = c.dir.path().join("trend.svg");
    let svg_arg = svg.to_str().unwrap();
    let (code, _, err) =
        c.run(&["rank", "--queries", "queries.txt", "--by", "year", "--plot", svg_arg]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).unwrap();
    // Three queries, three series; axes (one polyline) and legend aside.
    assert_eq!(xml_elements(&text, "polyline"), 4, "{text}");
    assert_eq!(text.matches("class=\"series\"").count(), 3);
    assert!(text.contains(">year<") && text.contains("doc_share"));
    assert!(text.contains("&quot;a &amp; &lt;b&gt;&quot;"), "legend escaped");
    // Four years: four points per line.
    let line = text.lines().find(|l| l.contains("class=\"series\"")).unwrap();
    let points = line.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(points.split(' ').count(), 4);
    let (code, _, err) =
        c.run(&["rank", "zebra", "--vs", "dialogue", "--by", "year", "--plot", svg_arg]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(text.matches("class=\"series\"").count(), 2);
    assert_eq!(xml_elements(&text, "polyline"), 3);
    let (code, _, err) = c.run(&["rank", "zebra", "--by", "state", "--plot", svg_arg]);
    assert_eq!(code, 2);
    assert!(err.contains("--by year"), "{err}");
}

/// G² of Dunning (1993), computed here from the four raw counts.
fn dunning(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let (e1, e2) = (c * (a + b) / (c + d), d * (a + b) / (c + d));
    let part = |o: f64, e: f64| if o == 0.0 { 0.0 } else { o * (o / e).ln() };
    2.0 * (part(a, e1) + part(b, e2))
}

#[test]
fn terms_ranks_the_planted_word_with_counts_and_g2_from_raw_counts() {
    let c = planted();
    // Kenya: 16 passages of 12 filler words and 30 zebras; Estonia: 16 × 12 and 2. The filler
    // words are as frequent on both sides, so only "zebra" is over-represented in Kenya's.
    let (a, b, size_a, size_b) = (30.0, 2.0, 16.0 * 12.0 + 30.0, 16.0 * 12.0 + 2.0);
    for vs in ["state:Estonia", "rest"] {
        let v = json(&c, &["terms", "--group", "state:Kenya", "--vs", vs, "--format", "json"]);
        let terms = v["terms"].as_array().unwrap();
        assert_eq!(terms.len(), 1, "{v}");
        let top = &terms[0];
        assert_eq!(top["term"], "zebra");
        assert_eq!((top["count"].as_u64(), top["reference_count"].as_u64()), (Some(30), Some(2)));
        assert_eq!((v["tokens"].as_u64(), v["reference_tokens"].as_u64()), (Some(222), Some(194)));
        let g2 = dunning(a, b, size_a, size_b);
        assert!((top["g2"].as_f64().unwrap() - g2).abs() < 1e-9, "{} vs {g2}", top["g2"]);
        let log_ratio = ((a / size_a) / (b / size_b)).log2();
        assert!((top["log_ratio"].as_f64().unwrap() - log_ratio).abs() < 1e-9);
        assert!(top["p"].as_f64().unwrap() < 0.001);
    }
    // Against Kenya's, Estonia's text has no zebra to speak of; an empty group finds nothing.
    let v = json(&c, &["terms", "--group", "state:Estonia", "--format", "json"]);
    assert!(v["terms"].as_array().unwrap().iter().all(|t| t["term"] != "zebra"), "{v}");
    assert_eq!(c.run(&["terms", "--group", "state:Kenya", "--year", "1999"]).0, 1);
    // Pairs come from the stored text.
    let (code, out, _) =
        c.run(&["terms", "--group", "state:Kenya", "--ngrams", "2", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("term,count,reference_count,g2,log_ratio,p\n"), "{out}");
    assert!(out.lines().nth(1).unwrap().contains("zebra"), "{out}");
    let (code, text, _) = c.run(&["terms", "--group", "state:Kenya"]);
    assert_eq!(code, 0);
    assert!(text.lines().nth(1).unwrap().starts_with("zebra "), "{text}");
    for bad in ["Kenya", "colour:red", "state:Atlantis"] {
        let (code, _, err) = c.run(&["terms", "--group", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(
            err.contains(bad.split(':').next_back().unwrap()) && err.lines().count() == 1,
            "{err}"
        );
    }
}
