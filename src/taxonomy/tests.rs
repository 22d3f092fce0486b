//! Unit tests of the taxonomy (`src/taxonomy.rs`); moved out to keep that file short.

use super::*;

fn tax() -> Taxonomy {
    Taxonomy::load(None).expect("embedded schema loads")
}

#[test]
fn embedded_vocabularies_have_unique_names_and_known_pillars() {
    // What `load` checks for files given with --schema; the embedded ones build their
    // tables lazily and rely on this test.
    tax().build_keys().expect("embedded vocabularies are consistent");
}

#[test]
fn embedded_vocabularies_are_complete() {
    let t = tax();
    assert_eq!(t.states.iter().filter(|s| s.kind == "member").count(), 193);
    assert_eq!(t.states.iter().filter(|s| s.kind == "observer").count(), 2);
    let pillars: Vec<&str> =
        t.topics.iter().filter(|t| !t.id.contains('/')).map(|t| t.id.as_str()).collect();
    assert_eq!(
        pillars,
        ["threats", "norms", "international-law", "cbms", "capacity-building", "rid"]
    );
    assert!(t.process("oewg-2021-2025").is_ok());
    assert!(t.process("unga-general-debate").is_ok());
}

#[test]
fn aliases_resolve_to_canonical_entries() {
    let t = tax();
    assert_eq!(t.state("Russia").unwrap().code, "RUS");
    assert_eq!(t.state("usa").unwrap().code, "USA");
    assert_eq!(t.state("UK").unwrap().code, "GBR");
    assert_eq!(t.state("Turkey").unwrap().code, "TUR");
    assert_eq!(t.state("TÜRKIYE").unwrap().code, "TUR");
    assert_eq!(t.state("NAM").unwrap().code, "NAM");
    assert_eq!(t.state("Non-Aligned Movement").unwrap().code, "NONALIGNED");
    assert_eq!(t.state("eu").unwrap().code, "EU");
    assert_eq!(t.topic("CBMS/POC-Directory").unwrap().id, "cbms/poc-directory");
}

#[test]
fn a_sub_topic_answers_to_its_last_part_unless_another_shares_it() {
    let t = tax();
    assert_eq!(t.topic("ransomware").unwrap().id, "threats/ransomware");
    assert_eq!(t.topic("POC-Directory").unwrap().id, "cbms/poc-directory");
    assert_eq!(t.topic("norms").unwrap().id, "norms");
    let mut twin = t.topic("cbms/transparency").unwrap().clone();
    let mut shared = tax();
    twin.id = "norms/ransomware".into();
    shared.topics.push(twin);
    assert!(shared.topic("ransomware").is_err());
    assert_eq!(shared.topic("threats/ransomware").unwrap().id, "threats/ransomware");
}

#[test]
fn scans_for_codes_names_and_ids_agree_with_the_name_tables() {
    let t = tax();
    let keys = t.build_keys().unwrap();
    for (i, s) in t.states.iter().enumerate() {
        for name in [s.code.clone(), s.code.to_lowercase(), s.name.clone()] {
            assert_eq!(t.state(&name).unwrap().code, s.code, "{name}");
            assert_eq!(keys.states[&fold_key(&name)], i, "{name}");
        }
        assert_eq!(t.state_by_code(&s.code).unwrap().name, s.name);
    }
    for (i, p) in t.processes.iter().enumerate() {
        assert_eq!(t.process(&p.id).unwrap().id, p.id);
        assert_eq!(keys.processes[&fold_key(&p.id)], i);
    }
}

#[test]
fn unknown_names_get_suggestions() {
    let t = tax();
    let suggestions = t.state("Rusia").unwrap_err();
    assert_eq!(suggestions.first().map(String::as_str), Some("Russian Federation"));
    let suggestions = t.process("oewg-2021-2024").unwrap_err();
    assert!(suggestions.contains(&"oewg-2021-2025".to_string()), "{suggestions:?}");
    assert_eq!(t.kind("Statement").unwrap(), "statement");
    assert_eq!(t.kind("statment").unwrap_err(), vec!["statement".to_string()]);
}

#[test]
fn fold_key_ignores_case_diacritics_and_apostrophes() {
    assert_eq!(fold_key("Côte d’Ivoire"), "cote d'ivoire");
    assert_eq!(fold_key("  Viet   Nam "), "viet nam");
}

/// The embedded query vocabulary (JSON made by build.rs) is `synonyms.toml` as read at run time.
#[test]
fn embedded_synonyms_are_the_toml_file() {
    let path = std::path::Path::new("index-schema/synonyms.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let from_toml = Vocabulary::parse(&text, path).unwrap();
    let embedded = Vocabulary::load(None).unwrap();
    assert_eq!(format!("{embedded:?}"), format!("{from_toml:?}"));
    assert!(embedded.expansions("POC").is_some());
}
