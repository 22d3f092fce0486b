//! A PDF writer for tests only, never built into the program: Helvetica text lines from the
//! top of each page and footer lines from its bottom, with a valid cross-reference table. The
//! unit tests of `pdf.rs` and the integration tests (`tests/extract.rs`, which includes this
//! file with `#[path]`) share it, so that there is one writer to trust.

/// A PDF whose pages each hold `body` lines from the top (an empty line leaves a gap) and
/// `footer` lines from the bottom.
pub fn pdf(pages: &[(Vec<String>, Vec<String>)]) -> Vec<u8> {
    let escape = |s: &str| s.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(), // the page tree, once the pages are numbered
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut kids = Vec::new();
    for (body, footer) in pages {
        let mut content = String::from("BT /F1 10 Tf 13 TL 60 780 Td\n");
        for line in body {
            content.push_str(&format!("({}) Tj T*\n", escape(line)));
        }
        content.push_str("ET\nBT /F1 9 Tf 12 TL 60 60 Td\n");
        for line in footer {
            content.push_str(&format!("({}) Tj T*\n", escape(line)));
        }
        content.push_str("ET");
        let page_id = objects.len() + 1;
        kids.push(format!("{page_id} 0 R"));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            page_id + 1
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), kids.len());
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
