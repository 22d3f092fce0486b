//! CSV output (RFC 4180 quoting) of the records of [`wire`](super::wire), serialised by the `csv`
//! crate: the header is the record's field names, so the columns are the JSON fields.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `records` with a header row; with no record, the header alone (the columns of
/// `R::default()`).
pub fn records<W: Write + ?Sized, R: Serialize + Default>(
    out: &mut W,
    records: impl IntoIterator<Item = R>,
) -> io::Result<()> {
    let mut records = records.into_iter().peekable();
    if records.peek().is_none() {
        // The csv crate writes a header with the first record: write one to a buffer and keep
        // its first line.
        let mut buffer = Vec::new();
        write(&mut buffer, [R::default()])?;
        let header = buffer.split_inclusive(|&b| b == b'\n').next().unwrap_or_default();
        return out.write_all(header);
    }
    write(&mut *out, records)
}

/// Writes records one at a time as they come (a search's hits while they are read), with the
/// header before the first; [`RecordWriter::finish`] writes the header alone if none came.
pub struct RecordWriter<W: Write> {
    writer: csv::Writer<W>,
    any: bool,
}

impl<W: Write> RecordWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        let writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
        RecordWriter { writer, any: false }
    }

    /// Writes one record (and the header before the first).
    pub fn write<R: Serialize>(&mut self, record: R) -> io::Result<()> {
        self.any = true;
        self.writer.serialize(record).map_err(io_error)
    }

    /// Ends the records: flushes them, or writes the header of `R` if there was none.
    pub fn finish<R: Serialize + Default>(mut self) -> io::Result<()> {
        self.writer.flush()?;
        if self.any {
            return Ok(());
        }
        let mut out = self.writer.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        records(&mut out, std::iter::empty::<R>())
    }
}

fn write<W: Write, R: Serialize>(out: W, records: impl IntoIterator<Item = R>) -> io::Result<()> {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    for record in records {
        writer.serialize(record).map_err(io_error)?;
    }
    writer.flush()
}

/// A failed write stays the `io::Error` it was (a closed pipe stays one).
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::wire::HitCsv;

    #[test]
    fn no_records_print_the_header() {
        let mut out = Vec::new();
        super::records(&mut out, Vec::<HitCsv>::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("rank,score,doc_id,") && text.ends_with(",source,digest\n"));
        assert_eq!(text.lines().count(), 1);
    }
}
