//! Topics of passages: the section heading's topics (`topics.toml` `headings`), the document's,
//! and keyword matches (`keywords`) found with one automaton over the normalised text. Does not
//! cut passages.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use super::Passage;
use crate::taxonomy::Taxonomy;

/// Assigns topics to passages from headings and keywords of `topics.toml`, built once per run.
#[derive(Debug)]
pub struct TopicMatcher {
    keywords: DFA,
    keyword_topic: Vec<usize>,
    headings: Vec<(String, usize)>,
    ids: Vec<String>,
}

impl TopicMatcher {
    /// Compiles the keyword automaton from the taxonomy, whose loading has capped the keywords'
    /// size ([`crate::taxonomy::MAX_KEYWORD_BYTES`]) so that it always compiles.
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let mut patterns = Vec::new();
        let mut keyword_topic = Vec::new();
        let mut headings = Vec::new();
        for (i, topic) in taxonomy.topics.iter().enumerate() {
            for k in &topic.keywords {
                patterns.push(format!(" {} ", normalise(k).trim()));
                keyword_topic.push(i);
            }
            for h in &topic.headings {
                headings.push((normalise(h).trim().to_string(), i));
            }
        }
        // A DFA: a few hundred KB for the few hundred keywords, and several times faster per
        // byte than an NFA (topic matching reads every passage). It is stepped by hand, fed the
        // normalised bytes as they are made; no prefilter (every pattern starts with a space).
        let keywords = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&patterns)
            .expect("keywords within taxonomy::MAX_KEYWORD_BYTES compile");
        let ids = taxonomy.topics.iter().map(|t| t.id.clone()).collect();
        TopicMatcher { keywords, keyword_topic, headings, ids }
    }

    /// Topics for each passage: the section heading's topics (with the document's and the
    /// keywords' sub-topics under them), else the document's topics, else the keywords' topics.
    pub fn assign(&self, passages: &mut [Passage], doc_topics: &[String]) {
        let mut cached_section: Option<(Option<String>, Vec<usize>)> = None;
        for p in passages.iter_mut() {
            let heading_topics = match &cached_section {
                Some((s, t)) if *s == p.section => t.clone(),
                _ => {
                    let t =
                        p.section.as_deref().map(|s| self.heading_topics(s)).unwrap_or_default();
                    cached_section = Some((p.section.clone(), t.clone()));
                    t
                }
            };
            let mut topics: Vec<String> = Vec::new();
            if !heading_topics.is_empty() {
                let pillars: Vec<&str> =
                    heading_topics.iter().map(|&i| pillar(&self.ids[i])).collect();
                let under = |id: &str| pillars.contains(&pillar(id));
                topics.extend(heading_topics.iter().map(|&i| self.ids[i].clone()));
                topics.extend(doc_topics.iter().filter(|t| under(t)).cloned());
                topics.extend(self.keyword_topics(&p.text).filter(|t| under(t)));
            } else if !doc_topics.is_empty() {
                topics.extend(doc_topics.iter().cloned());
            } else {
                topics.extend(self.keyword_topics(&p.text));
            }
            topics.sort();
            topics.dedup();
            p.topics = topics;
        }
    }

    fn heading_topics(&self, section: &str) -> Vec<usize> {
        let s = format!(" {} ", normalise(section).trim());
        let mut found: Vec<usize> = Vec::new();
        for (h, i) in &self.headings {
            if s.contains(&format!(" {h} ")) && !found.contains(i) {
                found.push(*i);
            }
        }
        // Keep only the most specific match per pillar: a pillar whose sub-topic also matched
        // (`Threats to critical infrastructure` names `threats` and
        // `threats/critical-infrastructure`) is implied by it, as facets count a sub-topic
        // toward its pillar.
        let ids = &self.ids;
        let implied = |i: usize| {
            found
                .iter()
                .any(|&j| ids[j].strip_prefix(ids[i].as_str()).is_some_and(|r| r.starts_with('/')))
        };
        found.iter().copied().filter(|&i| !implied(i)).collect()
    }

    fn keyword_topics<'a>(&'a self, text: &str) -> impl Iterator<Item = String> + 'a {
        // Every keyword occurrence, overlapping ones included, in the normalised text: the DFA
        // is fed each normalised byte, and a match state names every keyword ending there.
        let dfa = &self.keywords;
        let mut seen = vec![false; self.ids.len()];
        let mut state = dfa.start_state(Anchored::No).expect("an unanchored automaton");
        normalise_into(text, |byte| {
            state = dfa.next_state(Anchored::No, state, byte);
            if dfa.is_match(state) {
                for i in 0..dfa.match_len(state) {
                    seen[self.keyword_topic[dfa.match_pattern(state, i).as_usize()]] = true;
                }
            }
        });
        seen.into_iter().enumerate().filter(|(_, s)| *s).map(|(i, _)| self.ids[i].clone())
    }
}

