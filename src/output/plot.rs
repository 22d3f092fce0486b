//! Line charts as SVG, written by hand: the trend of `oewg rank --by year --plot FILE.svg`. A
//! chart is a handful of lines, axes, ticks and a legend, which a small writer draws in well-formed
//! SVG 1.1 with no dependency (a plotting crate would cost more to build than all of this).
//! Every series is one `<polyline>`; text is XML-escaped.

use std::fmt::Write;

/// One line of a chart: a name for the legend and a value per x position.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend entry.
    pub name: String,
    /// One value per x label, in [0, 1] (shares, drawn as percentages).
    pub values: Vec<f64>,
}

/// A line chart over categories (years), with values that are shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The title above the plot.
    pub title: String,
    /// The label under the x axis.
    pub x_label: String,
    /// The label beside the y axis.
    pub y_label: String,
    /// The x positions' labels, left to right.
    pub xs: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 200.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;
/// Colours that stay apart for colour-blind readers (Okabe and Ito), then repeat.
const COLOURS: [&str; 8] =
    ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

impl Chart {
    /// The chart as a standalone SVG document.
    pub fn svg(&self) -> String {
        let mut s = String::new();
        let (w, h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        let top_value = nice_ceiling(
            self.series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max),
        );
        let n = self.xs.len().max(1);
        let x_at = |i: usize| LEFT + if n == 1 { w / 2.0 } else { w * i as f64 / (n - 1) as f64 };
        let y_at = |v: f64| TOP + h - h * (v / top_value).clamp(0.0, 1.0);
        let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="28" text-anchor="middle" font-size="15">{}</text>"#,
            LEFT + w / 2.0,
            escape(&self.title)
        );
        // Horizontal grid lines and y ticks: five steps from 0 to the top value.
        for step in 0..=5 {
            let v = top_value * step as f64 / 5.0;
            let y = y_at(v);
            let _ = writeln!(
                s,
                r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}%</text>"##,
                LEFT + w,
                LEFT - 6.0,
                y + 4.0,
                trim_number(v * 100.0)
            );
        }
        // X ticks: at most about 12 labels.
        let every = n.div_ceil(12);
        for (i, label) in self.xs.iter().enumerate().filter(|(i, _)| i % every == 0) {
            let x = x_at(i);
            let _ = writeln!(
                s,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="black"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                TOP + h,
                TOP + h + 5.0,
                TOP + h + 20.0,
                escape(label)
            );
        }
        let _ = writeln!(
            s,
            r#"<polyline points="{LEFT},{TOP} {LEFT},{:.1} {:.1},{:.1}" fill="none" stroke="black"/>"#,
            TOP + h,
            LEFT + w,
            TOP + h
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            LEFT + w / 2.0,
            HEIGHT - 15.0,
            escape(&self.x_label)
        );
        let _ = writeln!(
            s,
            r#"<text transform="translate(18 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
            TOP + h / 2.0,
            escape(&self.y_label)
        );
        for (k, series) in self.series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let points: Vec<String> = series
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| format!("{:.1},{:.1}", x_at(i), y_at(v)))
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline class="series" points="{}" fill="none" stroke="{colour}" stroke-width="2"><title>{}</title></polyline>"#,
                points.join(" "),
                escape(&series.name)
            );
            let y = TOP + 10.0 + 20.0 * k as f64;
            let x = LEFT + w + 20.0;
            let _ = writeln!(
                s,
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="3"/><text x="{:.1}" y="{:.1}">{}</text>"#,
                x + 20.0,
                x + 26.0,
                y + 4.0,
                escape(&legend_name(&series.name))
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `v` (a share of 0 draws
/// against 10 %).
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 0.1;
    }
    let power = 10f64.powf(v.log10().floor());
    let top = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * power).find(|&t| t >= v - 1e-12);
    top.unwrap_or(10.0 * power).min(1.0)
}

/// A number without needless decimals: `20`, `2.5`.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A legend entry short enough for the space beside the plot.
fn legend_name(name: &str) -> String {
    if name.chars().count() <= 28 {
        return name.to_string();
    }
    let mut out: String = name.chars().take(27).collect();
    out.push('…');
    out
}

/// `text` safe inside an XML element or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 0.1);
        assert_eq!(nice_ceiling(0.33), 0.5);
        assert_eq!(nice_ceiling(0.2), 0.2);
        assert_eq!(nice_ceiling(0.9), 1.0);
        assert_eq!(nice_ceiling(0.012), 0.02);
    }

    #[test]
    fn one_polyline_per_series_and_text_escaped() {
        let chart = Chart {
            title: "\"a\" & <b>".into(),
            x_label: "year".into(),
            y_label: "share".into(),
            xs: vec!["2001".into(), "2002".into()],
            series: vec![
                Series { name: "x".into(), values: vec![0.1, 0.2] },
                Series { name: "y".into(), values: vec![0.0, 0.5] },
            ],
        };
        let svg = chart.svg();
        assert_eq!(svg.matches("class=\"series\"").count(), 2);
        assert!(svg.contains("&quot;a&quot; &amp; &lt;b&gt;"), "{svg}");
    }
}
