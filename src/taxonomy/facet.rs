//! The facet fields (state, year, process, topic, kind, language) as one typed name from the command line
//! to the index, and the one way a value typed for one of them becomes what the index stores
//! ([`Taxonomy::resolve`]) and what output shows ([`Taxonomy::display`]).

use std::fmt;

use super::Taxonomy;
use crate::error::Error;

/// A facet field: what filters, facet counts and rankings name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetField {
    /// States and groups (stored as codes, shown as canonical names).
    State,
    /// Years.
    Year,
    /// Processes (ids).
    Process,
    /// Topics: pillars and sub-topics (ids).
    Topic,
    /// Document kinds.
    Kind,
    /// Languages of the documents (ISO 639 codes: `en`, `fr`).
    Language,
}

impl FacetField {
    /// Every facet field, in the order output lists them.
    pub const ALL: [FacetField; 6] = [
        FacetField::State,
        FacetField::Year,
        FacetField::Process,
        FacetField::Topic,
        FacetField::Kind,
        FacetField::Language,
    ];

    /// The user-facing name (`state`), also the key of facet counts in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::State => "state",
            FacetField::Year => "year",
            FacetField::Process => "process",
            FacetField::Topic => "topic",
            FacetField::Kind => "kind",
            FacetField::Language => "language",
        }
    }

    /// The facet field of `schema.toml` that holds its values: years are also a number field,
    /// for ranges, so their facet has its own name.
    pub fn index_field(self) -> &'static str {
        match self {
            FacetField::Year => "year_facet",
            other => other.name(),
        }
    }

    /// The field named exactly so (`state`, not `states`).
    pub fn from_name(name: &str) -> Option<FacetField> {
        FacetField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// A field name as a user types it: any case, singular or plural (`States`, `processes`),
    /// `lang` for `language`; else an error that lists the fields.
    pub fn parse(name: &str) -> crate::Result<FacetField> {
        let lower = name.to_ascii_lowercase();
        if lower == "lang" {
            return Ok(FacetField::Language);
        }
        let singular = |suffix| lower.strip_suffix(suffix).and_then(FacetField::from_name);
        let field =
            FacetField::from_name(&lower).or_else(|| singular("s")).or_else(|| singular("es"));
        field.ok_or_else(|| Error::UnknownFilter {
            field: "facet field",
            value: name.into(),
            suggestions: FacetField::ALL.iter().map(|f| f.name().to_string()).collect(),
        })
    }
}

impl fmt::Display for FacetField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a value of a facet field does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No entry has that name: the closest names, best first (maybe none).
    Unknown {
        /// The field.
        field: FacetField,
        /// The value as typed.
        value: String,
        /// Closest known values.
        suggestions: Vec<String>,
    },
    /// A name that stands for several entries when typed alone (`Congo`, `Korea`): a filter
    /// refuses it, while metadata takes `stored`, the entry of that very name.
    Ambiguous {
        /// What the index stores for the entry of that name, if one has it.
        stored: Option<String>,
        /// The closest known values when no entry has that name (`stored` is `None`), for
        /// metadata to report it as unknown as it does any other name.
        suggestions: Vec<String>,
        /// The message that lists the entries it may mean.
        message: String,
    },
}

impl From<Unresolved> for Error {
    fn from(unresolved: Unresolved) -> Error {
        match unresolved {
            Unresolved::Unknown { field, value, suggestions } => {
                Error::UnknownFilter { field: field.name(), value, suggestions }
            }
            Unresolved::Ambiguous { message, .. } => Error::Ambiguous { message },
        }
    }
}

