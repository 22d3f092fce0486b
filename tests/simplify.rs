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
