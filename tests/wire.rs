//! See: issue 17, item 3. The wire format pinned: the JSON, JSON Lines and CSV that `oewg`
//! printed before its records moved into `src/output/wire/`, byte for byte, on a corpus of two
//! small documents (browsing, `show`, `list`, `facets` and `kwic`: no BM25 score in them, so
//! that only a change of the format changes them). One difference was made on purpose: the
//! filters echo states by canonical name, as hits do (`"states":["Brazil"]`, was `["BRA"]`).

use super::util::Corpus;

fn corpus() -> Corpus {
    let c = Corpus::new();
    c.file("oewg/_meta.toml", "process = \"oewg-2021-2025\"\n");
    c.doc(
        "oewg/statements/2024-brazil.md",
        "kind = \"statement\"\nyear = 2024\nstates = [\"Brazil\"]\ntopics = [\"cbms\"]",
        "Brazil supports the directory of points of contact.\n\nRansomware threatens hospitals.",
    );
    c.doc(
        "oewg/reports/2024-report.md",
        "title = \"Annual report\"\nsymbol = \"A/79/214\"\nkind = \"report\"\nyear = 2024",
        "12. States discussed ransomware.",
    );
    c
}

/// (arguments, output with the corpus folder written `ROOT`).
const PINNED: [(&[&str], &str); 11] = [
    (
        &["search", "--state", "Brazil", "--format", "json"],
        r#"{"query":"","filters":{"states":["Brazil"],"years":[],"processes":[],"topics":[],"kinds":[],"languages":[],"symbols":[]},"total_hits":2,"total_documents":1,"expanded":[],"suggestions":[],"hits":[{"rank":1,"score":0.0,"doc_id":"oewg/statements/2024-brazil","passage":0,"para":null,"title":null,"symbol":null,"kind":"statement","process":"oewg-2021-2025","year":2024,"date":null,"session":null,"language":"en","states":["Brazil"],"topics":["cbms"],"section":null,"citation":"Statement of Brazil, OEWG 2021-2025, 2024","snippet":"Brazil supports the directory of points of contact.","highlights":[],"text":"Brazil supports the directory of points of contact.","path":"ROOT/oewg/statements/2024-brazil.md","byte_range":[78,129],"source":null,"digest":null},{"rank":2,"score":0.0,"doc_id":"oewg/statements/2024-brazil","passage":1,"para":null,"title":null,"symbol":null,"kind":"statement","process":"oewg-2021-2025","year":2024,"date":null,"session":null,"language":"en","states":["Brazil"],"topics":["cbms"],"section":null,"citation":"Statement of Brazil, OEWG 2021-2025, 2024","snippet":"Ransomware threatens hospitals.","highlights":[],"text":"Ransomware threatens hospitals.","path":"ROOT/oewg/statements/2024-brazil.md","byte_range":[131,162],"source":null,"digest":null}]}
"#,
    ),
    (
        &["search", "--state", "Brazil", "--format", "jsonl"],
        r#"{"rank":1,"score":0.0,"doc_id":"oewg/statements/2024-brazil","passage":0,"para":null,"title":null,"symbol":null,"kind":"statement","process":"oewg-2021-2025","year":2024,"date":null,"session":null,"language":"en","states":["Brazil"],"topics":["cbms"],"section":null,"citation":"Statement of Brazil, OEWG 2021-2025, 2024","snippet":"Brazil supports the directory of points of contact.","highlights":[],"text":"Brazil supports the directory of points of contact.","path":"ROOT/oewg/statements/2024-brazil.md","byte_range":[78,129],"source":null,"digest":null}
{"rank":2,"score":0.0,"doc_id":"oewg/statements/2024-brazil","passage":1,"para":null,"title":null,"symbol":null,"kind":"statement","process":"oewg-2021-2025","year":2024,"date":null,"session":null,"language":"en","states":["Brazil"],"topics":["cbms"],"section":null,"citation":"Statement of Brazil, OEWG 2021-2025, 2024","snippet":"Ransomware threatens hospitals.","highlights":[],"text":"Ransomware threatens hospitals.","path":"ROOT/oewg/statements/2024-brazil.md","byte_range":[131,162],"source":null,"digest":null}
"#,
    ),
    (
        &["search", "--state", "Brazil", "--format", "csv"],
        r#"rank,score,doc_id,passage,para,title,symbol,kind,process,year,date,session,language,states,topics,section,citation,snippet,highlights,text,path,byte_range,source,digest
1,0.0000,oewg/statements/2024-brazil,0,,,,statement,oewg-2021-2025,2024,,,en,Brazil,cbms,,"Statement of Brazil, OEWG 2021-2025, 2024",Brazil supports the directory of points of contact.,,Brazil supports the directory of points of contact.,ROOT/oewg/statements/2024-brazil.md,78-129,,
2,0.0000,oewg/statements/2024-brazil,1,,,,statement,oewg-2021-2025,2024,,,en,Brazil,cbms,,"Statement of Brazil, OEWG 2021-2025, 2024",Ransomware threatens hospitals.,,Ransomware threatens hospitals.,ROOT/oewg/statements/2024-brazil.md,131-162,,
"#,
    ),
    (
        &["show", "A/79/214", "--format", "json"],
        r#"{"doc_id":"oewg/reports/2024-report","focus":null,"passages":[{"rank":0,"score":0.0,"doc_id":"oewg/reports/2024-report","passage":0,"para":"12","title":"Annual report","symbol":"A/79/214","kind":"report","process":"oewg-2021-2025","year":2024,"date":null,"session":null,"language":"en","states":[],"topics":["threats/ransomware"],"section":null,"citation":"A/79/214 para 12","snippet":"","highlights":[],"text":"12. States discussed ransomware.","path":"ROOT/oewg/reports/2024-report.md","byte_range":[81,113],"source":null,"digest":null}]}
"#,
    ),
    (
        &["list", "states", "--state", "Brazil", "--format", "json"],
        r#"{"list":"states","filters":{"states":["Brazil"],"years":[],"processes":[],"topics":[],"kinds":[],"languages":[],"symbols":[]},"rows":[{"value":"BRA","name":"Brazil","passages":2,"documents":1}]}
"#,
    ),
    (
        &["list", "documents", "--format", "csv"],
        r#"doc_id,symbol,title,year,kind,process,passages
oewg/reports/2024-report,A/79/214,Annual report,2024,report,oewg-2021-2025,1
oewg/statements/2024-brazil,,,2024,statement,oewg-2021-2025,2
"#,
    ),
    (
        &["facets", "--state", "BRA", "--format", "json"],
        r#"{"query":null,"filters":{"states":["Brazil"],"years":[],"processes":[],"topics":[],"kinds":[],"languages":[],"symbols":[]},"total_hits":2,"facets":{"kind":[{"value":"statement","passages":2,"documents":1}],"language":[{"value":"en","passages":2,"documents":1}],"process":[{"value":"oewg-2021-2025","passages":2,"documents":1}],"state":[{"value":"Brazil","passages":2,"documents":1}],"topic":[{"value":"cbms","passages":2,"documents":1}],"year":[{"value":"2024","passages":2,"documents":1}]}}
"#,
    ),
    (
        &["facets", "--state", "BRA", "--format", "jsonl"],
        r#"{"field":"kind","value":"statement","passages":2,"documents":1}
{"field":"language","value":"en","passages":2,"documents":1}
{"field":"process","value":"oewg-2021-2025","passages":2,"documents":1}
{"field":"state","value":"Brazil","passages":2,"documents":1}
{"field":"topic","value":"cbms","passages":2,"documents":1}
{"field":"year","value":"2024","passages":2,"documents":1}
"#,
    ),
    (
        &["facets", "--state", "BRA", "--format", "csv"],
        r#"field,value,passages,documents
kind,statement,2,1
language,en,2,1
process,oewg-2021-2025,2,1
state,Brazil,2,1
topic,cbms,2,1
year,2024,2,1
"#,
    ),
    (
        &["kwic", "ransomware", "--state", "Brazil", "--format", "json"],
        r#"{"query":"ransomware","filters":{"states":["Brazil"],"years":[],"processes":[],"topics":[],"kinds":[],"languages":[],"symbols":[]},"passages":1,"total_lines":1,"lines":[{"doc_id":"oewg/statements/2024-brazil","passage":1,"citation":"Statement of Brazil, OEWG 2021-2025, 2024","left":"","match":"Ransomware","right":"threatens hospitals."}]}
"#,
    ),
    (
        &["kwic", "ransomware", "--format", "csv"],
        r#"doc_id,passage,citation,left,match,right
oewg/reports/2024-report,0,A/79/214 para 12,12. States discussed,ransomware,.
oewg/statements/2024-brazil,1,"Statement of Brazil, OEWG 2021-2025, 2024",,Ransomware,threatens hospitals.
"#,
    ),
];

#[test]
fn json_jsonl_and_csv_are_byte_for_byte_as_pinned() {
    let c = corpus();
    c.build();
    let root = c.root().display().to_string();
    for (args, expected) in PINNED {
        let (code, out, err) = c.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(out.replace(&root, "ROOT"), expected, "{args:?}");
    }
}