fn pillar(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// Lower-case, every non-alphanumeric run turned into one space, padded with spaces, so that
/// keywords match whole words.
fn normalise(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    normalise_into(text, |byte| out.push(byte));
    String::from_utf8(out).expect("whole characters and ASCII spaces")
}

/// The bytes of [`normalise`], handed to `emit` one by one (topic matching feeds them to its
/// automaton without building the string).
fn normalise_into(text: &str, mut emit: impl FnMut(u8)) {
    emit(b' ');
    let mut last_space = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII byte by byte through a table; other characters decoded one at a time.
        if b.is_ascii() {
            i += 1;
            let lower = ASCII_WORD_BYTES[usize::from(b)];
            if lower != 0 {
                emit(lower);
                last_space = false;
                continue;
            }
        } else {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            i += c.len_utf8();
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    lower.encode_utf8(&mut [0; 4]).bytes().for_each(&mut emit);
                }
                last_space = false;
                continue;
            }
        }
        if !last_space {
            emit(b' ');
            last_space = true;
        }
    }
    if !last_space {
        emit(b' ');
    }
}

/// For each ASCII byte: its lower case if it is a letter or digit, else 0.
const ASCII_WORD_BYTES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::passage::{HeadingStyle, Paragraphs, split};

    /// The matcher of the bundled taxonomy, and the passages of Markdown `text` it tagged.
    fn tagged(text: &str) -> (TopicMatcher, Vec<Passage>) {
        let m = TopicMatcher::new(&Taxonomy::load(None).unwrap());
        let mut p = split(text, 0, Paragraphs::BlankLines, HeadingStyle::Markdown, 120);
        m.assign(&mut p, &[]);
        (m, p)
    }

    #[test]
    fn topics_from_headings_document_and_keywords() {
        let (m, mut p) = tagged(
            "## Confidence-Building Measures\n\nThe points of contact directory was launched.\n\n## Other\n\nRansomware attacks on hospitals rose.\n",
        );
        assert!(p[0].topics.contains(&"cbms".to_string()), "{:?}", p[0].topics);
        assert!(p[0].topics.contains(&"cbms/poc-directory".to_string()), "{:?}", p[0].topics);
        assert!(p[1].topics.contains(&"threats/ransomware".to_string()), "{:?}", p[1].topics);
        m.assign(&mut p[1..], &["norms".to_string()]);
        assert_eq!(p[1].topics, ["norms"]);
    }

    // See: issue 17, item 8. A `--schema` topics file whose keywords the automaton cannot hold
    // made `TopicMatcher::new` panic (past ~8 MB; a 7 MB file took 7.5 GB to compile): it is
    // refused when the taxonomy loads, with an error naming the file.
    #[test]
    fn a_topics_file_too_large_to_match_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bundled = include_str!("../../../index-schema/topics.toml");
        let long: Vec<String> = (0..4000).map(|i| format!("\"keyword number {i:05}\"")).collect();
        let topics =
            bundled.replacen("keywords = [", &format!("keywords = [{}, ", long.join(", ")), 1);
        std::fs::write(dir.path().join("topics.toml"), topics).unwrap();
        let err = Taxonomy::load(Some(dir.path())).map(|t| TopicMatcher::new(&t)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("topics.toml") && message.contains("keywords"), "{message}");
    }

    // See: issue 17, item 8. The doc said the most specific match per pillar was kept, the
    // code kept every match.
    #[test]
    fn a_heading_keeps_the_most_specific_topic_of_each_pillar() {
        let (_, p) =
            tagged("## Threats to critical infrastructure and human rights\n\nStates met.\n");
        assert_eq!(
            p[0].topics,
            ["international-law/human-rights", "threats/critical-infrastructure"]
        );
    }
}
