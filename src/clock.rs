//! Timestamps written into files (`built_at` of an index, `fetched_at` of a download): one format
//! for both, RFC 3339 in UTC to the second, which people read and every language parses.

/// Now, as RFC 3339 in UTC to the second (`2024-05-01T12:00:00Z`).
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339).expect("a UTC time formats")
}
