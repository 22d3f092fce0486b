//! See: issue 20, item 6. A document is analysed in its language (front matter `language`, which
//! `oewg fetch --lang` writes): French, Spanish, Russian and Arabic words are stemmed as such;
//! searches cover every language unless `--lang` filters; `language` is a facet.

use super::{SearchJson, sample};
use crate::util::Corpus;

fn multilingual() -> Corpus {
    let c = sample();
    let meta = |lang: &str| {
        format!(
            "year = 2024\nprocess = \"oewg-2021-2025\"\nkind = \"report\"\nlanguage = \"{lang}\""
        )
    };
    c.doc(
        "fr.md",
        &meta("fr-CH"),
        "Les États ont souligné la sécurité des négociations et des normes volontaires.",
    );
    c.doc("es.md", &meta("es"), "Los Estados pidieron más intercambio de informaciones.");
    c.doc("ru.md", &meta("ru"), "Государства обсудили вопросы безопасности.");
    c.doc("ar.md", &meta("ar"), "ناقشت الدول الأمن السيبراني.");
    c.build();
    c
}

fn hits(c: &Corpus, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--format", "json", "--limit", "50"];
    all.extend_from_slice(args);
    let (code, out, err) = c.run(&all);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    let r: SearchJson = serde_json::from_str(&out).expect("search JSON");
    r.hits.iter().map(|h| h.doc_id.clone()).collect()
}

/// Inflections English stemming cannot join are found in their own language (these failed
/// when every passage was stemmed as English).
#[test]
fn words_are_found_through_the_stemmer_of_their_document() {
    let c = multilingual();
    for (query, doc) in [
        ("безопасность", "ru"),
        ("أمن", "ar"),
        ("información", "es"),
        ("négociation", "fr"),
        ("\"normes volontaires\"", "fr"),
    ] {
        assert_eq!(hits(&c, &["--", query]), [doc], "{query}");
    }
    // A Spanish word typed without its accent still finds its exact form, and counts agree.
    assert_eq!(hits(&c, &["informaciones"]), ["es"]);
    let (code, out, _) = c.run(&["rank", "informacion", "--by", "language", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let rank: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &rank["rows"].as_array().unwrap()[0];
    assert_eq!((row["group"].as_str(), row["passages"].as_u64()), (Some("es"), Some(1)));
}

#[test]
fn lang_filters_and_language_is_a_facet() {
    let c = multilingual();
    // Every language by default; `--lang` keeps one (by code, tag or English name).
    assert_eq!(hits(&c, &["--lang", "French", "--", "États"]), ["fr"]);
    assert_eq!(hits(&c, &["--lang", "fr", "--", "normes"]), ["fr"]);
    assert!(hits(&c, &["--lang", "ru", "--", "normes"]).is_empty());
    let (code, out, _) = c.run(&["search", "--format", "json", "--lang", "es", "--", "Estados"]);
    assert_eq!(code, 0);
    let r: SearchJson = serde_json::from_str(&out).unwrap();
    assert!(!r.hits.is_empty() && r.hits.iter().all(|h| h.language == "es"), "{out}");
    assert_eq!(hits(&c, &["language:es"]).len(), 1);
    let (code, out, _) = c.run(&["search", "--lang", "ru", "--format", "json"]);
    assert_eq!(code, 0);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["filters"]["languages"], serde_json::json!(["ru"]));
    assert_eq!(r["hits"][0]["language"], "ru");
    // Stored text comes back without the language tag the index keeps for the tokenizer.
    assert_eq!(r["hits"][0]["text"], "Государства обсудили вопросы безопасности.");
    assert!(!out.contains('\u{E000}'));
    let (code, out, _) = c.run(&["facets", "--format", "json"]);
    assert_eq!(code, 0);
    let f: serde_json::Value = serde_json::from_str(&out).unwrap();
    let languages: Vec<&str> = f["facets"]["language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    for code in ["en", "fr", "es", "ru", "ar"] {
        assert!(languages.contains(&code), "{code}: {languages:?}");
    }
    let (code, out, _) = c.run(&["list", "languages"]);
    assert_eq!(code, 0);
    assert!(out.contains("French") && out.contains("Arabic"), "{out}");
    // An unknown language is an error naming it.
    let (code, _, err) = c.run(&["search", "cyber", "--lang", "fr!"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown language `fr!`"), "{err}");
}

#[test]
fn snippets_mark_words_by_the_stems_of_their_language() {
    let c = multilingual();
    let (code, out, err) = c.run(&["search", "безопасность"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("[безопасности]"), "{out}");
    assert!(out.contains("oewg-2021-2025 · report · 2024 · Russian"), "language named: {out}");
    let (code, out, err) = c.run(&["kwic", "sécurités", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"match\":\"sécurité\""), "{out}");
}

/// `terms` shows the words of a French group as written (the term dictionary only has them
/// folded, and French is stemmed before folding).
#[test]
fn terms_show_other_languages_as_written() {
    let c = multilingual();
    let (code, out, err) = c.run(&["terms", "--group", "language:fr", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let terms: Vec<&str> =
        v["terms"].as_array().unwrap().iter().map(|t| t["term"].as_str().unwrap()).collect();
    for word in ["sécurité", "négociations", "états"] {
        assert!(terms.contains(&word), "{word}: {terms:?}");
    }
    assert!(!terms.iter().any(|t| t.contains(':')), "no language prefix shown: {terms:?}");
}

#[test]
fn a_language_that_is_no_tag_is_a_metadata_error_for_its_file() {
    let c = sample();
    c.doc("bad.md", "year = 2024\nprocess = \"poa\"\nlanguage = \"French!\"", "Texte.");
    let (code, _, err) = c.run(&["index"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.md") && err.contains("unknown language `French!`"), "{err}");
}