impl Taxonomy {
    /// What the index stores for `value` of `field`: a state's code, a process's or topic's
    /// id, a kind, or a year (four digits) as written. Names, codes and aliases resolve in any
    /// case and with or without diacritics.
    pub fn resolve(&self, field: FacetField, value: &str) -> Result<String, Unresolved> {
        let unknown = |suggestions| Unresolved::Unknown { field, value: value.into(), suggestions };
        match field {
            FacetField::State => {
                let state = self.state(value).map(|s| s.code.clone());
                match self.ambiguity(value) {
                    Some(message) => {
                        let (stored, suggestions) = match state {
                            Ok(code) => (Some(code), Vec::new()),
                            Err(suggestions) => (None, suggestions),
                        };
                        Err(Unresolved::Ambiguous { stored, suggestions, message })
                    }
                    None => state.map_err(unknown),
                }
            }
            FacetField::Process => self.process(value).map(|p| p.id.clone()).map_err(unknown),
            FacetField::Topic => self.topic(value).map(|t| t.id.clone()).map_err(unknown),
            FacetField::Kind => self.kind(value).map(str::to_string).map_err(unknown),
            FacetField::Language => crate::language::code_of(value).ok_or_else(|| {
                unknown(crate::language::LANGUAGES[..6].iter().map(|l| l.0.to_string()).collect())
            }),
            FacetField::Year => {
                let year = value.trim();
                match year.parse::<u64>() {
                    Ok(y) if (1000..=9999).contains(&y) => Ok(y.to_string()),
                    _ => Err(unknown(Vec::new())),
                }
            }
        }
    }

    /// The text output shows for a stored value of `field`: state codes become canonical
    /// names; every other value (language codes too: `fr`, as typed after `--lang`) is shown
    /// as stored.
    pub fn display(&self, field: FacetField, stored: &str) -> String {
        match field {
            FacetField::State => {
                self.state_by_code(stored).map_or_else(|| stored.to_string(), |s| s.name.clone())
            }
            _ => stored.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_round_trip_and_users_may_write_plurals() {
        for field in FacetField::ALL {
            assert_eq!(FacetField::from_name(field.name()), Some(field));
            assert_eq!(
                FacetField::parse(&format!("{}S", field.name().to_uppercase())).unwrap(),
                field
            );
        }
        assert_eq!(FacetField::Year.index_field(), "year_facet");
        let err = FacetField::parse("colour").unwrap_err().to_string();
        assert!(err.starts_with("unknown facet field `colour`"), "{err}");
        assert!(err.contains("`kind`"), "lists the fields: {err}");
    }

    #[test]
    fn resolve_gives_what_the_index_stores_or_why_not() {
        let t = Taxonomy::load(None).unwrap();
        assert_eq!(t.resolve(FacetField::State, "Russia").unwrap(), "RUS");
        assert_eq!(t.resolve(FacetField::Process, "oewg-2021-2025").unwrap(), "oewg-2021-2025");
        assert_eq!(t.resolve(FacetField::Topic, "CBMS").unwrap(), "cbms");
        assert_eq!(t.resolve(FacetField::Kind, "Statement").unwrap(), "statement");
        assert_eq!(t.resolve(FacetField::Year, " 2024").unwrap(), "2024");
        assert_eq!(t.resolve(FacetField::Language, "French").unwrap(), "fr");
        assert_eq!(t.resolve(FacetField::Language, "es-419").unwrap(), "es");
        let err = Error::from(t.resolve(FacetField::Language, "fr!").unwrap_err()).to_string();
        assert!(err.starts_with("unknown language `fr!`"), "{err}");
        assert!(matches!(t.resolve(FacetField::Year, "soon"), Err(Unresolved::Unknown { .. })));
        match t.resolve(FacetField::State, "Rusia") {
            Err(Unresolved::Unknown { field, suggestions, .. }) => {
                assert_eq!(field, FacetField::State);
                assert_eq!(suggestions[0], "Russian Federation");
            }
            other => panic!("{other:?}"),
        }
        // A filter refuses `Congo`; metadata may take the entry named so.
        match t.resolve(FacetField::State, "Congo") {
            Err(Unresolved::Ambiguous { stored, message, .. }) => {
                assert_eq!(stored.as_deref(), Some("COG"));
                assert!(message.contains("Democratic Republic of the Congo (COD)"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let err = Error::from(t.resolve(FacetField::Kind, "statment").unwrap_err()).to_string();
        assert_eq!(err, "unknown kind `statment` (did you mean `statement`?)");
    }

    #[test]
    fn display_names_states_and_keeps_other_values() {
        let t = Taxonomy::load(None).unwrap();
        assert_eq!(t.display(FacetField::State, "USA"), "United States of America");
        assert_eq!(t.display(FacetField::State, "XXX"), "XXX");
        assert_eq!(t.display(FacetField::Topic, "cbms"), "cbms");
    }
}
